"""Where exchange files live beside the office project, and how they are copied and hashed."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from retrofit_app.core.storage.connection import file_uri
from retrofit_app.core.storage.sqlite_errors import translated

# app_meta keys a field copy carries.
ORIGIN_KEY = "origin_project_uuid"
PACKAGE_KEY = "package_uuid"
BASE_HASH_KEY = "package_base_sha256"


def exchange_folder(project: Path) -> Path:
    """The snapshots of handed-out field copies, kept beside the office file."""
    return project.with_name(project.name + ".exchange")


def base_path(project: Path, package_uuid: str) -> Path:
    return exchange_folder(project) / f"{package_uuid}.base.gpkg"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def snapshot(source: sqlite3.Connection | Path, target: Path) -> Path:
    """A consistent copy of `source` at `target`, for scratch work.

    A closed file with nothing pending in its WAL is copied as bytes (much
    faster for a package full of photos); anything else through SQLite.
    """
    wal = Path(f"{source}-wal")
    if isinstance(source, Path) and not (wal.exists() and wal.stat().st_size):
        shutil.copyfile(source, target)
        return target
    own = not isinstance(source, sqlite3.Connection)
    src = sqlite3.connect(file_uri(Path(source), "ro"), uri=True) if own else source
    try:
        with translated(target):
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
    finally:
        if own:
            src.close()
    return target


@contextlib.contextmanager
def work_folder(beside: Path) -> Iterator[Path]:
    """A scratch folder on the same disk as the office file, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=".merge-", dir=beside.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
