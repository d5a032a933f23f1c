"""Every third-party module blogapp imports is a dependency setup.cfg declares, with a range.

A module that arrives only as some other package's dependency works until that
package stops needing it; an unbounded requirement works until a major release
changes an API. The constraints file pins what CI tested; these ranges say what
blogapp supports.
"""

from __future__ import annotations

import ast
import configparser
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPOSITORY = Path(__file__).resolve().parents[2]
# What the wheel carries: the package, its migrations and gunicorn's settings.
SHIPPED = [*(REPOSITORY / "blogapp").rglob("*.py"), *(REPOSITORY / "migrations").rglob("*.py"),
           REPOSITORY / "gunicorn.conf.py"]
# Extras for developers; every other extra (postgres, redis, metrics...) is one an operator installs.
DEVELOPER_EXTRAS = {"test", "bench"}
CONSTRAINTS = REPOSITORY / "requirements" / "constraints.txt"


def imported_top_level_modules() -> dict[str, Path]:
    """Each absolute import's top-level name, in every shipped file (also inside functions)."""
    found: dict[str, Path] = {}
    for path in SHIPPED:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.partition(".")[0], path)
    return {name: path for name, path in found.items()
            if name not in sys.stdlib_module_names and name != "blogapp"}


def declared_requirements() -> dict[str, list[Requirement]]:
    """setup.cfg's install_requires (under "") and each extra's requirements."""
    config = configparser.ConfigParser()
    config.read(REPOSITORY / "setup.cfg")

    def parse(text: str) -> list[Requirement]:
        lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
        return [Requirement(line) for line in lines if line]

    groups = {"": parse(config["options"]["install_requires"])}
    groups.update({extra: parse(text) for extra, text in config["options.extras_require"].items()})
    return groups


def runtime_groups() -> list[str]:
    """install_requires ("") and the operators' extras."""
    return ["", *sorted(set(declared_requirements()) - DEVELOPER_EXTRAS - {""})]


def runtime_requirements() -> dict[str, Requirement]:
    groups = declared_requirements()
    return {canonicalize_name(requirement.name): requirement
            for group in runtime_groups() for requirement in groups[group]}


def test_every_imported_module_is_a_declared_dependency():
    declared = runtime_requirements()
    distributions = packages_distributions()
    missing = {}
    for module, path in imported_top_level_modules().items():
        names = {canonicalize_name(name) for name in distributions.get(module, [module])}
        if not names & declared.keys():
            missing[module] = str(path.relative_to(REPOSITORY))
    assert not missing, f"imported but not in setup.cfg's install_requires or {runtime_groups()[1:]}: {missing}"


@pytest.mark.parametrize("requirement", runtime_requirements().values(), ids=str)
def test_every_runtime_requirement_has_an_upper_bound(requirement):
    """A range, not a floor: ``<N``, ``==``, ``~=`` (a major release may break blogapp)."""
    assert any(spec.operator in {"<", "<=", "==", "~=", "==="} for spec in requirement.specifier), \
        f"{requirement} in setup.cfg has no upper bound"


def test_the_constraints_pin_every_declared_requirement_within_its_range():
    """requirements/constraints.txt (``make constraints``) agrees with setup.cfg.

    CI installs the test extra (``make install-test``), which must hold every
    operator's extra too, so that what ships is what was tested; the bench's is not pinned.
    """
    pins = {}
    for line in CONSTRAINTS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            requirement = Requirement(line)
            [spec] = requirement.specifier
            assert spec.operator == "==", f"{line}: constraints pin exact versions"
            pins[canonicalize_name(requirement.name)] = spec.version
    assert "blogapp" not in pins
    groups = declared_requirements()
    for group in [*runtime_groups(), "test"]:
        for requirement in groups[group]:
            name = canonicalize_name(requirement.name)
            assert name in pins, f"{requirement.name} is not pinned: run `make constraints`"
            assert requirement.specifier.contains(pins[name], prereleases=True), \
                f"{requirement.name}=={pins[name]} is outside setup.cfg's {requirement}: run `make constraints`"
