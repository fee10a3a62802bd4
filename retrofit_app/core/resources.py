"""Where the shipped data lives: db/schema.sql and resources/ (templates, rule sets, translations).

Installed, they are the packages `retrofit_app.db` and `retrofit_app.resources`;
run from a source checkout without installing, they are the folders beside
the package. Every lookup goes through here so both cases work.
"""

from __future__ import annotations

import importlib
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parents[2]


def _folder(package: str, fallback: str) -> Path:
    try:
        module = importlib.import_module(package)
    except ImportError:
        return _SOURCE_ROOT / fallback
    return Path(next(iter(module.__path__)))


def resources_dir(*parts: str) -> Path:
    """A folder or file under resources/, e.g. resources_dir("rules")."""
    return _folder("retrofit_app.resources", "resources").joinpath(*parts)


def schema_file() -> Path:
    return _folder("retrofit_app.db", "db") / "schema.sql"
