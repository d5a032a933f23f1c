"""``flask --app blogapp ...`` commands.

Each command's module is imported when that command runs, not when the app
is created: a serving worker never runs one, and their libraries (Alembic
through Flask-Migrate, python-frontmatter, defusedxml, the bench's word
list) would cost every gunicorn worker memory for nothing.
"""

from __future__ import annotations

from functools import cached_property
from importlib import import_module

import click
from flask import Flask

# Command name -> "module:attribute" of its click command.
COMMANDS = {
    "articles": "blogapp.cli.articles:articles",
    "backup": "blogapp.cli.backup:backup",
    "bench": "blogapp.cli.bench:bench",
    "check-config": "blogapp.cli.check_config:check_config",
    "commenters": "blogapp.cli.commenters:commenters",
    # Flask-Migrate's group; app.extensions["migrate"] is set by blogapp.storage.migrations.
    "db": "flask_migrate.cli:db",
    "demo": "blogapp.cli.demo:demo",
    "import-wordpress": "blogapp.cli.wordpress:import_wordpress",
    "purge": "blogapp.cli.commenters:purge",
    "outbox": "blogapp.cli.outbox:outbox",
    "search": "blogapp.cli.search:search",
    "spam": "blogapp.cli.spam:spam",
    "users": "blogapp.cli.users:users",
}


class LazyCommand(click.Command):
    """Stands for a command until click parses its arguments or shows its help."""

    def __init__(self, name: str, target: str):
        super().__init__(name)
        self.target = target

    @cached_property
    def command(self) -> click.Command:
        module, attribute = self.target.split(":")
        return getattr(import_module(module), attribute)

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        # click then runs ctx.command, the real command (or group).
        return self.command.make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: click.Context):
        return self.command.invoke(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.command.get_short_help_str(limit)


def install(app: Flask) -> None:
    for name, target in COMMANDS.items():
        app.cli.add_command(LazyCommand(name, target))
