"""The page cache: anonymous readers' pages, rendered once per content version.

``versions`` says which version of the content is current (a commit that
changes it is announced by storage/changes.py), ``store`` keeps rendered pages (per worker, or in
Redis), ``shared`` serves pages with ETag, Last-Modified and 304 answers,
and ``answers`` says what every reader who shares a page gets: the same
bytes, with headers that let any HTTP cache in front keep them.
"""
