"""Photo bytes kept out of a merge's scratch copies: each rendition stands there as a key.

A photo's bytes never change once imported (only the annotated rendition is redrawn when its
shapes change), and the original is named by its SHA-256 (photos.sha256). So the scratch copies
of a merge (the package's base, the field copy, the office view) hold in photo_data a short key
in place of each rendition, `photo:<photo sha256>:<rendition>` (the annotated one adds the
SHA-256 of its own bytes, which change with its shapes), and the office is read through a view
that shows its photo_data the same way. The base the office keeps of each package it hands out
is made so too (export.py): the office holds no second copy of the photos it sent. Every merge
rule (records added on both sides folded, fields changed on both sides, delete against edit,
the rebase) then works on records of a few bytes, and pygeodiff diffs no photo. The bytes travel
on their own path: when the changes are applied, each key the field brings in is read from the
package, checked (an original against its SHA-256, an annotated rendition against its key) and
written to the office.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from retrofit_app.core.exchange.store.changeset_apply import UPDATE, Change, Row
from retrofit_app.core.storage.backup_sets import BLOB_COLUMNS, copy_tables
from retrofit_app.core.storage.connection import file_uri, reading_uri
from retrofit_app.core.storage.gpkg_functions import register_gpkg_functions
from retrofit_app.core.storage.table_info import columns

TABLE = "photo_data"
PREFIX = "photo:"
# The view through which the merge's SQL reads the office's photo_data, keyed (working_on).
OFFICE_VIEW = "office_photo_data"
_HASH = "retrofit_sha256"


class PhotoBytesMissing(Exception):
    """A key of the changeset names photo bytes the package does not hold (or not as named)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _sha256(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def register(conn: sqlite3.Connection) -> None:
    """The SQL function the keys are made with."""
    conn.create_function(_HASH, 1, _sha256, deterministic=True)


def _has_photos(conn: sqlite3.Connection, schema: str) -> bool:
    found = conn.execute(
        f"SELECT count(*) FROM [{schema}].sqlite_master WHERE type = 'table' AND name IN (?, ?)",
        [TABLE, "photos"],
    ).fetchone()[0]
    return bool(found == 2)


def keyed_select(conn: sqlite3.Connection, schema: str) -> str:
    """A SELECT of `schema`'s photo_data rows (all columns, in order) with keys for renditions."""
    parts = []
    for name in columns(conn, TABLE, schema):
        if name not in BLOB_COLUMNS:
            parts.append(f"d.[{name}] AS [{name}]")
            continue
        key = f"'{PREFIX}' || p.sha256 || ':{name}'"
        if name == "annotated":
            key += f" || ':' || {_HASH}(d.[{name}])"
        # A row without its photo (never made by the program): its bytes' own hash.
        fallback = f"'sha256:' || {_HASH}(d.[{name}])"
        parts.append(  # a key already (a base made so): kept
            f"CASE WHEN d.[{name}] IS NULL THEN NULL WHEN typeof(d.[{name}]) = 'text' THEN"
            f" d.[{name}] ELSE coalesce({key}, {fallback}) END AS [{name}]"
        )
    return (
        f"SELECT {', '.join(parts)} FROM [{schema}].[{TABLE}] d"
        f" LEFT JOIN [{schema}].photos p ON p.uuid = d.photo_uuid"
    )


def lean_copy(source: Path, target: Path) -> Path:
    """A copy of the project or package `source` at `target` (new) with photo_data's renditions
    as keys: its records only, so it costs what the records weigh, not the photos."""
    conn = sqlite3.connect(file_uri(target, "rwc"), uri=True, isolation_level=None)
    register_gpkg_functions(conn)
    register(conn)
    try:
        conn.execute("PRAGMA main.journal_mode = MEMORY")  # a scratch file: see copy_records
        conn.execute("PRAGMA main.synchronous = OFF")
        conn.execute("ATTACH DATABASE ? AS src", [reading_uri(source)])
        conn.execute("BEGIN")

        def keyed() -> None:
            conn.execute(f"INSERT INTO main.[{TABLE}] {keyed_select(conn, 'src')} ORDER BY d.fid")

        copy_tables(conn, {TABLE: keyed} if _has_photos(conn, "src") else {})
        conn.execute("COMMIT")
    finally:
        conn.close()
    return target


def office_view(conn: sqlite3.Connection) -> None:
    """On a connection with the office attached as `office`: the temporary view OFFICE_VIEW."""
    register(conn)
    if _has_photos(conn, "office"):
        conn.execute(f"CREATE TEMP VIEW [{OFFICE_VIEW}] AS {keyed_select(conn, 'office')}")


def source(schema: str, table: str) -> str:
    """Where the merge's SQL reads `table` of `schema`: the office's photo_data through its view."""
    if schema == "office" and table == TABLE:
        return f"temp.[{OFFICE_VIEW}]"
    return f"[{schema}].[{table}]"


class PhotoBytes:
    """The bytes behind keys, read from one file (the package) or connection (the office)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @classmethod
    def of_file(cls, path: Path) -> PhotoBytes:
        return cls(sqlite3.connect(file_uri(path, "ro"), uri=True))

    def close(self) -> None:
        self.conn.close()

    def read(self, key: str) -> bytes | None:
        """The bytes `key` names, checked against its hash where it has one; None if absent."""
        if not key.startswith(PREFIX):
            return None
        sha, _, rest = key[len(PREFIX) :].partition(":")
        kind, _, own_hash = rest.partition(":")
        if kind not in BLOB_COLUMNS:
            return None
        try:
            row = self.conn.execute(
                f"SELECT d.[{kind}] FROM [{TABLE}] d JOIN photos p ON p.uuid = d.photo_uuid"
                " WHERE p.sha256 = ?",
                [sha],
            ).fetchone()
        except sqlite3.DatabaseError:  # the pages of these bytes damaged
            return None
        data = row[0] if row else None
        if not isinstance(data, bytes):
            return None
        if kind == "original" and _sha256(data) != sha:
            return None
        if kind == "annotated" and _sha256(data) != own_hash:
            return None
        return data

    def values(self, names: list[str], values: list[Any]) -> list[Any]:
        """`values` (a row of photo_data in column order) with each key replaced by its bytes;
        raises PhotoBytesMissing for a key it cannot read."""
        out = list(values)
        for i, name in enumerate(names):
            value = out[i]
            if name in BLOB_COLUMNS and isinstance(value, str):
                data = self.read(value)
                if data is None:
                    raise PhotoBytesMissing(value)
                out[i] = data
        return out


def _resolved(names: list[str], values: list[Any] | None, bytes_of: PhotoBytes) -> list[Any]:
    """An update's old values with keys as bytes (a column left alone is no str: it stays so); a
    key the office cannot read stays a key, which then matches nothing (changed meanwhile)."""
    assert values is not None
    out = list(values)
    for i, name in enumerate(names):
        if name in BLOB_COLUMNS and isinstance(out[i], str):
            out[i] = bytes_of.read(out[i]) or out[i]
    return out


def with_bytes(
    changes: list[Change], office: sqlite3.Connection, package: PhotoBytes
) -> list[Change]:
    """The changes of photo_data updates with bytes for keys: the old values the office's (as the
    rebase saw them), the new ones the package's. A key of the package it lacks stops the merge."""
    if not any(c.table == TABLE and c.kind == UPDATE for c in changes):
        return changes
    names = columns(office, TABLE)
    at_office = PhotoBytes(office)
    out = []
    for c in changes:
        if c.table == TABLE and c.kind == UPDATE:
            new = package.values(names, c.new) if c.new is not None else None
            c = Change(c.table, c.kind, c.key, _resolved(names, c.old, at_office), new)
        out.append(c)
    return out


def rows_with_bytes(rows: Iterable[Row], names: list[str], package: PhotoBytes) -> Iterator[Row]:
    """Inserted rows, photo_data's keys replaced by the package's bytes, one row at a time."""
    for table, values in rows:
        yield table, (package.values(names, values) if table == TABLE else values)
