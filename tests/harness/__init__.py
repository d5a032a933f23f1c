"""The verification harness: what every page and route is, and the hostile input to throw at them.

A new feature joins by adding its page to ``pages.PAGES`` and its routes to
``routes.ROUTES``; the checks (browser, accessibility, HTML validity, bad
input) then cover it without further work. A test fails when a route of the
app is missing from the table.
"""
