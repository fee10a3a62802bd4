"""The project file as a whole, not its records: a new empty one, a copy saved elsewhere, overview views put back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from retrofit_app.core.storage import create_project_file
from retrofit_app.core.storage.copies import save_copy

__all__ = ["RepairedViews", "create_project_file", "repair_views", "save_copy"]


@dataclass(frozen=True)
class RepairedViews:
    tables: list[str]  # none when there was nothing to repair
    backup_folder: Path  # where the backup made before the repair went


def repair_views(project: Path) -> RepairedViews:
    """`check --repair`: the overview views another program made tables are views again, after a backup."""
    from retrofit_app.core.storage.backups import backup_folder
    from retrofit_app.core.storage.opening import repair_views as restore_views

    project = Path(project).absolute()
    return RepairedViews(restore_views(project), backup_folder(project))
