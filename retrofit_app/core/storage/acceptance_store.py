"""An estate's acceptance records (tables acceptances, acceptance_parties): read and write, each change audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retrofit_app.core.storage import signature_store
from retrofit_app.core.storage.queries import rows
from retrofit_app.core.storage.records import delete_row, insert_row, update_row

if TYPE_CHECKING:
    from sqlite_utils import Database

TABLE = "acceptances"
PARTIES = "acceptance_parties"


def acceptance_rows(db: Database, estate_uuid: str) -> list[dict[str, Any]]:
    """The estate's acceptances, oldest first (number 1 is the first recorded)."""
    return rows(db, "SELECT * FROM acceptances WHERE estate_uuid = ? ORDER BY fid", [estate_uuid])


def party_rows(db: Database, acceptance_uuids: list[str]) -> list[dict[str, Any]]:
    if not acceptance_uuids:
        return []
    marks = ", ".join("?" for _ in acceptance_uuids)
    return rows(
        db,
        f"SELECT * FROM acceptance_parties WHERE acceptance_uuid IN ({marks}) ORDER BY fid",
        acceptance_uuids,
    )


def add_acceptance(db: Database, estate_uuid: str, values: dict[str, Any], user: str) -> str:
    return insert_row(db, TABLE, {"estate_uuid": estate_uuid, **values}, user)


def change_acceptance(db: Database, uuid: str, changes: dict[str, Any], user: str) -> None:
    update_row(db, TABLE, uuid, changes, user)


def set_party(
    db: Database, acceptance_uuid: str, role: str, name: str, representative: str, user: str
) -> None:
    """Record who signs for `role`; both empty removes the party (the audit log keeps it)."""
    found = rows(
        db,
        "SELECT uuid FROM acceptance_parties WHERE acceptance_uuid = ? AND role = ?",
        [acceptance_uuid, role],
    )
    if not name and not representative:
        if found:
            signature_store.remove_on(db, "party_uuid", found[0]["uuid"], user)
            delete_row(db, PARTIES, found[0]["uuid"], user)
        return
    values = {"name": name, "representative": representative}
    if found:
        update_row(db, PARTIES, found[0]["uuid"], values, user)
    else:
        insert_row(db, PARTIES, {"acceptance_uuid": acceptance_uuid, "role": role, **values}, user)


def doc_number_taken(db: Database, number: str) -> bool:
    """Whether an acceptance of this project already carries `number`."""
    found = db.execute("SELECT 1 FROM acceptances WHERE doc_number = ?", [number]).fetchone()
    return found is not None
