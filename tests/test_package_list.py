"""pip installs every folder of the program: pyproject.toml lists its packages one by one."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def listed_packages() -> set[str]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return set(tomllib.load(file)["tool"]["setuptools"]["packages"])


def test_every_folder_of_the_program_is_installed() -> None:
    folders = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "retrofit_app").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert "retrofit_app.gui.tabs" in folders  # the walk finds nested folders
    assert sorted(folders - listed_packages()) == []
