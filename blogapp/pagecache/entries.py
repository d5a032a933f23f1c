"""A rendered page as the cache keeps it, and as Redis holds it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """A rendered page: the same bytes for every reader it is served to.

    ``version`` and ``seq`` say when it was rendered (the content version,
    and how many retirements that version had seen); ``tags`` what it shows
    (see ``tags.py``). A retirement of one of its tags after ``seq`` retires it.
    """

    version: str
    seq: int
    tags: tuple[str, ...]
    etag: str
    changed_at: float
    mimetype: str
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body)

    def dumps(self) -> bytes:
        """Two header lines and the body. The first line, "seq tag tag ...", is
        read by the Redis script that checks the page's tags (redispages.py);
        nothing is pickled, so a value read back can only ever be a page."""
        header = f"{self.seq} {' '.join(self.tags)}\n{self.version} {self.etag} {self.changed_at!r} {self.mimetype}\n"
        return header.encode() + self.body

    @classmethod
    def loads(cls, raw: bytes | None) -> Entry | None:
        if not raw:
            return None
        try:
            first, second, body = raw.split(b"\n", 2)
            seq, *tags = first.decode().split(" ")
            version, etag, changed_at, mimetype = second.decode().split(" ", 3)
            return cls(version, int(seq), tuple(tag for tag in tags if tag), etag, float(changed_at), mimetype, body)
        except ValueError:  # Not a page of ours (UnicodeDecodeError is a ValueError too).
            return None
