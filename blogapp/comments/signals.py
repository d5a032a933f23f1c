"""What the comments feature announces, for whoever listens (the metrics, for one).

blinker signals, as Flask's own: sending one with no receiver costs next to
nothing, and the sender needs to know nothing of its receivers.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# A reader's comment (or a signed-in staff member's, through the article's
# form) was committed; ``status`` is the CommentStatus it was stored with.
comment_posted = _signals.signal("comment-posted")
