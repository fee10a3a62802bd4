"""Rolling backups of a project file through SQLite's online backup API."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from retrofit_app.core.storage import work_folder
from retrofit_app.core.storage.connection import reading_uri
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
    return work_folder.backups_folder(project)


def make_backup(source: sqlite3.Connection | Path, project: Path, reason: str) -> Path:
    """Copy the project (a consistent snapshot, even while it is open) into its backup folder."""
    folder = work_folder.ensure(backup_folder(project))
    stamp = datetime.now(UTC).strftime(_STAMP)
    # Several backups in one second get -1, -2 ...: always above the highest
    # taken, so a name freed by pruning is never reused for a newer backup.
    taken = [
        _sequence(m) for m in _matches(folder) if m["stem"] == project.stem and m["stamp"] == stamp
    ]
    n = max(taken, default=-1) + 1
    suffix = f"-{n}" if n else ""
    target = folder / f"{project.stem}.{stamp}{suffix}.{reason}.gpkg"
    # Written in a scratch folder, renamed when whole: a process killed half-way (issue 9
    # crash trials) leaves no broken file listed as a backup, and its scratch is tidied.
    with work_folder.scratch(project, "backup") as work:
        partial = sqlite_copy(source, work_folder.private_copy_target(work.path / target.name))
        os.replace(partial, target)
    return target


def sqlite_copy(source: sqlite3.Connection | Path, target: Path) -> Path:
    """A consistent copy of `source` (open or not) at `target`, through SQLite's backup API:
    a plain single file, so reading it later leaves no -wal/-shm beside it."""
    if isinstance(source, str | Path):
        src = sqlite3.connect(reading_uri(Path(source)), uri=True)
    else:  # anything with SQLite's backup(), a connection
        src = source
    own = src is not source
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


def _matches(folder: Path) -> list[re.Match]:
    if not folder.is_dir():
        return []
    return [m for m in (_NAME.match(p.name) for p in folder.iterdir()) if m]


def _folders(project: Path) -> list[Path]:
    """Where backups are: the project's folder, and the old one beside it until tidy() moved it in."""
    return [backup_folder(project), work_folder.legacy_backups_folder(project)]


def _sequence(match: re.Match) -> int:
    return int(match["n"] or 0)


def list_backups(project: Path) -> list[Backup]:
    """Newest first (the -n counter orders backups made within one second)."""
    found = [
        (
            Backup(
                folder / m.string,
                datetime.strptime(m["stamp"], _STAMP).replace(tzinfo=UTC),
                m["reason"],
            ),
            _sequence(m),
        )
        for folder in _folders(project)
        for m in _matches(folder)
        if m["stem"] == project.stem
    ]
    found.sort(key=lambda pair: (pair[0].made_at, pair[1]), reverse=True)
    return [backup for backup, _ in found]


def prune_backups(project: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest backups; returns what was removed."""
    removed = []
    for backup in list_backups(project)[keep:]:
        backup.path.unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


def restore_into(backup: Path, target: sqlite3.Connection) -> None:
    """Replace the content behind `target` with the backup's, in one step."""
    src = sqlite3.connect(reading_uri(backup), uri=True)  # leaves no -wal/-shm beside it
    try:
        with translated(backup):
            src.backup(target)
    finally:
        src.close()
