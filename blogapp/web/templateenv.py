"""The Jinja environment pages are rendered with: Flask's, with globals that compare quickly.

Each ``{% from "_macros.html" import ... %}`` makes Jinja compare the
rendering page's globals with the macro file's (``_get_default_module``),
key by key through a ``collections.ChainMap``: 15 to 25 µs for blogapp's
twenty-odd globals, paid per import on every page. Here a template's globals
are the same ChainMap, but ``keys()`` answers with a plain dict view, so the
comparison is one set operation in C. (pallets/jinja#2185 is about the same
ChainMap cost where a render starts.)
"""

from __future__ import annotations

from collections import ChainMap
from typing import Any, KeysView, MutableMapping

from flask.templating import Environment


class TemplateGlobals(ChainMap):
    """A template's own globals over the environment's, as in Jinja."""

    def keys(self) -> KeysView[str]:
        merged: dict[str, Any] = {}
        for mapping in reversed(self.maps):
            merged.update(mapping)
        return merged.keys()


class TemplateEnvironment(Environment):
    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return TemplateGlobals({} if d is None else d, self.globals)
