"""What a backup gives back, for the tests: its records with its photos from the backup store,
restored into a new project file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from retrofit_app.core.storage.backups import restore_into
from retrofit_app.core.storage.create import create_project_file


def restored_copy(backup: Path, target: Path) -> Path:
    """A new project at `target` holding what `backup` gives back."""
    create_project_file(target)
    conn = sqlite3.connect(target)
    try:
        restore_into(backup, conn)
    finally:
        conn.close()
    return target
