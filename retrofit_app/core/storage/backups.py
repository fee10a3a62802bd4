"""Rolling backups of a project file through SQLite's online backup API."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from retrofit_app.core.errors import ErrorCode, ProjectFileError
from retrofit_app.core.storage.connection import file_uri
from retrofit_app.core.storage.sqlite_errors import translated

_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(
    r"^(?P<stem>.+)\.(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.(?P<reason>[a-z-]+)\.gpkg$"
)


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    reason: str


def backup_folder(project: Path) -> Path:
    return project.with_name(project.name + ".backups")


def make_backup(source: sqlite3.Connection | Path, project: Path, reason: str) -> Path:
    """Copy the project (a consistent snapshot, even while it is open) into its backup folder."""
    folder = backup_folder(project)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise ProjectFileError(
            ErrorCode.CANNOT_WRITE, path=folder, detail=error.strerror
        ) from error
    stamp = datetime.now(UTC).strftime(_STAMP)
    target = folder / f"{project.stem}.{stamp}.{reason}.gpkg"
    n = 1
    while target.exists():
        target = folder / f"{project.stem}.{stamp}-{n}.{reason}.gpkg"
        n += 1
    own = isinstance(source, Path)
    src = sqlite3.connect(file_uri(source, "ro"), uri=True) if own else source
    try:
        with translated(target):
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        if own:
            src.close()
    return target


def list_backups(project: Path) -> list[Backup]:
    folder = backup_folder(project)
    found: list[Backup] = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match:
                made = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
                found.append(Backup(path, made, match["reason"]))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def prune_backups(project: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest backups; returns what was removed."""
    removed = []
    for backup in list_backups(project)[keep:]:
        backup.path.unlink(missing_ok=True)
        removed.append(backup.path)
    return removed
