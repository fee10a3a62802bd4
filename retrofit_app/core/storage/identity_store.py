"""The committee's identity decisions (table identity_decisions): read, record, withdraw; each audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retrofit_app.core.clock import now_iso
from retrofit_app.core.storage.queries import rows
from retrofit_app.core.storage.records import delete_row, insert_row, update_row

if TYPE_CHECKING:
    from sqlite_utils import Database

TABLE = "identity_decisions"


def decisions(db: Database, estate_uuid: str) -> dict[str, str]:
    """question key → "same" or "different", for the estate."""
    return dict(
        db.execute(
            "SELECT question_key, decision FROM identity_decisions WHERE estate_uuid = ?",
            [estate_uuid],
        ).fetchall()
    )


def decision_rows(db: Database, estate_uuid: str) -> list[dict[str, Any]]:
    return rows(
        db, "SELECT * FROM identity_decisions WHERE estate_uuid = ? ORDER BY fid", [estate_uuid]
    )


def decision_row(db: Database, estate_uuid: str, key: str) -> dict[str, Any] | None:
    found = rows(
        db,
        "SELECT * FROM identity_decisions WHERE estate_uuid = ? AND question_key = ?",
        [estate_uuid, key],
    )
    return found[0] if found else None


def record_decision(
    db: Database, estate_uuid: str, key: str, values: dict[str, Any], user: str
) -> str:
    """Insert or change the decision on question `key` (values: kind, names, rooms, decision,
    decided_by); when it is decided is stamped here. Returns the row's uuid."""
    values = {**values, "decided_at": now_iso()}
    found = decision_row(db, estate_uuid, key)
    if found is None:
        row = {"estate_uuid": estate_uuid, "question_key": key, **values}
        return insert_row(db, TABLE, row, user)
    update_row(db, TABLE, found["uuid"], values, user)
    return found["uuid"]


def withdraw_decision(db: Database, estate_uuid: str, key: str, user: str) -> None:
    """The question is open again (undoing its first decision); the audit log keeps what it was."""
    found = decision_row(db, estate_uuid, key)
    if found is not None:
        delete_row(db, TABLE, found["uuid"], user)
