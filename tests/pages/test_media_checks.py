"""flask check-config looks at the media settings: limits, widths, and a folder it can write."""

from __future__ import annotations

import os

import pytest

from blogapp import create_app

from conftest import make_test_config

READY = {"DEVELOPMENT": False, "SECRET_KEY": "9c1e4b7f0a2d5e8c3b6f9a1d4e7c0b3a6d9f2e5c8b1a4d7e0f3c6b9a2d5e8f1c",
         "CANONICAL_URL": "https://blog.example.org", "SESSION_COOKIE_SECURE": True}


def media_line(database_url: str, **config) -> str:
    app = create_app(make_test_config(database_url, **{**READY, **config}))
    with app.app_context():
        output = app.test_cli_runner().invoke(args=["check-config"]).output
    return next(line for line in output.splitlines() if " media:" in line)


def test_the_media_folder_and_limit_are_named(migrated_database, tmp_path):
    line = media_line(migrated_database, MEDIA_DIR=str(tmp_path / "media"))
    assert line.startswith("ok") and f"images up to 10 MiB are kept in {tmp_path / 'media'}, 3 widths each" in line


@pytest.mark.parametrize("config, expected", [
    ({"MEDIA_MAX_BYTES": "10MB"}, "MEDIA_MAX_BYTES is '10MB'"),
    ({"MEDIA_MAX_PIXELS": 500_000_000}, "MEDIA_MAX_PIXELS is 500000000"),
    ({"MEDIA_WIDTHS": []}, "MEDIA_WIDTHS is []"),
    ({"MEDIA_QUALITY": 100}, "MEDIA_QUALITY is 100"),
])
def test_bad_media_settings_are_problems(migrated_database, tmp_path, config, expected):
    line = media_line(migrated_database, MEDIA_DIR=str(tmp_path), **config)
    assert line.startswith("PROBLEM") and expected in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere: the permission check cannot fail here")
def test_a_folder_it_cannot_write_is_a_problem(migrated_database, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        line = media_line(migrated_database, MEDIA_DIR=str(locked / "media"))
    finally:
        locked.chmod(0o700)
    assert line.startswith("PROBLEM") and "cannot be written" in line
