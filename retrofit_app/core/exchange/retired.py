"""Snapshots no merge can use any more, removed (issue 21): each handed-out field copy keeps a whole
snapshot of its estates in the project's folder, and they were never removed.

A snapshot is no longer needed when
- its field copy was merged back and the same estates (or more) were handed out again after that
  merge: the colleague works on the new copy now (a server sync hands out a new copy each time);
- no package of this project names it: an export stopped before it was recorded, or the project
  was restored from a backup made before the copy was handed out. Only snapshots older than an
  hour, so an export writing its record this moment keeps its own.

A copy that was never merged keeps its snapshot whatever was handed out later: its work is not in.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from retrofit_app.core.exchange.files import base_file, exchange_folder
from retrofit_app.core.exchange.store import office_records
from retrofit_app.core.project import Project
from retrofit_app.core.storage import work_folder

_SUFFIX = ".base.gpkg"
_UNRECORDED_AGE_S = 3600


def unneeded_snapshots(project: Project) -> list[Path]:
    """The snapshot files no merge of this project can use any more (see the module)."""
    with project.read():
        packages = office_records.packages(project.db)
        merged = _last_merges(office_records.merges(project.db))
    found = [
        base_file(project.path, p["base_file"])
        for p in packages
        if _superseded(p, merged.get(p["uuid"]), packages)
    ]
    known = {p["base_file"] for p in packages}
    now = time.time()
    for folder in (
        exchange_folder(project.path),
        work_folder.legacy_exchange_folder(project.path),
    ):
        if folder.is_dir():
            found.extend(
                f
                for f in folder.glob("*" + _SUFFIX)
                if f.name not in known and now - f.stat().st_mtime > _UNRECORDED_AGE_S
            )
    return sorted({f for f in found if f.is_file()})


def remove_unneeded_snapshots(project: Project) -> list[Path]:
    """Remove what unneeded_snapshots() finds (nothing from a read-only project); returns them.
    Called after each export and merge; a file that cannot be removed now is left for next time."""
    if project.readonly:
        return []
    removed = []
    for path in unneeded_snapshots(project):
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def _last_merges(merges: Iterable[dict[str, Any]]) -> dict[str, str]:
    last: dict[str, str] = {}
    for m in merges:
        last[m["package_uuid"]] = max(last.get(m["package_uuid"], ""), m["merged_at"])
    return last


def _superseded(
    package: dict[str, Any], merged_at: str | None, packages: list[dict[str, Any]]
) -> bool:
    """Merged back, and its estates handed out again after that merge."""
    if merged_at is None:
        return False
    estates = set(json.loads(package["estates"]))
    return any(
        later["uuid"] != package["uuid"]
        and later["exported_at"] >= merged_at  # to the second: the same second counts as after
        and estates <= set(json.loads(later["estates"]))
        for later in packages
    )
