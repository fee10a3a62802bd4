"""Write a new, empty project file from db/schema.sql."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from retrofit_app import __version__
from retrofit_app.core.clock import now_iso
from retrofit_app.core.errors import ErrorCode, ProjectFileError
from retrofit_app.core.ids import new_uuid
from retrofit_app.core.storage.network_drive import network_filesystem
from retrofit_app.core.storage.qgis_schema import describe_for_qgis
from retrofit_app.core.storage.schema import APP_ID, SCHEMA_VERSION, schema_sql
from retrofit_app.core.storage.sqlite_errors import translated

OWNER_ONLY = 0o600  # a project holds owners' ID and phone numbers (issue 23)


def private_file(path: Path) -> Path:
    """Make `path` a new, empty file only its owner may read, for SQLite to fill.

    SQLite creates a database (and later its -wal and -shm, which copy the file's
    mode) readable by everyone (0644); an empty file made first keeps them owner-only.
    Nothing opens it while SQLite does, so no SQLite lock is lost (connection.py).
    """
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY))
    if os.name == "posix":
        os.chmod(path, OWNER_ONLY)  # whatever the umask
    return path


def create_project_file(path: Path, *, overwrite: bool = False) -> Path:
    """Create `path` atomically: it is written beside and renamed into place."""
    path = Path(path)
    if path.is_dir():
        raise ProjectFileError(ErrorCode.IS_DIRECTORY, path=path)
    if path.exists() and not overwrite:
        raise ProjectFileError(ErrorCode.EXISTS, path=path)
    if not path.parent.is_dir():
        raise ProjectFileError(
            ErrorCode.CANNOT_WRITE, path=path, detail="文件夹不存在 / no such folder"
        )
    temp = path.with_name(f".{path.name}.{new_uuid()[:8]}.creating")
    try:
        private_file(temp)
        with translated(path):
            conn = sqlite3.connect(temp, isolation_level=None)
            try:
                conn.executescript(schema_sql())
                describe_for_qgis(conn)
                conn.executemany(
                    "INSERT INTO app_meta (key, value) VALUES (?, ?)",
                    [
                        ("app", APP_ID),
                        ("schema_version", str(SCHEMA_VERSION)),
                        ("project_uuid", new_uuid()),
                        ("created_at", now_iso()),
                        ("created_by_version", __version__),
                    ],
                )
                # No write-ahead log on a network drive (storage/network_drive.py)
                journal = "DELETE" if network_filesystem(path) else "WAL"
                conn.execute(f"PRAGMA journal_mode = {journal}")
            finally:
                conn.close()
        os.replace(temp, path)
    except OSError as error:
        raise ProjectFileError(
            ErrorCode.CANNOT_WRITE, path=path, detail=error.strerror or str(error)
        ) from error
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)
    return path
