"""Where file dialogs open: beside the project, else the user's documents folder (never the
program's hidden data folder, where Qt would otherwise start)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


def documents_folder() -> str:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return found if found and Path(found).is_dir() else str(Path.home())


def start_folder(project: Project | None) -> str:
    return str(project.path.parent) if project is not None else documents_folder()
