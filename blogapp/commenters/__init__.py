"""What the blog keeps about a commenter: export it, erase it, and keep it no longer than needed.

``records`` answers a commenter's request (by email address) across every
store that holds their data; ``retention`` is what ``flask purge`` removes.
"""
