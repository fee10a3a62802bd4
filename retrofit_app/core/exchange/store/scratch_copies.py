"""SQL on a merge's scratch copies of a package: read their app_meta, put office values back."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from retrofit_app.core.storage.connection import file_uri
from retrofit_app.core.storage.gpkg_functions import register_gpkg_functions
from retrofit_app.core.storage.records import mask_audit_entries


def file_meta(path: Path) -> dict[str, str]:
    """The app_meta of a scratch copy (read-only)."""
    conn = sqlite3.connect(file_uri(path, "ro"), uri=True)
    try:
        return dict(conn.execute("SELECT key, value FROM main.app_meta").fetchall())
    finally:
        conn.close()


def put_back_office_values(
    copy: Path,
    office: Path,
    rules: dict[str, str],
    as_sent: Callable[[str, str, str, Any], Any],
    *,
    mask_audit: bool,
) -> None:
    """In `copy`, the office's value wherever a "table.column" of `rules` holds just what the
    package was given of it (`as_sent(rule, table, column, office value)`); with `mask_audit`,
    the copy's audit entries masked first (a copy made before audit entries were)."""
    conn = sqlite3.connect(file_uri(copy, "rw"), uri=True, isolation_level=None)
    register_gpkg_functions(conn)  # R-tree triggers GDAL added call them
    try:
        conn.execute("PRAGMA synchronous = OFF")  # a scratch copy: no fsync needed
        conn.create_function("retrofit_as_sent", 4, as_sent, deterministic=True)
        conn.execute("ATTACH DATABASE ? AS office", [file_uri(office, "ro")])
        conn.execute("BEGIN")
        if mask_audit:
            mask_audit_entries(conn)
        for name, rule in rules.items():
            table, column = name.split(".")
            # The office's rows looked up by the copy's uuids (the office holds every estate).
            conn.execute(
                f"""UPDATE main.[{table}] SET [{column}] = o.[{column}]
                    FROM (SELECT uuid, [{column}] FROM office.[{table}]
                          WHERE uuid IN (SELECT uuid FROM main.[{table}])) o
                    WHERE o.uuid = main.[{table}].uuid
                      AND main.[{table}].[{column}] IS NOT o.[{column}]
                      AND retrofit_as_sent(?, ?, ?, o.[{column}]) = main.[{table}].[{column}]""",
                [rule, table, column],
            )
        conn.execute("COMMIT")
    finally:
        conn.close()
