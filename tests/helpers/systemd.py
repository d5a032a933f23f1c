"""The systemd units shipped in deploy/systemd/, read as systemd reads them (enough for tests).

    settings = unit_settings("blogapp.service")
    settings["ExecStart"]        # ['/srv/blogapp/venv/bin/gunicorn ...'] (a key may repeat)
    command("blogapp-backup.service", "ExecStart", {"/srv/blogapp/venv": sys.prefix})
"""

from __future__ import annotations

import shlex
from collections import defaultdict

from .servers import REPOSITORY

UNITS = REPOSITORY / "deploy" / "systemd"


def unit_settings(name: str) -> dict[str, list[str]]:
    """Every ``Key=value`` of the unit, in order, whatever its section (comments skipped)."""
    settings: dict[str, list[str]] = defaultdict(list)
    for line in (UNITS / name).read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            settings[key.strip()].append(value.strip())
    return dict(settings)


def unit_environment(name: str) -> dict[str, str]:
    """The variables the unit's ``Environment=`` lines set."""
    return dict(value.partition("=")[::2] for value in unit_settings(name).get("Environment", []))


def command(name: str, key: str, paths: dict[str, str]) -> list[str]:
    """The unit's one ``key`` command line as argv, with the deployment's paths replaced by ``paths``."""
    [line] = unit_settings(name)[key]
    for deployed, here in paths.items():
        line = line.replace(deployed, here)
    return shlex.split(line)
