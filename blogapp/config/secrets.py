"""Secrets from files, and the conventional DATABASE_URL and REDIS_URL.

systemd's ``LoadCredential=`` and container secrets hand a service its
secrets as files (``$CREDENTIALS_DIRECTORY/secret_key``, ``/run/secrets/...``)
so they stay out of the environment, which every child process inherits and
``/proc`` shows. ``BLOGAPP_SECRET_KEY_FILE=/path`` (or ``SECRET_KEY_FILE`` in
instance/config.py) reads the value from that file; one final newline, as
editors and ``echo`` leave it, is dropped. A file that cannot be read or is
empty stops the start with the path and the reason, and so does giving a
value both directly and as a file: which one was meant is not for us to guess.

Platforms (Heroku, Render, Docker images' conventions) name the database and
Redis ``DATABASE_URL`` and ``REDIS_URL``; those count when the ``BLOGAPP_``
names for the same setting are unset. ``postgres://`` and ``postgresql://``
addresses are given SQLAlchemy's psycopg 3 driver name, the one blogapp ships.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .defaults import Defaults
from .production import refuse_to_start

# NAME_FILE (in the environment as BLOGAPP_NAME_FILE) -> the setting it fills.
SECRET_FILES = {
    "SECRET_KEY_FILE": "SECRET_KEY",
    "MAIL_PASSWORD_FILE": "MAIL_PASSWORD",
    "DATABASE_URL_FILE": "SQLALCHEMY_DATABASE_URI",
    "REDIS_URL_FILE": "REDIS_URL",
    "METRICS_TOKEN_FILE": "METRICS_TOKEN",
}
# Conventional variable -> (the setting it fills, the BLOGAPP_ variables that win over it).
CONVENTIONAL_VARIABLES = {
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", ("BLOGAPP_SQLALCHEMY_DATABASE_URI", "BLOGAPP_DATABASE_URL_FILE")),
    "REDIS_URL": ("REDIS_URL", ("BLOGAPP_REDIS_URL", "BLOGAPP_REDIS_URL_FILE")),
}
POSTGRES_SCHEMES = ("postgres://", "postgresql://")


def apply_conventional_variables(config: dict, environ: Mapping[str, str]) -> None:
    """DATABASE_URL and REDIS_URL, where no BLOGAPP_ variable names the same setting."""
    for variable, (setting, ours) in CONVENTIONAL_VARIABLES.items():
        value = environ.get(variable, "")
        if value and not any(name in environ for name in ours):
            config[setting] = value


def read_secret_file(file_setting: str, path: str) -> str:
    """The secret in ``path``, without its final newline.

    :raise RuntimeError: (``click.ClickException`` under ``flask``) when the
        file cannot be read or holds nothing.
    """
    try:
        value = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        refuse_to_start(f"{file_setting}: cannot read {path}: {reason}")
    value = value.removesuffix("\n").removesuffix("\r")
    if not value:
        refuse_to_start(f"{file_setting}: {path} is empty")
    return value


def apply_secret_files(config: dict) -> None:
    """Fill each setting whose NAME_FILE is given from that file.

    :raise RuntimeError: when the setting is also given directly, or the
        file cannot be read (see ``read_secret_file``).
    """
    for file_setting, setting in SECRET_FILES.items():
        path = config.get(file_setting)
        if not path:
            continue
        if config.get(setting) != getattr(Defaults, setting, None):
            refuse_to_start(
                f"both {setting} and {file_setting} are set: keep one (BLOGAPP_{file_setting} "
                f"names a file holding the value, e.g. from systemd's LoadCredential=)"
            )
        config[setting] = read_secret_file(file_setting, str(path))


def with_psycopg_driver(url: str) -> str:
    """``postgres://...`` and ``postgresql://...`` as ``postgresql+psycopg://...``."""
    for scheme in POSTGRES_SCHEMES:
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme):]
    return url
