"""Defaults for what an editor or an import may ask the server to do."""

from __future__ import annotations


class PublishingDefaults:
    """What an editor or an import may ask the server to do."""

    # --- What an editor or an import may ask the server to do ---
    # Article bodies, checked before any Markdown is parsed: at the desk (save
    # and preview), in `articles import` and in `import-wordpress`. A long read
    # of 10,000 words is about 60,000 characters and 500 lines, with tables of
    # a few dozen rows. Rendering and cleaning take about 0.25 ms a line (a
    # list item, a paragraph's line) and 0.75 ms a table row, so a body at
    # these limits costs a worker about 1 to 1.5 s.
    # The desk's form also stops at MAX_CONTENT_LENGTH (64 KiB) as a whole.
    ARTICLE_BODY_MAX_LENGTH = 200_000
    ARTICLE_BODY_MAX_LINES = 5_000
    ARTICLE_BODY_MAX_TABLE_ROWS = 1_000
    # `articles import`: bytes of front matter (between the "---" lines) YAML
    # may read; real front matter is well under 1 KiB. YAML aliases (*name)
    # are refused: front matter never needs them.
    IMPORT_FRONT_MATTER_MAX_BYTES = 16 * 1024
    # `import-wordpress`: the export's size, checked before it is parsed (an
    # export takes several times its size in memory while it is read), and
    # how many items (posts, pages, attachments) and comments it may hold.
    # Each post's content meets the ARTICLE_BODY_* limits; replies deeper than
    # COMMENT_THREAD_DEPTH join the deepest level, as the comment form does,
    # and comments that answer each other in a loop are refused.
    WORDPRESS_EXPORT_MAX_BYTES = 64 * 1024 * 1024
    WORDPRESS_EXPORT_MAX_ITEMS = 20_000
    WORDPRESS_EXPORT_MAX_COMMENTS = 200_000
