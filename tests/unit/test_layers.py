"""The layout's rules, read from every module's imports (docs/architecture.md).

Layers import downward only: ``text`` (pure functions) < ``storage`` < ``web``
(request plumbing) < the feature packages < ``cli`` and ``create_app``. A
feature's views never import another feature's views, and no import, at the
top of a module or inside a function, closes a circle.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "blogapp"
# Modules of these names sit below every feature; a higher rank may import a lower one.
LAYERS = {"config": 0, "extensions": 0, "text": 1, "storage": 2, "web": 3}
FEATURE_RANK = 4
# The composition root and the commands may import every layer and feature.
TOP = {"blogapp", "features", "cli"}
# The only third-party names the pure text layer may import: no Flask, no database.
NOT_IN_TEXT = ("flask", "flask_", "sqlalchemy", "werkzeug")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every blogapp module ``name`` imports, at module level or in a function; and third-party roots."""
    tree = ast.parse(path.read_text())
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                full = f"{target}.{alias.name}"
                found.add(full if full in known else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def area(module: str) -> str:
    """The top-level package (or module) of blogapp a module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "blogapp"


def rank(module: str) -> int:
    part = area(module)
    if part in TOP:
        return FEATURE_RANK + 1
    return LAYERS.get(part, FEATURE_RANK)


def is_view(module: str, path: Path) -> bool:
    return "Blueprint(" in path.read_text()


def layer_violations(imports: dict[str, set[str]]) -> list[str]:
    problems = []
    for module, targets in imports.items():
        for target in targets:
            if target.startswith("blogapp") and target in imports:
                if rank(target) > rank(module):
                    problems.append(f"{module} (a lower layer) imports {target}")
            elif area(module) == "text" and target.startswith(NOT_IN_TEXT):
                problems.append(f"{module} is a pure text module but imports {target}")
    return problems


def view_violations(imports: dict[str, set[str]], paths: dict[str, Path]) -> list[str]:
    problems = []
    for module, targets in imports.items():
        for target in targets:
            if target in paths and is_view(target, paths[target]) and area(target) != area(module) and area(module) not in TOP:
                problems.append(f"{module} imports another feature's views, {target}")
    return problems


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first walk (one per back edge)."""
    found, state, stack = [], {}, []

    def walk(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == "open":
                found.append(stack[stack.index(target):] + [target])
            elif target not in state:
                walk(target)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            walk(node)
    return found


def blogapp_edges(imports: dict[str, set[str]]) -> dict[str, set[str]]:
    # A package's __init__ imported by its own modules is a parent, not a dependency.
    return {m: {t for t in ts if t in imports and t != m and not m.startswith(t + ".")} for m, ts in imports.items()}


def feature_edges(imports: dict[str, set[str]]) -> dict[str, set[str]]:
    edges = defaultdict(set)
    for module, targets in blogapp_edges(imports).items():
        if rank(module) == FEATURE_RANK:
            edges[area(module)] |= {area(t) for t in targets if rank(t) == FEATURE_RANK and area(t) != area(module)}
    return edges


def test_lower_layers_import_no_feature_and_text_stays_pure():
    assert layer_violations(graph()) == []


def test_no_view_imports_another_features_views():
    assert view_violations(graph(), modules()) == []


def test_no_module_imports_close_a_circle():
    assert circles(blogapp_edges(graph())) == []


def test_feature_packages_depend_on_each_other_one_way_only():
    assert circles(feature_edges(graph())) == []


def test_the_top_of_blogapp_keeps_few_modules_of_its_own():
    own = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(own) <= 8, own


@pytest.mark.parametrize("broken, check", [
    ({"blogapp.web.errors": {"blogapp.blog.views"}, "blogapp.blog.views": set()}, "layers"),
    ({"blogapp.text.sanitize": {"flask"}}, "layers"),
    ({"blogapp.desk.views": {"blogapp.blog.views"}, "blogapp.blog.views": set()}, "views"),
    ({"blogapp.a.x": {"blogapp.a.y"}, "blogapp.a.y": {"blogapp.a.x"}}, "circles"),
    ({"blogapp.blog.cards": {"blogapp.comments.forms"}, "blogapp.comments.forms": {"blogapp.blog.cards"}}, "features"),
])
def test_each_rule_fails_when_it_is_broken(broken, check, tmp_path):
    """The checks above would catch a broken rule: each one, on a small made-up graph."""
    if check == "layers":
        assert layer_violations(broken)
    elif check == "views":
        view = tmp_path / "views.py"
        view.write_text("bp = Blueprint('blog', __name__)\n")
        other = tmp_path / "other.py"
        other.write_text("")
        assert view_violations(broken, {"blogapp.blog.views": view, "blogapp.desk.views": other})
    elif check == "circles":
        assert circles(blogapp_edges(broken))
    else:
        assert circles(feature_edges(broken))
