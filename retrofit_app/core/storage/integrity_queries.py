"""The queries behind `check`."""

from __future__ import annotations

import hashlib
import os
import queue
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from retrofit_app.core.storage.connection import is_writable, reading_uri
from retrofit_app.core.storage.queries import rows, scalar

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Folded:
    frames_left: int = 0  # pages still only in the -wal (another program holds them)
    error: str = ""  # why the log could not be copied into the file (a full disk)
    read_only: bool = False  # the -wal holds changes and the place cannot be written


def fold_log_in(conn: sqlite3.Connection, path: Path) -> Folded:
    """Copy the whole -wal into the file and empty it, waiting (busy timeout) for others.

    A read-only place cannot be checkpointed: there the -wal is only measured (with
    no -wal, or an immutable connection, SQLite reads the file alone anyway).
    """
    wal = Path(f"{path}-wal")
    if not is_writable(path):
        size = wal.stat().st_size if wal.exists() else 0
        return Folded(read_only=size > 0)
    try:
        busy, log_frames, copied = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as error:
        return Folded(error=str(error))
    return Folded(frames_left=max(log_frames - copied, 0) if busy else 0)


# SQLite maps at most its own limit of the file (2 GB in common builds) and takes this as "all
# it may": pages in the mapping are read without a system call and a copy each.
MAP_BYTES = 1 << 40


def integrity_messages(db: Database | sqlite3.Connection, *, quick: bool = False) -> list[str]:
    """SQLite's integrity check (its quick check: no index compared with its table), the
    file mapped into memory for it (the same pages read, without a system call each)."""
    mapped = scalar(db, "PRAGMA mmap_size")
    db.execute(f"PRAGMA mmap_size = {MAP_BYTES}")
    found: list[str] = []
    try:
        for (message,) in db.execute(f"PRAGMA {'quick' if quick else 'integrity'}_check"):
            found.append(message)
    except (
        sqlite3.DatabaseError
    ) as error:  # a page so broken that SQLite stops: what it said first, and why
        found.append(str(error))
    finally:
        db.execute(f"PRAGMA mmap_size = {int(mapped or 0)}")
    return [] if found == ["ok"] else found


def foreign_key_violations(db: Database) -> list[dict]:
    return [
        {"table": r[0], "rowid": r[1], "parent": r[2]}
        for r in db.execute("PRAGMA foreign_key_check").fetchall()
    ]


def application_id(db: Database) -> int:
    return scalar(db, "PRAGMA application_id")


def unregistered_tables(db: Database) -> list[str]:
    return [
        r["name"]
        for r in rows(
            db,
            """SELECT name FROM sqlite_master WHERE type = 'table'
               AND name NOT LIKE 'gpkg_%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'rtree_%'
               AND name NOT IN (SELECT table_name FROM gpkg_contents)""",
        )
    ]


# How `check` names a feature of each of our layers; a foreign layer is named by its fid.
_FEATURE_NAMES = {
    "estates": "t.name",
    "buildings": "t.name",
    "estate_boundaries": "(SELECT e.name FROM estates e WHERE e.uuid = t.estate_uuid)",
    "photos": "coalesce(nullif(t.caption, ''), t.file_name)",
}


def geometries(db: Database) -> Iterator[tuple[str, int, str, bytes]]:
    """(table, fid, the feature's name, blob) of every stored geometry of every layer."""
    for table, _column, fid, name, blob in geometry_cells(db):
        yield table, fid, name, blob


def geometry_cells(db: Database) -> Iterator[tuple[str, str, int, str, bytes]]:
    """(table, column, fid, the feature's name, blob) of every stored geometry (layers that are
    views, like the overviews, show the same blobs again and are left out)."""
    layers = """SELECT g.table_name, g.column_name FROM gpkg_geometry_columns g
                JOIN sqlite_master m ON m.name = g.table_name AND m.type = 'table'"""
    for g in rows(db, layers):
        table, column = g["table_name"], g["column_name"]
        name = _FEATURE_NAMES.get(table, "t.fid")
        sql = f"SELECT t.fid, {name}, t.[{column}] FROM [{table}] t WHERE t.[{column}] IS NOT NULL"
        try:
            found = db.execute(sql).fetchall()
        except sqlite3.OperationalError:  # a copy whose layer lacks our columns: named by fid
            found = db.execute(
                f"SELECT t.fid, t.fid, t.[{column}] FROM [{table}] t WHERE t.[{column}] IS NOT NULL"
            ).fetchall()
        for fid, label, blob in found:
            yield table, column, fid, str(label if label is not None else fid), blob


def parts_and_their_estates(db: Database) -> list[dict]:
    """Each live building and boundary with its estate's name and point (table, name, estate, geom, spot)."""
    return rows(
        db,
        """SELECT 'buildings' AS layer, b.name, e.name AS estate, b.geom, e.geom AS spot
           FROM buildings b JOIN estates e ON e.uuid = b.estate_uuid
           WHERE b.deleted_at IS NULL AND e.deleted_at IS NULL
             AND b.geom IS NOT NULL AND e.geom IS NOT NULL
           UNION ALL
           SELECT 'estate_boundaries', e.name, e.name, x.geom, e.geom
           FROM estate_boundaries x JOIN estates e ON e.uuid = x.estate_uuid
           WHERE e.deleted_at IS NULL AND x.geom IS NOT NULL AND e.geom IS NOT NULL""",
    )


def estates_with_their_districts(db: Database) -> list[dict]:
    """Each live estate that has a point and a district: (name, district, geom)."""
    return rows(
        db,
        """SELECT e.name, d.name AS district, e.geom FROM estates e
           JOIN districts d ON d.uuid = e.district_uuid
           WHERE e.deleted_at IS NULL AND e.geom IS NOT NULL""",
    )


def photos_without_data(db: Database) -> list[dict]:
    return rows(
        db,
        """SELECT p.uuid, p.file_name AS name FROM photos p
           LEFT JOIN photo_data d ON d.photo_uuid = p.uuid
           WHERE d.uuid IS NULL OR length(d.original) = 0 OR length(d.thumbnail) = 0
              OR length(d.print) = 0""",
    )


@dataclass(frozen=True)
class PhotoToHash:
    fid: int  # photo_data's row: the original is read from it
    uuid: str
    name: str
    sha256: str


def photos_to_hash(db: Database | sqlite3.Connection, after: int = 0) -> list[PhotoToHash]:
    """Every photo with stored bytes whose photo_data row comes after `after`, in file order."""
    found = db.execute(
        """SELECT d.fid, p.uuid, p.file_name, p.sha256 FROM photo_data d
           JOIN photos p ON p.uuid = d.photo_uuid WHERE d.fid > ? ORDER BY d.fid""",
        [after],
    ).fetchall()
    return [PhotoToHash(*row) for row in found]


def photo_count(db: Database | sqlite3.Connection) -> int:
    return int(scalar(db, "SELECT count(*) FROM photo_data"))


def photo_data_uuid(db: Database | sqlite3.Connection, fid: int) -> str | None:
    return scalar(db, "SELECT uuid FROM photo_data WHERE fid = ?", [fid])


# Pieces of 64 kB: a buffer the allocator reuses (pieces of 1 MB are fresh memory each time,
# a page fault per 4 kB: a third of the time went to the system) and that stays in the cache.
_CHUNK = 1 << 16


def original_matches(conn: sqlite3.Connection, photo: PhotoToHash) -> bool | None:
    """Whether the photo's original bytes, read in pieces (no whole copy of a 12-MP photo
    in memory), hash to its SHA-256; unreadable bytes (a broken page) do not. None: the photo
    is no longer there (deleted since the list was read)."""
    digest = hashlib.sha256()
    try:
        with conn.blobopen("photo_data", "original", photo.fid, readonly=True) as blob:
            while piece := blob.read(_CHUNK):
                digest.update(piece)
    except sqlite3.DatabaseError:
        try:
            there = conn.execute("SELECT 1 FROM photo_data WHERE fid = ?", [photo.fid]).fetchone()
        except sqlite3.DatabaseError:  # the table's own pages are broken
            return False
        return False if there else None
    return digest.hexdigest() == photo.sha256


class PhotoHashing:
    """The photos whose bytes do not match their SHA-256, hashed by threads of their own (one
    per core, at least two), each through a connection of its own with the file mapped, while
    the caller does its own work: `check` runs SQLite's check meanwhile (hashlib and SQLite let
    go of Python's lock as they work), then joins in with `wrong()`, which hashes what is still
    waiting on the caller's thread too and returns once every photo is hashed."""

    def __init__(self, path: Path, photos: list[PhotoToHash], workers: int = 0) -> None:
        self._path = path
        self._waiting: queue.SimpleQueue[PhotoToHash] = queue.SimpleQueue()
        for photo in photos:
            self._waiting.put(photo)
        workers = workers or max(2, min(8, os.cpu_count() or 2))
        self._pool = ThreadPoolExecutor(workers)
        self._done = [self._pool.submit(self._work) for _ in range(workers)]

    def _work(self) -> list[PhotoToHash]:
        wrong: list[PhotoToHash] = []
        conn = sqlite3.connect(reading_uri(self._path), uri=True, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA mmap_size = {MAP_BYTES}")
            conn.execute("BEGIN")  # one snapshot for all this thread reads
            while True:
                try:
                    photo = self._waiting.get_nowait()
                except queue.Empty:
                    return wrong
                if original_matches(conn, photo) is False:
                    wrong.append(photo)
        finally:
            conn.close()

    def wrong(self) -> list[PhotoToHash]:
        try:
            found = self._work()
            found += [photo for future in self._done for photo in future.result()]
        finally:
            self.stop()
        return sorted(found, key=lambda photo: photo.fid)

    def stop(self) -> None:
        """No photo more is started (the check failed); those being hashed end."""
        while True:
            try:
                self._waiting.get_nowait()
            except queue.Empty:
                break
        self._pool.shutdown()


def photos_with_wrong_hash(
    conn: sqlite3.Connection, photos: list[PhotoToHash]
) -> list[PhotoToHash]:
    """The same on the project's own connection (a project in memory), one photo after another."""
    return [photo for photo in photos if original_matches(conn, photo) is False]
