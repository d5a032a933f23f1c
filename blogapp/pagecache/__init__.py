"""The page cache: anonymous readers' pages, rendered once per content version.

``versions`` says which version of the content is current (a commit that
changes it is announced by storage/changes.py), ``store`` keeps rendered pages (per worker, or in
Redis), ``slots`` fills in each reader's own values, and ``shared`` serves
pages with ETag, Last-Modified and 304 answers.
"""
