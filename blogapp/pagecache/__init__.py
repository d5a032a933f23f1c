"""The page cache: anonymous readers' pages, rendered once per content version.

``versions`` says which version of the content is current, ``changes``
notices when it changes, ``store`` keeps rendered pages (per worker, or in
Redis), ``slots`` fills in each reader's own values, and ``shared`` serves
pages with ETag, Last-Modified and 304 answers.
"""
