"""Where settings come from, and the rules for the secret key and the public address."""

import pytest

from blogapp import create_app


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """An empty instance folder, and no BLOGAPP_ settings from the environment."""
    monkeypatch.setenv("BLOGAPP_INSTANCE_PATH", str(tmp_path))
    for name in ("BLOGAPP_SECRET_KEY", "BLOGAPP_DEVELOPMENT", "BLOGAPP_SITE_NAME", "BLOGAPP_ALLOWED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    # A deployment names its public address (the tests below that need none remove it).
    monkeypatch.setenv("BLOGAPP_CANONICAL_URL", "https://blog.example.org")
    return tmp_path


def sqlite_in(folder) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/c.sqlite3"}


def test_production_refuses_to_start_without_a_secret_key(instance):
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set: set BLOGAPP_SECRET_KEY"):
        create_app(sqlite_in(instance))


@pytest.mark.parametrize("address", ["", "blog.example.org", "ftp://blog.example.org"])
def test_production_refuses_to_start_without_a_canonical_url(instance, monkeypatch, address):
    monkeypatch.setenv("BLOGAPP_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("BLOGAPP_CANONICAL_URL", address)
    with pytest.raises(RuntimeError, match="set BLOGAPP_CANONICAL_URL") as refused:
        create_app(sqlite_in(instance))
    assert ("CANONICAL_URL is not set" if not address else "is not an http(s) address") in str(refused.value)


def test_development_needs_no_canonical_url(instance, monkeypatch):
    monkeypatch.setenv("BLOGAPP_DEVELOPMENT", "true")
    monkeypatch.delenv("BLOGAPP_CANONICAL_URL")
    assert create_app(sqlite_in(instance)).config["CANONICAL_URL"] == ""


def test_development_generates_a_secret_key_once(instance, monkeypatch):
    monkeypatch.setenv("BLOGAPP_DEVELOPMENT", "true")
    first = create_app(sqlite_in(instance)).config["SECRET_KEY"]
    second = create_app(sqlite_in(instance)).config["SECRET_KEY"]
    assert len(first) >= 32
    assert first == second, "sessions must survive a restart"
    assert (instance / "secret_key").read_text() == first
    assert (instance / "secret_key").stat().st_mode & 0o077 == 0, "only the owner may read the key"


def test_instance_config_overrides_defaults_and_environment_overrides_both(instance, monkeypatch):
    (instance / "config.py").write_text('SECRET_KEY = "from-instance"\nSITE_NAME = "Instance Blog"\nARTICLES_PER_PAGE = 3\n')
    app = create_app(sqlite_in(instance))
    assert app.config["SECRET_KEY"] == "from-instance"
    assert app.config["SITE_NAME"] == "Instance Blog"

    monkeypatch.setenv("BLOGAPP_SITE_NAME", "Env Blog")
    monkeypatch.setenv("BLOGAPP_ARTICLES_PER_PAGE", "7")
    app = create_app(sqlite_in(instance))
    assert app.config["SITE_NAME"] == "Env Blog"
    assert app.config["ARTICLES_PER_PAGE"] == 7, "numbers from the environment are read as numbers"


def test_default_database_is_sqlite_in_the_instance_folder(instance, monkeypatch):
    monkeypatch.setenv("BLOGAPP_SECRET_KEY", "x" * 40)
    monkeypatch.delenv("BLOGAPP_SQLALCHEMY_DATABASE_URI", raising=False)
    app = create_app()
    with app.app_context():
        from blogapp.extensions import db

        assert db.engine.url.database == str(instance / "blogapp.sqlite3")
