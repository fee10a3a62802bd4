"""One SQLite connection to a project file, with the pragmas every connection needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

BUSY_TIMEOUT_MS = 5000


def file_uri(path: Path, mode: str) -> str:
    """An SQLite URI for `path` that survives spaces, '#', '?' and Chinese names."""
    return f"file:{quote(str(Path(path).resolve()))}?mode={mode}"


def connect(
    path: Path, *, readonly: bool = False, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> sqlite3.Connection:
    """Open `path` (which must already be a vetted project file).

    Autocommit mode: writes happen inside explicit transactions (sqlite-utils'
    `atomic()`), so a user action lands whole or not at all.
    """
    conn = sqlite3.connect(
        file_uri(path, "ro" if readonly else "rw"),
        uri=True,
        isolation_level=None,
        timeout=busy_timeout_ms / 1000,
        check_same_thread=False,
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn
