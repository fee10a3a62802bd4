"""Upgrades of older project files, one step per schema version."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from retrofit_app.core.storage.records import mask_audit_entries


def _mask_audited_numbers(conn: sqlite3.Connection) -> None:
    """1 → 2: the audit log's old and new values keep personal numbers masked (issue 23).

    Entries written before kept every owner's full ID and phone number for good;
    the schema itself does not change.
    """
    mask_audit_entries(conn)


# MIGRATIONS[n] upgrades a file at schema version n to n + 1. Each step runs
# inside the transaction that also records the new version.
Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[int, Migration] = {1: _mask_audited_numbers}


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
