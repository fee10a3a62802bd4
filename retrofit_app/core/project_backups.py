"""Backups of the open project: on a schedule, listed, restored (the current file saved first), pruned."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from retrofit_app.core.errors import ErrorCode, ProjectFileError, RetrofitError
from retrofit_app.core.project import Project
from retrofit_app.core.storage import migrations
from retrofit_app.core.storage.backup_sets import BackupStopped, ShouldStop
from retrofit_app.core.storage.backups import (
    Backup,
    DiskRoom,
    Keep,
    disk_room,
    list_backups,
    make_backup,
    prune_backups,
    restore_into,
)
from retrofit_app.core.storage.opening import probe
from retrofit_app.core.storage.schema import SCHEMA_VERSION
from retrofit_app.core.storage.sqlite_errors import translated

__all__ = [
    "Backup",
    "BackupStopped",
    "DiskRoom",
    "backup_if_due",
    "backup_now",
    "disk_room",
    "list_backups",
    "restore_backup",
]


def _never() -> bool:
    return False


def backup_now(
    project: Project,
    reason: str = "manual",
    *,
    keep: Keep | None = None,
    should_stop: ShouldStop = _never,
) -> Path:
    """Back the project up now. `should_stop` (a job's cancel flag, the window closing) is asked
    between tables and every few photos: when it says so, BackupStopped is raised, nothing is
    listed and the half-written records are removed (photo bytes already stored serve the next
    backup); nothing is pruned."""
    made = make_backup(project.conn, project.path, reason, should_stop=should_stop)
    if keep is not None:
        prune_backups(project.path, keep)
    return made


def backup_if_due(
    project: Project,
    hours: float,
    *,
    keep: Keep | None = None,
    now: datetime | None = None,
    should_stop: ShouldStop = _never,
) -> Path | None:
    """Make a scheduled backup when the newest one (of any kind) is `hours` old or more;
    `should_stop` as for backup_now (BackupStopped)."""
    if project.readonly:
        return None
    found = list_backups(project.path)
    now = now or datetime.now(UTC)
    if found and now - found[0].made_at < timedelta(hours=hours):
        return None
    return backup_now(project, "scheduled", keep=keep, should_stop=should_stop)


def restore_backup(project: Project, backup: Path, *, keep: Keep | None = None) -> Path:
    """Put `backup` in place of the project's content; returns the backup of the replaced content."""
    backup = Path(backup).absolute()
    if not backup.is_file():
        raise RetrofitError(ErrorCode.NO_SUCH_BACKUP, path=backup)
    if project.readonly:
        raise ProjectFileError(ErrorCode.READ_ONLY, path=project.path)
    found = probe(backup, backup=True)
    if found > SCHEMA_VERSION:
        raise ProjectFileError(
            ErrorCode.TOO_NEW, path=backup, found=found, supported=SCHEMA_VERSION
        )
    if backup.resolve() == project.path.resolve():
        raise RetrofitError(ErrorCode.NO_SUCH_BACKUP, path=backup)
    saved = make_backup(project.conn, project.path, "before-restore")
    restore_into(backup, project.conn)
    if found < SCHEMA_VERSION:
        with translated(project.path):
            migrations.migrate(project.conn, found, SCHEMA_VERSION)
    if keep is not None:
        prune_backups(project.path, keep)
    return saved
