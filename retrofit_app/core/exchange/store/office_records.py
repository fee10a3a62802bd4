"""The office's exchange records: packages handed out, merges done, conflicts to decide."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from retrofit_app.core.clock import now_iso
from retrofit_app.core.storage.queries import rows, scalar
from retrofit_app.core.storage.records import insert_row, update_row

if TYPE_CHECKING:
    from sqlite_utils import Database


def add_package(db: Database, values: dict[str, Any], user: str) -> str:
    return insert_row(db, "exchange_packages", values, user, stamp=False)


def package(db: Database, package_uuid: str) -> dict[str, Any] | None:
    found = rows(db, "SELECT * FROM exchange_packages WHERE uuid = ?", [package_uuid])
    return found[0] if found else None


def packages(db: Database) -> list[dict[str, Any]]:
    return rows(db, "SELECT * FROM exchange_packages ORDER BY exported_at DESC, fid DESC")


def add_merge(
    db: Database, package_uuid: str, changeset_sha256: str, summary: dict, user: str
) -> str:
    values = {
        "package_uuid": package_uuid,
        "changeset_sha256": changeset_sha256,
        "summary": json.dumps(summary, ensure_ascii=False),
        "merged_at": now_iso(),
        "merged_by": user,
    }
    return insert_row(db, "exchange_merges", values, user, stamp=False)


def merges(db: Database) -> list[dict[str, Any]]:
    return rows(db, "SELECT * FROM exchange_merges ORDER BY fid DESC")


def conflict_known(
    db: Database, table: str, record_uuid: str, field: str, field_value: Any
) -> bool:
    """The same field value for the same field was recorded by an earlier merge."""
    return (
        scalar(
            db,
            """SELECT 1 FROM merge_conflicts WHERE table_name = ? AND record_uuid = ? AND field = ?
               AND field_value IS ?""",
            [table, record_uuid, field, field_value],
        )
        is not None
    )


def add_conflict(db: Database, values: dict[str, Any], user: str) -> str:
    row = {**values, "created_at": now_iso()}
    return insert_row(db, "merge_conflicts", row, user, stamp=False)


def conflicts(db: Database, *, open_only: bool = False) -> list[dict[str, Any]]:
    where = "WHERE resolved_at IS NULL" if open_only else ""
    return rows(db, f"SELECT * FROM merge_conflicts {where} ORDER BY fid")


def conflict(db: Database, conflict_uuid: str) -> dict[str, Any] | None:
    """The conflict with this uuid, or the one whose uuid starts with it (8+ characters, as
    `conflicts` prints them) when only one does."""
    found = rows(db, "SELECT * FROM merge_conflicts WHERE uuid = ?", [conflict_uuid])
    if not found and len(conflict_uuid) >= 8:
        found = rows(db, "SELECT * FROM merge_conflicts WHERE substr(uuid, 1, ?) = ? LIMIT 2",
                     [len(conflict_uuid), conflict_uuid])  # fmt: skip
        found = found if len(found) == 1 else []
    return found[0] if found else None


def mark_resolved(db: Database, conflict_uuid: str, choice: str, user: str) -> None:
    update_row(
        db,
        "merge_conflicts",
        conflict_uuid,
        {"choice": choice, "resolved_by": user, "resolved_at": now_iso()},
        user,
        stamp=False,
    )


def record_exists(db: Database, table: str, record_uuid: str) -> bool:
    return scalar(db, f"SELECT 1 FROM [{table}] WHERE uuid = ?", [record_uuid]) is not None
