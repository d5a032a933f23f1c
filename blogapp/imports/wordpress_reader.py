"""Reading a WordPress export (WXR: RSS 2.0 with WordPress's own elements).

defusedxml refuses entity tricks (billion laughs, external entities) that a
real export never contains. Everything is read and checked before anything is
saved, so a broken file changes nothing.

Titles, names and addresses are one line here; WordPress lets them hold line
breaks (a title typed with Shift+Enter), which are folded to a space rather
than refusing an export nobody can easily edit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse

from ..storage.models import ArticleStatus, CommentStatus
from ..text.markdown import BodyLimits, BodyTooLarge, check_body_size
from ..text.plaintext import fold_line_breaks
from .wordpress_threads import ReplyLoop, shown_parents

CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
# WordPress has written versions 1.0 to 1.2 of its namespace.
WP_NAMESPACES = [f"{{http://wordpress.org/export/1.{minor}/}}" for minor in (2, 1, 0)]
NO_DATE = "0000-00-00 00:00:00"
POST_STATUS = {"publish": ArticleStatus.PUBLISHED, "future": ArticleStatus.PUBLISHED,
               "draft": ArticleStatus.DRAFT, "pending": ArticleStatus.DRAFT, "private": ArticleStatus.DRAFT}
COMMENT_STATUS = {"1": CommentStatus.APPROVED, "0": CommentStatus.PENDING}


class ExportProblem(Exception):
    """The export cannot be imported; the message says why."""


@dataclass(frozen=True)
class ExportLimits:
    """What an export may hold; see WORDPRESS_EXPORT_* in config/publishing.py."""

    max_bytes: int
    max_items: int
    max_comments: int
    thread_depth: int
    body: BodyLimits

    @classmethod
    def from_config(cls, config) -> ExportLimits:
        return cls(config["WORDPRESS_EXPORT_MAX_BYTES"], config["WORDPRESS_EXPORT_MAX_ITEMS"],
                   config["WORDPRESS_EXPORT_MAX_COMMENTS"], config["COMMENT_THREAD_DEPTH"],
                   BodyLimits.from_config(config))


@dataclass
class ExportComment:
    wp_id: str
    # The comment it hangs from here: the one it answers, or the ancestor at
    # the deepest level shown (see threads.py).
    parent_wp_id: str
    author: str
    email: str
    url: str
    date: datetime
    content: str
    status: CommentStatus


@dataclass
class ExportPost:
    title: str
    slug: str
    status: ArticleStatus
    published_at: datetime | None
    category: tuple[str, str]  # (slug, name) as WordPress wrote them
    excerpt: str
    content: str
    comments_open: bool
    comments: list[ExportComment] = field(default_factory=list)


@dataclass
class Export:
    categories: list[tuple[str, str, str]]  # (slug, name, description)
    posts: list[ExportPost]
    skipped: Counter = field(default_factory=Counter)


def read_export(path: Path, limits: ExportLimits) -> Export:
    """Parse and check a whole export.

    :raise ExportProblem: when the file is unreadable, not XML, not a WordPress
        export, or over ``limits``.
    """
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ExportProblem(f"cannot read {path}: {error.strerror or error}") from None
    if size > limits.max_bytes:
        raise ExportProblem(f"{path} is {size:,} bytes; at most {limits.max_bytes:,} are read (WORDPRESS_EXPORT_MAX_BYTES)")
    try:
        root = parse(str(path)).getroot()
    except OSError as error:
        raise ExportProblem(f"cannot read {path}: {error.strerror or error}") from None
    except ParseError as error:
        line, column = error.position
        raise ExportProblem(f"{path} is not well-formed XML (line {line}, column {column + 1})") from None
    except DefusedXmlException:
        raise ExportProblem(f"{path} declares a DTD or entities, which WordPress exports never do; refusing it") from None
    channel = root.find("channel")
    wp = _wp_namespace(channel)
    if root.tag != "rss" or channel is None or wp is None:
        raise ExportProblem(f"{path} is not a WordPress export (expected <rss><channel> with wp: elements)")
    items = channel.findall("item")
    if len(items) > limits.max_items:
        raise ExportProblem(f"{path} has {len(items):,} items; at most {limits.max_items:,} are imported (WORDPRESS_EXPORT_MAX_ITEMS)")
    export = Export(categories=[_category(c, wp) for c in channel.iterfind(f"{wp}category")], posts=[])
    for item in items:
        post_type, status = _text(item, f"{wp}post_type"), _text(item, f"{wp}status")
        if post_type != "post" or status not in POST_STATUS:
            export.skipped[f"{post_type or 'item'} ({status or 'no status'})"] += 1
            continue
        export.posts.append(_post(item, wp, export.skipped))
    _check_posts(path, export.posts, limits)
    return export


def _check_posts(path: Path, posts: list[ExportPost], limits: ExportLimits) -> None:
    """Bodies within their limits, comments within theirs, threads without loops."""
    comments = sum(len(post.comments) for post in posts)
    if comments > limits.max_comments:
        raise ExportProblem(f"{path} has {comments:,} comments; at most {limits.max_comments:,} are imported "
                            "(WORDPRESS_EXPORT_MAX_COMMENTS)")
    for post in posts:
        try:
            check_body_size(post.content, limits.body)
        except BodyTooLarge as problem:
            raise ExportProblem(f"{path}: “{post.title}”: {problem.message} (line {problem.line:,} of its content)") from None
        _thread(path, post, limits.thread_depth)


def _thread(path: Path, post: ExportPost, max_depth: int) -> None:
    """Point each comment at the one it is shown under, at most ``max_depth`` deep."""
    twice = sorted(wp_id for wp_id, times in Counter(c.wp_id for c in post.comments).items() if times > 1)
    if twice:
        raise ExportProblem(f"{path}: “{post.title}” has more than one comment with id {', '.join(twice)}")
    parents = {c.wp_id: c.parent_wp_id for c in post.comments}
    try:
        shown = shown_parents(parents, max_depth)
    except ReplyLoop as loop:
        raise ExportProblem(f"{path}: comments {', '.join(loop.ids)} on “{post.title}” answer each other "
                            "in a loop (wp:comment_parent)") from None
    for comment in post.comments:
        comment.parent_wp_id = shown[comment.wp_id] or ""


def _wp_namespace(channel: Element | None) -> str | None:
    if channel is None:
        return None
    tags = {child.tag for child in channel.iter()}
    return next((ns for ns in WP_NAMESPACES if any(t.startswith(ns) for t in tags)), None)


def _text(element: Element, tag: str) -> str:
    return (element.findtext(tag) or "").strip()


def _line(element: Element, tag: str) -> str:
    """A one-line field: a title, a name, an address."""
    return fold_line_breaks(_text(element, tag))


def _date(item: Element, wp: str, name: str, title: str) -> datetime | None:
    """A WordPress date, in UTC when it has one (``..._gmt``), else as written."""
    for tag in (f"{wp}{name}_gmt", f"{wp}{name}"):
        value = _text(item, tag)
        if value and value != NO_DATE:
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                raise ExportProblem(f"“{title}”: {tag.split('}')[1]} '{value}' is not a date") from None
    return None


def _category(element: Element, wp: str) -> tuple[str, str, str]:
    return (_text(element, f"{wp}category_nicename"), _line(element, f"{wp}cat_name"),
            _text(element, f"{wp}category_description"))


def _post(item: Element, wp: str, skipped: Counter) -> ExportPost:
    title = _line(item, "title") or "Untitled"
    status = _text(item, f"{wp}status")
    category = next(((c.get("nicename", ""), fold_line_breaks((c.text or "").strip()))
                     for c in item.iterfind("category") if c.get("domain") == "category"), ("", ""))
    post = ExportPost(
        title=title,
        slug=_text(item, f"{wp}post_name"),
        status=POST_STATUS[status],
        published_at=_date(item, wp, "post_date", title) if status in ("publish", "future") else None,
        category=category,
        excerpt=(item.findtext(f"{wp[:-1]}excerpt/}}encoded") or "").strip(),
        content=item.findtext(f"{CONTENT}encoded") or "",
        comments_open=_text(item, f"{wp}comment_status") != "closed",
    )
    if post.status == ArticleStatus.PUBLISHED and post.published_at is None:
        raise ExportProblem(f"“{title}” is published but has no date")
    for element in item.iterfind(f"{wp}comment"):
        comment = _comment(element, wp, title)
        if comment is None:
            skipped["comment (spam, trash or pingback)"] += 1
        else:
            post.comments.append(comment)
    return post


def _comment(element: Element, wp: str, title: str) -> ExportComment | None:
    status = COMMENT_STATUS.get(_text(element, f"{wp}comment_approved"))
    if status is None or _text(element, f"{wp}comment_type") not in ("", "comment"):
        return None
    date = _date(element, wp, "comment_date", title)
    if date is None:
        raise ExportProblem(f"a comment on “{title}” has no date")
    return ExportComment(
        wp_id=_text(element, f"{wp}comment_id"),
        parent_wp_id=_text(element, f"{wp}comment_parent"),
        author=_line(element, f"{wp}comment_author") or "Anonymous",
        email=_line(element, f"{wp}comment_author_email"),
        url=_line(element, f"{wp}comment_author_url"),
        date=date,
        content=element.findtext(f"{wp}comment_content") or "",
        status=status,
    )
