"""Vet a path and open it as a project file, migrating an older one.

Nothing is written to a file until it is known to be ours and not newer.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from retrofit_app.core.errors import ErrorCode, ProjectFileError
from retrofit_app.core.storage import migrations
from retrofit_app.core.storage.connection import connect, file_uri
from retrofit_app.core.storage.schema import APP_ID, SCHEMA_VERSION
from retrofit_app.core.storage.sqlite_errors import translated

_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class OpenedFile:
    path: Path
    conn: sqlite3.Connection
    readonly: bool
    migrated_from: int | None = None
    backup: Path | None = None


def probe(path: Path) -> int:
    """The schema version of the project at `path` (not newer than ours), or why it cannot be opened."""
    if not path.exists():
        raise ProjectFileError(ErrorCode.NOT_FOUND, path=path)
    if path.is_dir():
        raise ProjectFileError(ErrorCode.IS_DIRECTORY, path=path)
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except OSError as error:
        raise ProjectFileError(ErrorCode.CANNOT_WRITE, path=path, detail=error.strerror) from error
    if head != _SQLITE_MAGIC:
        raise ProjectFileError(ErrorCode.NOT_SQLITE, path=path)
    side_files = [Path(f"{path}-wal"), Path(f"{path}-shm")]
    present = [p.exists() for p in side_files]
    try:
        meta = _read_meta(path)
        if meta.get("app") != APP_ID:
            raise ProjectFileError(ErrorCode.NOT_PROJECT, path=path)
        try:
            found = int(meta["schema_version"])
        except (KeyError, ValueError) as error:
            raise ProjectFileError(ErrorCode.CORRUPT, path=path, detail="schema_version") from error
        if found > SCHEMA_VERSION:
            raise ProjectFileError(
                ErrorCode.TOO_NEW, path=path, found=found, supported=SCHEMA_VERSION
            )
        return found
    except ProjectFileError:
        # A read-only look at a WAL-mode file leaves -wal/-shm behind: a refused
        # file must be left exactly as we found it.
        for side, was_there in zip(side_files, present, strict=True):
            if not was_there:
                side.unlink(missing_ok=True)
        raise


def _read_meta(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(file_uri(path, "ro"), uri=True, timeout=2)
    try:
        with translated(path):
            has_meta = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'app_meta'"
            ).fetchone()
            if not has_meta:
                raise ProjectFileError(ErrorCode.NOT_PROJECT, path=path)
            return dict(conn.execute("SELECT key, value FROM app_meta").fetchall())
    finally:
        conn.close()


def is_writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def open_project_file(path: Path, *, readonly: bool = False) -> OpenedFile:
    path = Path(path).absolute()
    found = probe(path)
    readonly = readonly or not is_writable(path)
    if found < SCHEMA_VERSION and readonly:
        raise ProjectFileError(ErrorCode.READ_ONLY, path=path)
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
