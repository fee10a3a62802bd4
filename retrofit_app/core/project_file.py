"""The project file as a whole, not its records: a new empty one, a copy saved elsewhere, overview views put back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from retrofit_app.core.storage import create_project_file
from retrofit_app.core.storage.copies import save_copy

__all__ = ["RepairedViews", "create_project_file", "repair_views", "save_copy"]


@dataclass(frozen=True)
class RepairedViews:
    tables: list[str]  # none when there was nothing to repair
    backup_folder: Path  # where the backup made before the repair went
    rebuilt: list[str] = field(default_factory=list)  # tables that had lost their rules


def repair_views(project: Path) -> RepairedViews:
    """`check --repair` on a copy another program wrote, after a backup: the overview views it
    made tables are views again, the tables that lost their rules (foreign keys, CHECKs,
    UNIQUE, indexes) rebuilt as db/schema.sql makes them."""
    from retrofit_app.core.storage.backups import backup_folder
    from retrofit_app.core.storage.opening import repair_copy

    project = Path(project).absolute()
    views, rebuilt = repair_copy(project)
    return RepairedViews(views, backup_folder(project), rebuilt)
