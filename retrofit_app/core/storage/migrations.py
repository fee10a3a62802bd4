"""Upgrades of older project files, one step per schema version."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# MIGRATIONS[n] upgrades a file at schema version n to n + 1. Each step runs
# inside the transaction that also records the new version.
Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[int, Migration] = {}


def migrate(conn: sqlite3.Connection, found: int, target: int) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(found, target):
            MIGRATIONS[version](conn)
        conn.execute("UPDATE app_meta SET value = ? WHERE key = 'schema_version'", (str(target),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
