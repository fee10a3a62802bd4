"""pyproject.toml's lower bounds and .ci/minimum-versions.txt (what CI installs to prove them) agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def release(version: str) -> tuple[int, ...]:
    parts = [int(part) for part in version.split(".")]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def test_every_dependency_lower_bound_is_installed_by_the_minimum_versions_step() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bounds = {}
    for requirement in project["dependencies"]:
        match = re.match(r"([A-Za-z0-9_.-]+)\s*(?:\[[^]]*\])?\s*([^;]*)", requirement)
        name, specifiers = match.group(1), match.group(2)
        lower = re.search(r">=\s*([0-9.]+)", specifiers)
        assert lower, f"{requirement}: give it a lower bound (>=) that CI proves"
        bounds[normalized(name)] = release(lower.group(1))
    pinned = {}
    for line in (ROOT / ".ci" / "minimum-versions.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pinned[normalized(name)] = release(version)
    assert pinned == bounds
