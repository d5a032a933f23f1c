"""The block lists, as the comment policy reads them: from the database, at every decision.

Read per decision (one small statement, only when a comment is posted or
edited), an edit on the moderators' page counts at once in every worker and
on every host, with no cache to retire. The old settings
(``COMMENT_BLOCKED_*``) seed the lists: each configured value is copied in
once (``block_seeds`` remembers it), the first time an app reads the lists,
so a value added to the settings later arrives too, and an entry a
moderator removed is not brought back.
"""

from __future__ import annotations

from collections import defaultdict

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..storage.models import BlockEntry, BlockKind, BlockSeed
from ..storage.upserts import insert_new_rows

# Setting -> the kind of its values ("@domain" values of the emails setting are domains).
SEEDING_SETTINGS = {
    "COMMENT_BLOCKED_EMAILS": BlockKind.EMAIL,
    "COMMENT_BLOCKED_URLS": BlockKind.HOST,
    "COMMENT_BLOCKED_WORDS": BlockKind.WORD,
    "COMMENT_BLOCKED_CLIENTS": BlockKind.CLIENT,
}
SEEDED = "blogapp.block_lists_seeded"


def normal_entry(kind: BlockKind, value: str) -> tuple[BlockKind, str]:
    """The entry as it is stored and compared: trimmed, lower-case; a domain starts with '@'."""
    value = value.strip().lower()
    if kind == BlockKind.EMAIL and value.startswith("@"):
        kind = BlockKind.DOMAIN
    if kind == BlockKind.DOMAIN and not value.startswith("@"):
        value = "@" + value
    return kind, value


def configured_entries(config) -> set[tuple[BlockKind, str]]:
    entries = set()
    for key, kind in SEEDING_SETTINGS.items():
        entries.update(normal_entry(kind, value) for value in config.get(key, ()) if value.strip())
    return entries


def seed_from_config() -> None:
    """Copy configured values never seeded before into the lists.

    In the caller's transaction; until a check finds every value seeded
    (committed), each decision checks again: a post that is rolled back
    takes its seeds with it.
    """
    app = current_app._get_current_object()
    if app.extensions.get(SEEDED):
        return
    seeded = {(BlockKind(kind), value) for kind, value in db.session.execute(select(BlockSeed.kind, BlockSeed.value))}
    missing = configured_entries(app.config) - seeded
    if not missing:
        app.extensions[SEEDED] = True
        return
    new = insert_new_rows(BlockSeed, [{"kind": kind.value, "value": value} for kind, value in sorted(missing)])
    if new:
        entries = [{"kind": BlockKind(kind).value, "value": value, "note": "from the settings"} for kind, value in new]
        insert_new_rows(BlockEntry, entries)


def blocked_lists() -> dict[str, tuple[str, ...]]:
    """The lists as ``policy.Rules`` fields, read now."""
    seed_from_config()
    found: dict[BlockKind, list[str]] = defaultdict(list)
    for kind, value in db.session.execute(select(BlockEntry.kind, BlockEntry.value).order_by(BlockEntry.id)):
        found[kind].append(value)
    return {
        "blocked_emails": (*found[BlockKind.EMAIL], *found[BlockKind.DOMAIN]),
        "blocked_urls": tuple(found[BlockKind.HOST]),
        "blocked_words": tuple(found[BlockKind.WORD]),
        "blocked_clients": tuple(found[BlockKind.CLIENT]),
    }


def find_entry(kind: BlockKind, value: str) -> BlockEntry | None:
    kind, value = normal_entry(kind, value)
    return db.session.scalar(select(BlockEntry).where(BlockEntry.kind == kind, BlockEntry.value == value))
