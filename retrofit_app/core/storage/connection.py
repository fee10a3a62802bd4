"""One SQLite connection to a project file, with the pragmas every connection needs.

Only SQLite opens a project file (and its -wal and -shm). On POSIX, closing any
other handle on the file drops every lock SQLite holds on it in this process: a
command line then believes it is the last user and deletes the -wal and -shm
under the window (issue 23). Ask the path (os.stat, os.access), never the bytes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from retrofit_app.core.errors import ErrorCode, ProjectFileError
from retrofit_app.core.storage.gpkg_functions import register_gpkg_functions
from retrofit_app.core.storage.network_drive import network_filesystem
from retrofit_app.core.storage.srs_definitions import learn as learn_srs_definitions
from retrofit_app.core.words import Msg

BUSY_TIMEOUT_MS = 5000


def file_uri(path: Path, mode: str) -> str:
    """An SQLite URI for `path` that survives spaces, '#', '?' and Chinese names."""
    return f"file:{quote(str(Path(path).resolve()))}?mode={mode}"


# The project files this process has open through a Project: (device, inode) -> how many.
# A file the user picks to import (a roster, a photo, GeoJSON) that is one of them must
# not be read with open(): its close would drop the locks of the open Project.
_OPEN_HERE: Counter[tuple[int, int]] = Counter()
_OPEN_HERE_LOCK = threading.Lock()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def hold(path: Path) -> tuple[int, int] | None:
    """Note that a Project has `path` open; give the key back to `let_go` when it closes."""
    key = _identity(path)
    if key is not None:
        with _OPEN_HERE_LOCK:
            _OPEN_HERE[key] += 1
    return key


def let_go(key: tuple[int, int] | None) -> None:
    if key is None:
        return
    with _OPEN_HERE_LOCK:
        _OPEN_HERE[key] -= 1
        if _OPEN_HERE[key] <= 0:
            del _OPEN_HERE[key]


def is_open_here(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is (another name for) a project file this process has open."""
    key = _identity(Path(path))
    with _OPEN_HERE_LOCK:
        return key is not None and key in _OPEN_HERE


def side_files(path: Path) -> tuple[Path, Path]:
    return Path(f"{path}-wal"), Path(f"{path}-shm")


def is_writable(path: Path) -> bool:
    """We may change the file and make its -wal and -shm beside it."""
    return os.access(path, os.W_OK) and os.access(Path(path).parent, os.W_OK)


def reading_uri(path: Path) -> str:
    """How to open `path` for reading so that nothing is left beside it afterwards.

    Where we may write, a read-write connection that refuses writes (query_only):
    SQLite's last connection to close folds the log in and removes the -wal and
    -shm it needed; a read-only connection would leave them behind. On read-only
    media or in a read-only folder, a plain read-only connection when a writer's
    -wal/-shm are there to use, else `immutable=1`: nothing can be created there
    and nobody can be writing, so SQLite needs neither side file nor lock.
    """
    if is_writable(path):
        return file_uri(path, "rw")
    if any(side.exists() for side in side_files(path)):
        return file_uri(path, "ro")
    return file_uri(path, "ro") + "&immutable=1"


def connect(
    path: Path, *, readonly: bool = False, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> sqlite3.Connection:
    """Open `path` (which must already be a vetted project file).

    Autocommit mode: writes happen inside explicit transactions (sqlite-utils'
    `atomic()`), so a user action lands whole or not at all.
    """
    conn = sqlite3.connect(
        reading_uri(path) if readonly else file_uri(path, "rw"),
        uri=True,
        isolation_level=None,
        timeout=busy_timeout_ms / 1000,
        check_same_thread=False,
    )
    conn.row_factory = sqlite3.Row
    register_gpkg_functions(conn)  # R-tree triggers GDAL or QGIS added call them on every write
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA foreign_keys = ON")
    # On a network drive a rollback journal, never the write-ahead log: the file is set back
    # to it whenever it is opened there, so one opened in WAL elsewhere cannot freeze the share.
    network = network_filesystem(path)
    if readonly:
        if network and is_writable(path):
            with contextlib.suppress(sqlite3.Error):  # another program has it open: next time
                conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA query_only = ON")
    else:
        conn.execute(f"PRAGMA journal_mode = {'DELETE' if network else 'WAL'}")
        conn.execute(f"PRAGMA synchronous = {'FULL' if network else 'NORMAL'}")
    learn_srs_definitions(conn)  # a CRS the file defines itself (srs_id 100000, WKT)
    return conn


def main_file(conn: sqlite3.Connection) -> Path:
    return Path(conn.execute("PRAGMA database_list").fetchone()[2])


def fold_log_in(conn: sqlite3.Connection, path: Path | None = None) -> bool:
    """Copy the write-ahead log into the project file now; True when all of it went in.

    False when another program is reading or writing the file (PASSIVE waits for no
    one): its own close folds the rest in. Raises WAL_NOT_FOLDED when the log cannot
    be copied (a full disk): the changes are safe in the -wal, but the file alone is
    not the whole project, and SQLite's automatic checkpoints fail without a word.
    """
    try:
        busy, log_frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except sqlite3.Error as error:
        path = Path(path) if path is not None else main_file(conn)
        text = str(error)
        full = getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "is full" in text
        raise ProjectFileError(
            ErrorCode.WAL_NOT_FOLDED,
            path=path,
            wal=f"{path}-wal",
            detail=Msg("disk.full") if full else text,
        ) from error
    return not busy and copied == log_frames
