"""Vet a path and open it as a project file, migrating an older one.

Nothing is written to a file until it is known to be ours and not newer.
"""

from __future__ import annotations

import contextlib
import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from retrofit_app.core.errors import ErrorCode, ProjectFileError
from retrofit_app.core.storage import migrations, wholeness
from retrofit_app.core.storage.backup_sets import MARK
from retrofit_app.core.storage.connection import connect, is_writable, reading_uri, side_files
from retrofit_app.core.storage.schema import APP_ID, SCHEMA_VERSION
from retrofit_app.core.storage.sqlite_errors import translated

_SMALLEST_DATABASE = 512  # bytes: SQLite's smallest page


@dataclass
class OpenedFile:
    path: Path
    conn: sqlite3.Connection
    readonly: bool
    migrated_from: int | None = None
    backup: Path | None = None


def probe(path: Path, *, repairable: bool = False, backup: bool = False) -> int:
    """The schema version of the project at `path` (not newer than ours), or why it cannot be opened.

    A partial copy (app tables missing) is refused by name; so is one whose overview views
    became tables or whose tables lost their rules, unless `repairable` (check --repair); and a
    backup's records file (its photos kept in the backup store) unless `backup` (a restore).

    Asks the path, then SQLite: never opens the file itself (see connection.py), and
    reads through a connection that leaves no -wal/-shm behind, so nothing beside the
    file has to be deleted afterwards, which could be another program's.
    """
    try:
        info = path.stat()
    except FileNotFoundError as error:
        raise ProjectFileError(ErrorCode.NOT_FOUND, path=path) from error
    except OSError as error:
        raise ProjectFileError(ErrorCode.CANNOT_WRITE, path=path, detail=error.strerror) from error
    if stat.S_ISDIR(info.st_mode):
        raise ProjectFileError(ErrorCode.IS_DIRECTORY, path=path)
    # A FIFO or device would hang SQLite's open; a file shorter than SQLite's smallest
    # page (an empty one included, which SQLite takes for a new database) is not ours.
    if not stat.S_ISREG(info.st_mode) or info.st_size < _SMALLEST_DATABASE:
        raise ProjectFileError(ErrorCode.NOT_SQLITE, path=path)
    meta, found_objects, lost = _read_meta(path)
    if meta.get("app") != APP_ID:
        raise ProjectFileError(ErrorCode.NOT_PROJECT, path=path)
    try:
        found = int(meta["schema_version"])
    except (KeyError, ValueError) as error:
        raise ProjectFileError(ErrorCode.CORRUPT, path=path, detail="schema_version") from error
    if found > SCHEMA_VERSION:
        raise ProjectFileError(ErrorCode.TOO_NEW, path=path, found=found, supported=SCHEMA_VERSION)
    if meta.get(MARK[0]) == MARK[1] and not backup:
        raise ProjectFileError(ErrorCode.BACKUP_RECORDS, path=path)
    missing = wholeness.missing_tables(found_objects, found)
    if missing:
        raise ProjectFileError(ErrorCode.PARTIAL_COPY, path=path, tables=", ".join(missing))
    tables = wholeness.views_made_tables(found_objects)
    if tables and not repairable:
        raise ProjectFileError(ErrorCode.VIEWS_AS_TABLES, path=path, tables=", ".join(tables))
    if lost and not repairable:
        raise ProjectFileError(ErrorCode.CONSTRAINTS_LOST, path=path, tables=", ".join(lost))
    return found


def _read_meta(path: Path) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """app_meta's keys and values, the file's tables and views (name -> kind), and the app
    tables that lost their rules (wholeness.constraints_lost)."""
    with translated(path):
        conn = sqlite3.connect(reading_uri(path), uri=True, timeout=2)
    try:
        with translated(path), _log_unreadable_here(path):
            conn.execute("PRAGMA query_only = ON")
            found = wholeness.objects(conn)
            columns = {row[1] for row in conn.execute("PRAGMA table_info(app_meta)")}
            # Another program's GeoPackage may hold an app_meta of its own, shaped otherwise.
            if found.get("app_meta") != "table" or not {"key", "value"} <= columns:
                if wholeness.looks_like_ours(conn):  # QGIS "Package layers" without app_meta
                    missing = wholeness.missing_tables(found, 0)
                    raise ProjectFileError(
                        ErrorCode.PARTIAL_COPY, path=path, tables=", ".join(missing)
                    )
                raise ProjectFileError(ErrorCode.NOT_PROJECT, path=path)
            rows = conn.execute("SELECT key, value FROM app_meta").fetchall()
            meta = {str(key): str(value) for key, value in rows}
            return meta, found, wholeness.constraints_lost(conn)
    finally:
        conn.close()


@contextlib.contextmanager
def _log_unreadable_here(path: Path) -> Iterator[None]:
    """A -wal holding changes, no -shm, and a read-only place: SQLite cannot read the log."""
    try:
        yield
    except sqlite3.OperationalError as error:
        wal, shm = side_files(path)
        if (
            "unable to open" in str(error)
            and not is_writable(path)
            and not shm.exists()
            and wal.exists()
            and wal.stat().st_size
        ):
            raise ProjectFileError(ErrorCode.READ_ONLY_LOG, path=path, wal=wal) from error
        raise


def open_project_file(path: Path, *, readonly: bool = False) -> OpenedFile:
    path = Path(path).absolute()
    found = probe(path)
    readonly = readonly or not is_writable(path)
    if found < SCHEMA_VERSION and readonly:  # a read-only command never upgrades a file
        raise ProjectFileError(ErrorCode.NEEDS_UPGRADE, path=path, found=found)
    with translated(path):
        conn = connect(path, readonly=readonly)
    opened = OpenedFile(path, conn, readonly)
    if found < SCHEMA_VERSION:
        # Imported only to migrate: an up-to-date file (every start) skips its ~3 ms import.
        from retrofit_app.core.storage.backups import make_backup

        try:
            opened.backup = make_backup(conn, path, "before-migration")
            with translated(path):
                migrations.migrate(conn, found, SCHEMA_VERSION)
        except BaseException:
            conn.close()
            raise
        opened.migrated_from = found
    return opened


def repair_copy(path: Path) -> tuple[list[str], list[str]]:
    """`check --repair` on a copy another program wrote: the overview views it made tables are
    views again, the tables that lost their rules rebuilt (after a backup); returns the names
    of both, none when there was nothing to repair."""
    path = Path(path).absolute()
    probe(path, repairable=True)
    if not is_writable(path):
        raise ProjectFileError(ErrorCode.READ_ONLY, path=path)
    with translated(path):
        conn = connect(path)
    try:
        views = wholeness.views_made_tables(wholeness.objects(conn))
        if not views and not wholeness.constraints_lost(conn):
            return [], []
        from retrofit_app.core.storage.backups import make_backup
        from retrofit_app.core.storage.table_rebuild import rebuild_tables

        make_backup(conn, path, "before-repair")
        with translated(path):
            conn.execute("BEGIN IMMEDIATE")
            try:
                names = wholeness.restore_views(conn)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return names, rebuild_tables(conn)
    finally:
        conn.close()
