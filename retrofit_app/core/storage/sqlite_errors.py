"""Turn SQLite's exceptions into errors a user can read."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from retrofit_app.core.errors import ErrorCode, ProjectFileError

_PATTERNS = (
    ("database is locked", ErrorCode.LOCKED),
    ("database table is locked", ErrorCode.LOCKED),
    ("database or disk is full", ErrorCode.DISK_FULL),
    ("readonly database", ErrorCode.READ_ONLY),
    ("file is not a database", ErrorCode.NOT_SQLITE),
    ("malformed", ErrorCode.CORRUPT),
    ("disk i/o error", ErrorCode.CANNOT_WRITE),
    ("unable to open database", ErrorCode.CANNOT_WRITE),
)


def classify(error: sqlite3.Error, path: Path) -> ProjectFileError | None:
    text = str(error).lower()
    for pattern, code in _PATTERNS:
        if pattern in text:
            return ProjectFileError(code, path=path, detail=str(error))
    return None


@contextlib.contextmanager
def translated(path: Path) -> Iterator[None]:
    """Re-raise known SQLite failures as ProjectFileError; others pass through."""
    try:
        yield
    except sqlite3.Error as error:
        known = classify(error, path)
        if known is None:
            raise
        raise known from error
