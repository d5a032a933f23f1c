"""Defaults for readers' comments: the form and the moderation rules."""

from __future__ import annotations


class CommentDefaults:
    """Readers' comments: the form, the moderation rules, threads and the queue."""

    # Whether commenters must give an email address (it is never shown).
    COMMENT_EMAIL_REQUIRED = True
    COMMENT_MAX_LENGTH = 5000
    # How long after posting the author may edit a comment from its private page.
    COMMENT_EDIT_MINUTES = 15
    # How many of a reader's own pending comments their session remembers.
    PENDING_COMMENTS_REMEMBERED = 20

    # --- Moderation rules (see blogapp/comments/policy.py) ---
    # Hold a comment for a moderator when it has more links than this.
    COMMENT_MAX_LINKS = 2
    # Hold when any of these appear (case-insensitive) in the text, name,
    # email or website.
    COMMENT_MODERATION_WORDS: list[str] = []
    # Straight to spam: words (anywhere), email addresses (or "@domain"),
    # URLs or host names (website or links), client hashes (from the queue).
    # These only seed the block lists, which live in the database and are
    # edited at /moderation/blocklist/: each value is copied in once.
    COMMENT_BLOCKED_WORDS: list[str] = []
    COMMENT_BLOCKED_EMAILS: list[str] = []
    COMMENT_BLOCKED_URLS: list[str] = []
    COMMENT_BLOCKED_CLIENTS: list[str] = []
    # A form sent sooner than this many seconds after the page was rendered
    # is a bot's; 0 turns the rule off.
    COMMENT_MIN_SECONDS = 3
    # A comment sent without the Origin or Sec-Fetch-Site header, which every
    # current browser sends with a form, is a script's: straight to spam.
    COMMENT_BROWSERS_ONLY = True
    # Approve at once when the email address already has an approved comment.
    COMMENT_AUTO_APPROVE_KNOWN_AUTHORS = False
    # Comments accepted per client address (Flask-Limiter notation).
    COMMENT_RATE_LIMIT = "5 per minute"
    # Readers' "Report" button: this many reports (one per reader) send a
    # published comment back to pending for a moderator.
    COMMENT_REPORTS_TO_HIDE = 3
    # Reports accepted per client address (Flask-Limiter notation).
    COMMENT_REPORT_RATE_LIMIT = "10 per hour"
    # Close comments on articles published more than N days ago; 0 = never
    # (a category may set its own at the desk).
    COMMENTS_CLOSE_AFTER_DAYS = 0
    # How deep replies nest on the page; deeper replies join the deepest level.
    COMMENT_THREAD_DEPTH = 3
    # An article's comments are shown this many threads (a comment with its
    # replies) to a page, oldest first, with links to the other pages.
    COMMENT_THREADS_PER_PAGE = 50
    COMMENTS_PER_QUEUE_PAGE = 20
    AUDIT_ENTRIES_PER_PAGE = 50
