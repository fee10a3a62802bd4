"""`check` and `check --repair` for records another program deleted for good (storage/orphans.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retrofit_app.core.storage import orphans
from retrofit_app.core.storage.records import write_audit
from retrofit_app.core.words import Msg

if TYPE_CHECKING:
    from sqlite_utils import Database

    from retrofit_app.core.project import Project


def _values(missing: orphans.Missing) -> dict[str, Any]:
    rows = sum(missing.dependants.values())
    return {"kind": Msg(f"record_kind.{missing.table}"), "name": missing.name, "rows": rows}


def deleted_elsewhere(db: Database) -> list[dict[str, Any]]:
    """For check: one entry per record deleted for good elsewhere, with what still points at it."""
    return [_values(missing) for missing in orphans.missing_parents(db)]


def repair_orphans(project: Project) -> list[Msg]:
    """Put each record deleted elsewhere back in the trash (after a backup); one sentence each."""
    from retrofit_app.core.project_backups import backup_now

    with project.read():
        missing = orphans.missing_parents(project.db)
    if not missing:
        return []
    backup_now(project, "before-repair")
    done: list[Msg] = []
    with project.write() as db:
        for record in missing:
            row = orphans.put_back_in_trash(db, record)
            if row is not None:
                write_audit(db, project.user, "insert", record.table, record.uuid, None, row)
                done.append(Msg("check.orphans_repaired", **_values(record)))
    return done
