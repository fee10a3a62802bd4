"""Where exchange files live in the office project's folder, and how they are copied and hashed."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from retrofit_app.core.storage import work_folder as storage_work_folder
from retrofit_app.core.storage.backups import sqlite_copy
from retrofit_app.core.storage.connection import side_files

# app_meta keys a field copy carries.
ORIGIN_KEY = "origin_project_uuid"
PACKAGE_KEY = "package_uuid"
BASE_HASH_KEY = "package_base_sha256"


def exchange_folder(project: Path) -> Path:
    """The snapshots of handed-out field copies, in the project's own folder (storage/work_folder.py)."""
    return storage_work_folder.exchange_folder(project)


def base_file(project: Path, name: str) -> Path:
    """Where the snapshot `name` is: the project's folder, or the old `.exchange` beside it
    while tidy() has not moved it in yet (a project opened read-only, say)."""
    found = exchange_folder(project) / name
    legacy = storage_work_folder.legacy_exchange_folder(project) / name
    return legacy if not found.exists() and legacy.exists() else found


def base_path(project: Path, package_uuid: str) -> Path:
    return base_file(project, f"{package_uuid}.base.gpkg")


def new_base_path(project: Path, package_uuid: str) -> Path:
    """An empty owner-only file, ready for the snapshot of a package about to be handed out."""
    folder = storage_work_folder.ensure(exchange_folder(project))
    return storage_work_folder.private_copy_target(folder / f"{package_uuid}.base.gpkg")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def snapshot(source: sqlite3.Connection | Path, target: Path) -> Path:
    """A consistent copy of `source` at `target`, for scratch work.

    A closed file (no -wal, no -shm: no program has it open in WAL mode) is copied
    as bytes (much faster for a package full of photos); anything else through
    SQLite, since closing a plain handle on a file SQLite has open in this process
    drops its locks (issue 23).
    """
    if isinstance(source, Path) and not any(side.exists() for side in side_files(source)):
        shutil.copyfile(source, target)
        return target
    return sqlite_copy(source, target)


@contextlib.contextmanager
def work_folder(project: Path) -> Iterator[Path]:
    """A scratch folder for a merge, in the project's own folder (same disk, owner-only), removed
    afterwards; a killed merge's is removed when the project is next opened for writing."""
    with storage_work_folder.scratch(project, "merge") as work:
        yield work.path
