"""Staff sign-in: sessions, the login form and role checks."""
