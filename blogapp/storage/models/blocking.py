"""Block lists kept in the database, and the bans that add to them.

A comment that matches a block entry goes straight to spam (comments/policy.py).
The lists used to be settings; the settings now only seed them, once per
value (``BlockSeed`` remembers which were seeded, so an entry a moderator
removed stays removed). A ban records every comment it moved and where
from, so lifting it puts each one back.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...extensions import db
from .columns import NEVER_REUSE_IDS, string_enum, utcnow
from .comments import CommentStatus


class BlockKind(enum.StrEnum):
    # A whole email address.
    EMAIL = "email"
    # "@example.org": every address at that domain.
    DOMAIN = "domain"
    # Part of a website or link address (usually a host name).
    HOST = "host"
    # Anywhere in the text, name, email or website.
    WORD = "word"
    # A keyed hash of the client's address (comments/privacy.py).
    CLIENT = "client"


class BlockEntry(db.Model):
    __tablename__ = "block_entries"
    __table_args__ = (UniqueConstraint("kind", "value"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[BlockKind] = mapped_column(string_enum(BlockKind))
    # Lower-case, as the policy compares it.
    value: Mapped[str] = mapped_column(String(254))
    # Where it came from: a setting, a moderator's page, a ban.
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The ban that added it: lifting the ban removes it.
    ban_id: Mapped[int | None] = mapped_column(ForeignKey("bans.id", ondelete="SET NULL"), index=True)

    def __repr__(self) -> str:
        return f"<BlockEntry {self.kind} {self.value!r}>"


class BlockSeed(db.Model):
    """A configured block-list value already copied into ``block_entries``."""

    __tablename__ = "block_seeds"

    kind: Mapped[BlockKind] = mapped_column(string_enum(BlockKind), primary_key=True)
    value: Mapped[str] = mapped_column(String(254), primary_key=True)


class Ban(db.Model):
    """A moderator banned the author of a comment: their email and client went on the list."""

    __tablename__ = "bans"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The comment the ban was made from (no foreign key: the ban outlives it).
    comment_id: Mapped[int | None]
    email: Mapped[str] = mapped_column(String(254), default="")
    client_hash: Mapped[str] = mapped_column(String(64), default="")
    username: Mapped[str] = mapped_column(String(80), default="")
    lifted_at: Mapped[datetime | None]

    moves: Mapped[list[BanMove]] = relationship(back_populates="ban", cascade="all, delete-orphan",
                                                passive_deletes=True)

    def __repr__(self) -> str:
        return f"<Ban {self.id} {self.email or self.client_hash}>"


class BanMove(db.Model):
    """One comment a ban sent to spam, and the status it had before."""

    __tablename__ = "ban_moves"

    ban_id: Mapped[int] = mapped_column(ForeignKey("bans.id", ondelete="CASCADE"), primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)
    previous_status: Mapped[CommentStatus] = mapped_column(string_enum(CommentStatus))

    ban: Mapped[Ban] = relationship(back_populates="moves")
