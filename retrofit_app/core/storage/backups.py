"""Rolling backups of a project file: its records each time, its photos' bytes once (backup_sets)."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.storage import backup_sets, work_folder
from retrofit_app.core.storage.backup_sets import ShouldStop
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


@dataclass(frozen=True)
class Retention:
    """What a project's backups may keep: the `count` newest, and of those only as many as fit in
    `max_bytes` together (records files and the photo bytes they name, each counted once; None:
    no limit). The newest backup is kept whatever its size."""

    count: int
    max_bytes: int | None = None


Keep = int | Retention


def backup_folder(project: Path) -> Path:
    return work_folder.backups_folder(project)


def make_backup(
    source: sqlite3.Connection | Path,
    project: Path,
    reason: str,
    *,
    should_stop: ShouldStop = lambda: False,
) -> Path:
    """Back the project up into its backup folder (a consistent snapshot, even while it is open):
    its records as a file of their own, each photo's bytes once in the folder's photo store.

    `should_stop` is asked between tables and every few photos; when it says so the backup
    stops (BackupStopped) and nothing is listed. A disk without room for what the backup would
    write is refused before anything is written.
    """
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
    file = _file_of(source)
    # Written in a scratch folder, renamed when whole: a process killed half-way (issue 9
    # crash trials) leaves no broken file listed as a backup, and its scratch is tidied.
    store = None if file is None else backup_sets.store_of(folder)  # held till it is listed
    try:
        with work_folder.scratch(project, "backup") as work:
            partial = work_folder.private_copy_target(work.path / target.name)
            if store is None or file is None:  # in memory: a whole copy by SQLite's backup API
                sqlite_copy(source, partial)
            else:
                _check_room(backup_sets.plan_copy(file, store), folder)
                with translated(file):
                    backup_sets.copy_records(file, partial, store, should_stop)
            os.replace(partial, target)
    finally:
        if store is not None:
            store.close()
    return target


def _file_of(source: sqlite3.Connection | Path) -> Path | None:
    """The file behind `source`: a path, or the main database of a connection (None in memory)."""
    if isinstance(source, str | Path):
        return Path(source)
    try:
        name = next(row[2] for row in source.execute("PRAGMA database_list") if row[1] == "main")
    except (sqlite3.Error, StopIteration):
        return None
    return Path(name) if name else None


# Left free after a backup: the project must still be able to grow and log its writes.
_MARGIN_BYTES = 256 * 1024 * 1024


def _check_room(plan: backup_sets.CopyPlan, folder: Path) -> None:
    free = shutil.disk_usage(folder).free
    needed = plan.new_bytes + plan.records_bytes
    if free < needed + _MARGIN_BYTES:
        raise RetrofitError(
            ErrorCode.BACKUP_NO_ROOM, path=folder, needed_mb=_mb(needed), free_mb=_mb(free)
        )


# The disk is said to run low when it could take no more than this many backups like the newest.
_BACKUPS_AHEAD = 3


@dataclass(frozen=True)
class DiskRoom:
    """What a project's backups take on the disk, what is left there, and whether the disk is
    running low: room for fewer than _BACKUPS_AHEAD more backups like the newest (records and
    new photos), or under a twentieth of the disk."""

    folder: Path
    taken: int
    free: int
    low: bool

    @property
    def taken_mb(self) -> str:
        return _mb(self.taken)

    @property
    def free_mb(self) -> str:
        return _mb(self.free)


def disk_room(project: Path) -> DiskRoom:
    """How the disk holding `project`'s backups stands (told after each backup and in `backups`,
    so the user hears of it before a backup is refused for want of room)."""
    folder = backup_folder(project)
    where = folder if folder.is_dir() else project.parent
    taken = (
        sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0
    )
    found = list_backups(project)
    newest = found[0].path.stat().st_size if found else 0
    usage = shutil.disk_usage(where)
    low = usage.free < _BACKUPS_AHEAD * newest + _MARGIN_BYTES or usage.free < usage.total / 20
    return DiskRoom(folder, taken, usage.free, low)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f}"


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


def prune_backups(project: Path, keep: Keep) -> list[Path]:
    """Delete all but the newest backups `keep` allows (a count, or a Retention with a disk
    limit: the oldest go first), then the photo bytes no kept backup names; returns the backups
    removed. The photo store is held throughout: a backup still being made is listed before
    this looks, so the bytes it wrote are never taken from under it."""
    rule = keep if isinstance(keep, Retention) else Retention(keep)
    folder = backup_folder(project)
    store = backup_sets.store_of(folder) if (folder / backup_sets.STORE).is_dir() else None
    try:
        found = list_backups(project)
        kept = found[: rule.count]
        named = _keys_of(kept)
        if rule.max_bytes is not None and store is not None and named is not None:
            kept = _within(kept, named, store, rule.max_bytes)
        removed = []
        for backup in found[len(kept) :]:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
        if store is not None and named is not None:  # nothing removed when one cannot be read
            store.keep_only(set().union(*(named[b.path] for b in kept)))
    finally:
        if store is not None:
            store.close()
    return removed


def _keys_of(backups: list[Backup]) -> dict[Path, set[str]] | None:
    """The photo keys each backup names; None when one cannot be read."""
    named = {}
    for backup in backups:
        keys = backup_sets.all_keys([backup.path])
        if keys is None:
            return None
        named[backup.path] = keys
    return named


def _within(
    kept: list[Backup], named: dict[Path, set[str]], store: backup_sets.PhotoStore, limit: int
) -> list[Backup]:
    """The newest of `kept` (newest first) whose records files and photo bytes fit in `limit`
    bytes together; at least the newest."""

    def size(path: Path) -> int:
        try:
            return path.stat().st_size
        except OSError:
            return 0

    photo_sizes: dict[str, int] = {}
    total = 0
    fitting: list[Backup] = []
    for backup in kept:
        new_keys = [k for k in named[backup.path] if k not in photo_sizes]
        for key in new_keys:
            photo_sizes[key] = size(store.path_of(key))
        total += size(backup.path) + sum(photo_sizes[k] for k in new_keys)
        if fitting and total > limit:
            break
        fitting.append(backup)
    return fitting


def restore_into(backup: Path, target: sqlite3.Connection) -> None:
    """Replace the content behind `target` with the backup's, in one step; a backup that keeps
    its photos in the store is first made whole in a scratch copy, each photo checked against
    its hash (a store that lost or changed one refuses the restore; the project is untouched)."""
    whole = backup
    if backup_sets.is_keyed(backup):
        project = _file_of(target) or backup
        with work_folder.scratch(project, "restore") as work:
            whole = sqlite_copy(backup, work_folder.private_copy_target(work.path / backup.name))
            store = backup_sets.store_of(backup.parent)
            conn = sqlite3.connect(whole, isolation_level=None)
            try:
                backup_sets.fill_photos(conn, store)
            except backup_sets.PhotoBytesMissing as missing:
                raise RetrofitError(
                    ErrorCode.BACKUP_PHOTOS_MISSING, path=backup, count=len(missing.keys)
                ) from missing
            finally:
                conn.close()
                store.close()
            _copy_into(whole, target)
        return
    _copy_into(whole, target)


def _copy_into(whole: Path, target: sqlite3.Connection) -> None:
    src = sqlite3.connect(reading_uri(whole), uri=True)  # leaves no -wal/-shm beside it
    try:
        with translated(whole):
            src.backup(target)
    finally:
        src.close()
