"""``flask --app blogapp ...`` commands."""

from flask import Flask


def register(app: Flask) -> None:
    from .articles import articles
    from .backup import backup
    from .bench import bench
    from .check_config import check_config
    from .demo import demo
    from .search import search
    from .users import users
    from .wordpress import import_wordpress

    app.cli.add_command(articles)
    app.cli.add_command(backup)
    app.cli.add_command(bench)
    app.cli.add_command(check_config)
    app.cli.add_command(demo)
    app.cli.add_command(search)
    app.cli.add_command(users)
    app.cli.add_command(import_wordpress)
