"""Backups that keep each photo's bytes once (issue 21).

A backup is the project's records as a small SQLite file, named as before, whose photo_data
rows hold keys (`sha256:<hex>`) instead of the photo renditions; the bytes live once in the
backups folder's `photo-store/`, content-addressed, shared by every backup of the project.
Photos are immutable once imported (only the annotated rendition is redrawn when its shapes
change), so a backup writes the bytes of new photos only and costs about what the records
weigh. Restoring fills the keys back with the bytes, checked against their hash.

The copy is made table by table from the project file attached read-only, in one read
transaction (a consistent snapshot while the window keeps writing): the schema text, the rows,
the AUTOINCREMENT counters and the GeoPackage header fields are the project's own.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from retrofit_app.core.instance_lock import OsLock
from retrofit_app.core.storage.connection import file_uri, reading_uri

STORE = "photo-store"
# app_meta's mark on a backup's records file (photos in the store): opening it as a project is
# refused (its photos are keys), restoring it fills them back and takes the mark off.
MARK = ("photos_in", "backup-store")
KEY = "sha256:"
BLOB_COLUMNS = ("thumbnail", "print", "annotated", "original")
_INDEX = "index.sqlite"
_LOCK = ".lock"
_ROWS_BETWEEN_STOP_CHECKS = 16

ShouldStop = Callable[[], bool]


class BackupStopped(Exception):
    """The backup was asked to stop (the window is closing); nothing was listed as a backup."""


class PhotoBytesMissing(Exception):
    """A backup names photo bytes its store no longer has, or has changed."""

    def __init__(self, keys: list[str]) -> None:
        super().__init__(f"{len(keys)} photo renditions missing or changed in the backup store")
        self.keys = keys


@dataclass
class CopyPlan:
    """What a backup will write: its records, and the photo bytes not in the store yet."""

    new_bytes: int
    records_bytes: int


class PhotoStore:
    """Content-addressed photo bytes in `folder` with an index of which rendition is which hash."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        # One holder at a time (a scheduled backup in the background, a merge's, another
        # program's): a pruning holder would otherwise remove bytes a running backup just wrote.
        self._lock = OsLock(folder / _LOCK, mode=0o600)
        while not self._lock.acquire():
            time.sleep(0.05)
        index = folder / _INDEX
        if not index.exists():  # owner-only like every file beside a project; SQLite keeps it
            os.close(os.open(index, os.O_WRONLY | os.O_CREAT, 0o600))
        self._index = sqlite3.connect(index, isolation_level=None)
        self._index.execute(
            "CREATE TABLE IF NOT EXISTS known (row_uuid TEXT, kind TEXT, variant TEXT,"
            " sha256 TEXT NOT NULL, PRIMARY KEY (row_uuid, kind, variant))"
        )
        self.unsynced = False
        self._present: set[str] | None = None  # listed when first asked (has)
        self.known = {
            (row, kind, variant): digest
            for row, kind, variant, digest in self._index.execute("SELECT * FROM known")
        }

    def close(self) -> None:
        self._index.close()
        self._lock.release()

    def path_of(self, digest: str) -> Path:
        return self.folder / digest[:2] / digest

    def has(self, digest: str) -> bool:
        """Whether the store holds `digest`'s bytes: its folders listed once while this holder has
        the store (no other holder can add or remove bytes meanwhile), not a look per rendition."""
        if self._present is None:
            self._present = {
                item.name
                for sub in self.folder.iterdir()
                if sub.is_dir()
                for item in sub.iterdir()
                if not item.name.endswith(".part")
            }
        return digest in self._present

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = self.path_of(digest)
        if not target.is_file():
            target.parent.mkdir(mode=0o700, exist_ok=True)
            # Owner-only, as every file beside a project; a name of its own while half-written.
            handle, partial = tempfile.mkstemp(prefix=digest, suffix=".part", dir=target.parent)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(partial, target)
            self.unsynced = True
        if self._present is not None:
            self._present.add(digest)
        return digest

    def remember(self, found: dict[tuple[str, str, str], str]) -> None:
        """Note which rendition is which hash, once the bytes written are on the disk."""
        if self.unsynced and hasattr(os, "sync"):
            os.sync()  # one flush for all the files written, not one per photo (~8 ms each)
        self.unsynced = False
        self._index.execute("BEGIN")
        self._index.executemany("INSERT OR REPLACE INTO known VALUES (?, ?, ?, ?)",
                                [(*key, digest) for key, digest in found.items()])  # fmt: skip
        self._index.execute("COMMIT")
        self.known.update(found)

    def read(self, digest: str) -> bytes | None:
        """The bytes stored under `digest`, or None when they are gone or no longer match it."""
        try:
            data = self.path_of(digest).read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == digest else None

    def keep_only(self, digests: set[str]) -> list[Path]:
        """Remove the bytes no kept backup names, and half-written files; returns what went."""
        removed = []
        for sub in (p for p in self.folder.iterdir() if p.is_dir()):
            for item in sub.iterdir():
                if item.name.endswith(".part") or item.name not in digests:
                    item.unlink(missing_ok=True)
                    removed.append(item)
        self._present = None  # listed afresh when next asked
        self._index.execute("BEGIN")
        for key, digest in list(self.known.items()):
            if digest not in digests:
                self._index.execute(
                    "DELETE FROM known WHERE row_uuid = ? AND kind = ? AND variant = ?", key
                )
                del self.known[key]
        self._index.execute("COMMIT")
        return removed


def store_of(backups: Path) -> PhotoStore:
    return PhotoStore(backups / STORE)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _objects(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(type, name, sql) of the attached project's schema, in the order it was made; the tables
    SQLite makes itself (sqlite_sequence, an R*Tree's _node/_parent/_rowid) left out, as are
    ANALYZE's sqlite_stat tables (copied by _copy_statistics)."""
    found = conn.execute(
        "SELECT type, name, sql FROM src.sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    virtual = {n for t, n, s in found if t == "table" and s.upper().startswith("CREATE VIRTUAL")}
    shadow = {f"{v}_{part}" for v in virtual for part in ("node", "parent", "rowid")}
    return [(t, n, s) for t, n, s in found if n not in shadow and not n.startswith("sqlite_")]


def _photo_rows(conn: sqlite3.Connection, columns: list[str]) -> list[sqlite3.Row]:
    """photo_data's rows without their renditions (only whether each is there), with what says
    which version of them it is: the photo's hash, and for the annotated one its shapes."""
    others = ", ".join(f"d.{_quoted(c)}" for c in columns if c not in BLOB_COLUMNS)
    present = ", ".join(
        f"d.{c} IS NULL AS {c}_null, length(d.{c}) AS {c}_size" for c in BLOB_COLUMNS
    )
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(
            f"SELECT {others}, {present}, COALESCE(p.sha256, '') AS photo_sha,"
            " COALESCE(p.annotation, '') AS annotation"
            " FROM src.photo_data d LEFT JOIN src.photos p ON p.uuid = d.photo_uuid ORDER BY d.fid"
        ).fetchall()
    finally:
        conn.row_factory = None


def _variant(row: sqlite3.Row, kind: str) -> str:
    if kind == "annotated":
        return row["photo_sha"] + ":" + hashlib.sha256(row["annotation"].encode()).hexdigest()
    return row["photo_sha"]


def plan_copy(project: Path, store: PhotoStore) -> CopyPlan:
    """How many bytes a backup of `project` would write, before writing any."""
    conn = _attached(None, project)
    try:
        columns = _columns(conn, "photo_data")
        rows = _photo_rows(conn, columns) if columns else []
        new = 0
        stored = 0
        for row in rows:
            for kind in BLOB_COLUMNS:
                size = row[f"{kind}_size"] or 0
                stored += size
                digest = store.known.get((row["uuid"], kind, _variant(row, kind)))
                if size and not (digest and store.has(digest)):
                    new += size
        total = project.stat().st_size
        return CopyPlan(new_bytes=new, records_bytes=max(total - stored, 0))
    finally:
        conn.close()


def _attached(target: Path | None, project: Path) -> sqlite3.Connection:
    where = file_uri(target, "rw") if target else "file::memory:"
    conn = sqlite3.connect(where, isolation_level=None, uri=True)
    conn.execute("ATTACH DATABASE ? AS src", (reading_uri(project),))
    return conn


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA src.table_info({_quoted(table)})")]


def copy_records(
    project: Path, target: Path, store: PhotoStore, should_stop: ShouldStop = lambda: False
) -> int:
    """Write `project`'s records to the empty file `target`, its photo bytes into `store`;
    returns how many renditions were new to the store."""
    conn = _attached(target, project)
    # A scratch file until it is whole: no journal, no flush per page; one flush at the end.
    # The journal in memory, not OFF: a backup stopped or failed half-way rolls back, and with
    # journal_mode=OFF a ROLLBACK (or closing with the transaction open) is undefined in SQLite;
    # it corrupted memory and crashed the window (a scheduled backup cancelled on closing).
    # The file is new, so the journal holds next to nothing.
    conn.execute("PRAGMA main.journal_mode = MEMORY")
    conn.execute("PRAGMA main.synchronous = OFF")
    conn.execute("PRAGMA main.cache_size = -65536")
    try:
        conn.execute("BEGIN")  # one snapshot of the project for the whole copy
        written = 0

        def photo_data() -> None:
            nonlocal written
            written += _copy_photo_data(conn, store, should_stop)

        copy_tables(conn, {"photo_data": photo_data}, should_stop, MARK)
        conn.execute("COMMIT")
        _flush(target)
        return written
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()


def copy_tables(
    conn: sqlite3.Connection,
    own: dict[str, Callable[[], None]],
    should_stop: ShouldStop = lambda: False,
    mark: tuple[str, str] | None = None,
) -> None:
    """Copy the schema and rows of the database attached to `conn` as `src` into `conn`'s main
    one (empty), in the caller's transaction: the tables in `own` by their function (the
    photo bytes), the others row for row; then indexes, triggers and views (so no trigger runs
    on the copied rows), `mark` in app_meta, the AUTOINCREMENT counters, the statistics and the
    GeoPackage header fields."""
    objects = _objects(conn)
    tables = [(n, s) for t, n, s in objects if t == "table"]
    for _, sql in tables:
        conn.execute(sql)
    for name, _ in tables:
        if should_stop():
            raise BackupStopped
        if name in own:
            own[name]()
        else:
            conn.execute(f"INSERT INTO main.{_quoted(name)} SELECT * FROM src.{_quoted(name)}")
    for kind, _, sql in objects:
        if kind != "table":
            conn.execute(sql)
    if mark and any(name == "app_meta" for name, _ in tables):  # before the counters are copied
        conn.execute("INSERT OR REPLACE INTO main.app_meta (key, value) VALUES (?, ?)", mark)
    _copy_internal(conn, tables[0][0] if tables else "")
    for pragma in ("application_id", "user_version"):
        value = int(conn.execute(f"PRAGMA src.{pragma}").fetchone()[0])
        conn.execute(f"PRAGMA main.{pragma} = {value}")


def _flush(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _copy_internal(conn: sqlite3.Connection, some_table: str) -> None:
    """The AUTOINCREMENT counters and ANALYZE's statistics as the project has them. SQLite makes
    its sqlite_stat tables only through ANALYZE: one small table's is run, then replaced."""
    found = {
        n for (n,) in conn.execute("SELECT name FROM src.sqlite_master WHERE name LIKE 'sqlite_%'")
    }
    if "sqlite_stat1" in found and some_table:
        conn.execute(f"ANALYZE main.{_quoted(some_table)}")
    made = {
        n for (n,) in conn.execute("SELECT name FROM main.sqlite_master WHERE name LIKE 'sqlite_%'")
    }
    for name in ("sqlite_sequence", "sqlite_stat1", "sqlite_stat4"):
        if name in found and name in made:
            conn.execute(f"DELETE FROM main.{name}")
            conn.execute(f"INSERT INTO main.{name} SELECT * FROM src.{name}")


def _copy_photo_data(conn: sqlite3.Connection, store: PhotoStore, should_stop: ShouldStop) -> int:
    columns = _columns(conn, "photo_data")
    rows = _photo_rows(conn, columns)
    names = ", ".join(_quoted(c) for c in columns)
    insert = f"INSERT INTO main.photo_data ({names}) VALUES ({', '.join('?' * len(columns))})"
    learnt: dict[tuple[str, str, str], str] = {}
    written = 0
    for number, row in enumerate(rows):
        if number % _ROWS_BETWEEN_STOP_CHECKS == 0 and should_stop():
            store.remember(learnt)  # the bytes written so far serve the next backup
            raise BackupStopped
        keys: dict[str, str | None] = {}
        for kind in BLOB_COLUMNS:
            if row[f"{kind}_null"]:
                keys[kind] = None
                continue
            known = (row["uuid"], kind, _variant(row, kind))
            digest = store.known.get(known) or learnt.get(known)
            if not (digest and store.has(digest)):
                with conn.blobopen("photo_data", kind, row["fid"], readonly=True, name="src") as b:
                    digest = store.put(b.read())
                learnt[known] = digest
                written += 1
            keys[kind] = KEY + digest
        conn.execute(insert, [keys[c] if c in BLOB_COLUMNS else row[c] for c in columns])
    store.remember(learnt)
    return written


def keys_named(backup: Path) -> set[str]:
    """The store keys (hex digests) a backup file names; none for a whole-file backup."""
    conn = sqlite3.connect(reading_uri(backup), uri=True)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'photo_data'").fetchone():
            return set()
        union = " UNION ".join(
            f"SELECT substr({c}, {len(KEY) + 1}) FROM photo_data WHERE typeof({c}) = 'text'"
            for c in BLOB_COLUMNS
        )
        return {digest for (digest,) in conn.execute(union)}
    finally:
        conn.close()


def fill_photos(conn: sqlite3.Connection, store: PhotoStore) -> None:
    """Put the stored bytes back in place of a restored copy's keys (`conn`: that copy)."""
    picks = " OR ".join(f"typeof({c}) = 'text'" for c in BLOB_COLUMNS)
    rows = conn.execute(f"SELECT fid, {', '.join(BLOB_COLUMNS)} FROM photo_data WHERE {picks}")
    missing: list[str] = []
    conn.execute("BEGIN")
    for fid, *values in rows.fetchall():
        for column, value in zip(BLOB_COLUMNS, values, strict=True):
            if not (isinstance(value, str) and value.startswith(KEY)):
                continue
            data = store.read(value[len(KEY) :])
            if data is None:
                missing.append(value)
                continue
            conn.execute(f"UPDATE photo_data SET {column} = ? WHERE fid = ?", (data, fid))
    if missing:
        conn.execute("ROLLBACK")
        raise PhotoBytesMissing(missing)
    conn.execute("DELETE FROM app_meta WHERE key = ?", MARK[:1])
    conn.execute("COMMIT")


def is_keyed(backup: Path) -> bool:
    """Whether a backup file is a records file of this module (its photos, if any, in the store):
    marked so in app_meta, photos or not."""
    conn = sqlite3.connect(reading_uri(backup), uri=True)
    try:
        row = conn.execute("SELECT value FROM app_meta WHERE key = ?", MARK[:1]).fetchone()
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return row is not None and row[0] == MARK[1]


def all_keys(backups: Iterable[Path]) -> set[str] | None:
    """The keys every backup names; None when one cannot be read (then nothing may be removed)."""
    found: set[str] = set()
    for backup in backups:
        try:
            found |= keys_named(backup)
        except sqlite3.Error:
            return None
    return found
