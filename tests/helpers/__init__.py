"""What tests share besides fixtures: accounts and sign-in, data factories, servers, statement counts."""
