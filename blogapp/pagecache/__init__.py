"""The page cache: anonymous readers' pages, rendered once and kept until what they show changes.

``tags`` names what each page shows and what a committed change (announced
by storage/changes.py) retires; ``versions`` says which pages are still
current; ``store`` keeps rendered pages (``hostpages``: each worker's memory
and a file the host shares; ``redispages``: Redis) and retires them;
``clock`` finds what time alone changes; ``shared`` serves pages with ETag,
Last-Modified and 304 answers, ``fastpath`` answers hits before Flask, and
``answers`` says what every reader who shares a page gets: the same bytes,
with headers that let any HTTP cache in front keep them.
"""
