"""What gunicorn's master does once, with preload_app, before it forks the workers.

Each worker would otherwise load these for itself, into memory of its own:
the comment cleaner (bleach and its HTML parser), the email check, smtplib
for the moderators' mail, and every template, compiled. Loaded in the
master, they sit in pages every worker shares. Nothing here opens a file, a
database connection or a socket (tests/servers/test_preload.py checks the
master's open files).
"""

from __future__ import annotations

from flask import Flask


def load_ahead(app: Flask) -> None:
    """Import and build, in the master, what the first comment and the first page of each kind would."""
    import email_validator  # noqa: F401  (the comment form's email check)
    import smtplib  # noqa: F401  (comments/notify.py)

    from .text.sanitize import clean_comment

    clean_comment("<p>Built once, <a href='https://example.org'>in the master</a>.</p>")
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)
