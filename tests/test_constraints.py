"""Installs are reproducible: requirements/constraints.txt pins every dependency that
pyproject.toml names (base and every extra), and CI, the build and the README use it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
REFRESH = "requirements/refresh"
# `pip install -e .`, `pip install -q -e '.[test]'`, `pip install '.[build]'`: the project.
PROJECT_INSTALL = re.compile(r"pip install\b.*?(?:\s|')\.(?:\[[^\]]*\])?(?:'|\s|$)")


def _pins() -> dict[str, list[tuple[str, Marker | None]]]:
    pins: dict[str, list[tuple[str, Marker | None]]] = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        req = Requirement(line.strip())
        (spec,) = req.specifier
        assert spec.operator == "==", f"not an exact pin: {line}"
        pins.setdefault(canonicalize_name(req.name), []).append((spec.version, req.marker))
    return pins


def _declared() -> list[tuple[str, Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    out = [("dependencies", Requirement(r)) for r in project["dependencies"]]
    for extra, reqs in project.get("optional-dependencies", {}).items():
        out += [(f"extra {extra}", Requirement(r)) for r in reqs]
    return out


def test_every_declared_dependency_is_pinned_within_its_range():
    """Each pyproject requirement has a pin, and the pin is a version it accepts."""
    pins, problems = _pins(), []
    for where, req in _declared():
        if canonicalize_name(req.name) == "passport-kiosk":
            continue            # an extra that names another extra (test takes central)
        found = pins.get(canonicalize_name(req.name))
        if not found:
            problems.append(f"{req.name} ({where}) is not pinned")
            continue
        for version, _marker in found:
            if not req.specifier.contains(version, prereleases=True):
                problems.append(f"{req.name}=={version} is outside {req} ({where})")
    assert not problems, f"run {REFRESH} and commit the result: " + "; ".join(problems)


def test_the_pins_resolve_for_this_platform_without_duplicates():
    """On this machine each package has exactly one pin whose marker applies."""
    for name, found in _pins().items():
        applying = [v for v, marker in found if marker is None or marker.evaluate()]
        assert len(applying) <= 1, f"{name} pinned twice here: {applying}"


def test_ci_the_build_and_the_readme_install_with_the_constraints():
    """Every pip install that .ci/run, build_kiosk.spec and the README show uses the file."""
    sources = {name: (ROOT / name).read_text(encoding="utf-8")
               for name in (".ci/run", "build_kiosk.spec", "README.md")}
    for name, text in sources.items():
        installs = [line for line in text.splitlines() if PROJECT_INSTALL.search(line)]
        assert installs, f"{name} shows no pip install of the project"
        for line in installs:
            assert "-c requirements/constraints.txt" in line, f"{name}: {line.strip()}"


def test_the_refresh_command_is_documented():
    """The README says how to refresh the pins, and the script it names exists."""
    assert REFRESH in (ROOT / "README.md").read_text(encoding="utf-8")
    assert (ROOT / REFRESH).stat().st_mode & 0o111
