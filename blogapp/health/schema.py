"""The migration head, read from the migration files without loading Alembic.

Alembic (with Mako and Pygments) costs a worker about 11 MB, and a worker
only needs to know which revision is the newest to answer ``/readyz``. Each
file in ``migrations/versions`` names its ``revision`` and ``down_revision``
as plain assignments; the heads are the revisions no other file revises.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path


def _assigned(tree: ast.Module, name: str):
    """The literal value assigned to ``name`` at the top of a module, or None."""
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if any(isinstance(t, ast.Name) and t.id == name for t in targets) and node.value is not None:
            return ast.literal_eval(node.value)
    return None


def _revised(value) -> set[str]:
    if value is None:
        return set()
    return {value} if isinstance(value, str) else set(value)


@lru_cache(maxsize=4)
def migration_heads(migrations_dir: str) -> frozenset[str]:
    """The head revisions of the migrations in ``migrations_dir`` (one, normally)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in Path(migrations_dir, "versions").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        revision = _assigned(tree, "revision")
        if revision:
            revisions.add(revision)
            revised |= _revised(_assigned(tree, "down_revision"))
    return frozenset(revisions - revised)
