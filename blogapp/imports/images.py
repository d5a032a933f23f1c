"""Images in imported bodies: brought into the media library from ``--media-dir``, or removed.

An imported body names images on the old site (``https://old.example.org/
wp-content/uploads/2020/01/x.jpg``, ``/images/x.png``, ``x.png``). Kept as they
are, every reader's browser would ask that site for them. With a copy of the
old site's uploads (``--media-dir DIR``), each is looked up there by the end
of its path (``2020/01/x.jpg``, then ``01/x.jpg``, then ``x.jpg``; WordPress's
resized copies ``x-300x200.jpg`` also by their original's name), checked and
re-encoded like an upload, and the body points at the library's copy. An
image that is not there, or not an image, is a problem that stops the whole
import. Without ``--media-dir`` they are removed, and each is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from markupsafe import escape

from ..extensions import db
from ..media.library import add_processed
from ..media.processing import NotAnImage, Processed, Rules, process_image
from ..text.images import MEDIA_FILE, MEDIA_REFERENCE

_MARKDOWN_IMAGE = re.compile(
    r"!\[(?P<alt>[^\]\n]*)\]\(\s*(?P<src><[^>\n]*>|[^\s)]+)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = r"""\b{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"""
_RESIZED = re.compile(r"^(?P<stem>.+)-\d+x\d+(?P<suffix>\.\w+)$")


@dataclass(frozen=True)
class FoundImage:
    line: int
    start: int
    end: int
    source: str
    alt: str
    html: bool


def _attribute(tag: str, name: str) -> str:
    match = re.search(_ATTRIBUTE.format(name=name), tag, re.IGNORECASE)
    return next((group for group in match.groups() if group is not None), "") if match else ""


def _from_elsewhere(source: str) -> bool:
    source = source.strip()
    return bool(source) and not MEDIA_REFERENCE.match(source) and not MEDIA_FILE.search(source)


def found_images(body: str) -> list[FoundImage]:
    """Every image of ``body`` that is not the library's, in order."""
    found = [FoundImage(0, m.start(), m.end(), m.group("src").strip("<>"), m.group("alt"), False)
             for m in _MARKDOWN_IMAGE.finditer(body)]
    found += [FoundImage(0, m.start(), m.end(), _attribute(m.group(0), "src"), _attribute(m.group(0), "alt"), True)
              for m in _HTML_IMAGE.finditer(body)]
    found = [f for f in sorted(found, key=lambda f: f.start) if _from_elsewhere(f.source)]
    return [FoundImage(body.count("\n", 0, f.start) + 1, f.start, f.end, f.source, f.alt, f.html) for f in found]


def _candidates(source: str) -> Iterator[PurePosixPath]:
    """Where in a copy of the old site's uploads an image's address may point, longest path first."""
    parts = [part for part in PurePosixPath(unquote(urlsplit(source).path)).parts if part not in ("/", "", ".", "..")]
    for start in range(len(parts)):
        path = PurePosixPath(*parts[start:])
        yield path
        resized = _RESIZED.match(path.name)
        if resized:
            yield path.with_name(resized["stem"] + resized["suffix"])


def locate(media_dir: Path, source: str) -> Path | None:
    """The file in ``media_dir`` an image's address names, if there is one (never outside it)."""
    root = media_dir.resolve()
    for candidate in _candidates(source):
        path = (root / candidate).resolve()
        if path.is_relative_to(root) and path.is_file():
            return path
    return None


@dataclass
class ImageImport:
    """A batch's images: every one found and checked before anything is written."""

    media_dir: Path | None
    rules: Rules
    problems: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    processed: dict[Path, Processed] = field(default_factory=dict)
    alts: dict[Path, str] = field(default_factory=dict)

    def check(self, where: str, body: str, first_line: int = 1) -> None:
        """Find ``body``'s images and process those found.

        ``where``: the file or post, with ``{line}`` where the line goes, for messages.
        """
        for image in found_images(body):
            line = where.format(line=first_line + image.line - 1)
            if self.media_dir is None:
                self.removed.append(f"{line}: removed the image {image.source}")
                continue
            path = locate(self.media_dir, image.source)
            if path is None:
                self.problems.append(f"{line}: the image {image.source} is not in {self.media_dir}")
            elif path not in self.processed:
                self._process(line, image, path)

    def _process(self, line: str, image: FoundImage, path: Path) -> None:
        try:
            self.processed[path] = process_image(path.read_bytes(), self.rules)
        except (NotAnImage, OSError) as problem:
            self.problems.append(f"{line}: the image {image.source} ({path}) cannot be imported: {problem}")
            return
        self.alts[path] = image.alt.strip() or path.stem.replace("-", " ").replace("_", " ")

    def store(self) -> dict[Path, int]:
        """Keep every processed image (files now, rows with the caller's commit); their ids."""
        added = {path: add_processed(processed, self.alts[path], None).image for path, processed in self.processed.items()}
        db.session.flush()
        return {path: image.id for path, image in added.items()}

    def rewrite(self, body: str, ids: dict[Path, int]) -> str:
        """``body`` with each image pointing at the library's copy, or removed."""
        pieces, position = [], 0
        for image in found_images(body):
            pieces.append(body[position:image.start])
            path = locate(self.media_dir, image.source) if self.media_dir else None
            if path in ids:
                alt = image.alt.strip() or self.alts[path]
                pieces.append(f'<img src="media:{ids[path]}" alt="{escape(alt)}">' if image.html
                              else f"![{alt}](media:{ids[path]})")
            position = image.end
        pieces.append(body[position:])
        return "".join(pieces)
