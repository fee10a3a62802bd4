"""Signatures drawn on the window's pad (table signatures): read, add, withdraw, each change audited.

A signature belongs to a vote (the owner's signed consent) or to an acceptance's party; its row
is never changed, only withdrawn (deleted_at) and drawn again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retrofit_app.core.storage.queries import rows
from retrofit_app.core.storage.records import delete_row, insert_row, restore_row, trash_row

if TYPE_CHECKING:
    from sqlite_utils import Database

TABLE = "signatures"
OWNERS = ("vote_uuid", "party_uuid")  # what a signature is on

# The estate a vote or a party belongs to.
_ESTATE_OF = {
    "vote_uuid": """SELECT c.estate_uuid FROM votes v
                    JOIN consultations c ON c.uuid = v.consultation_uuid WHERE v.uuid = ?""",
    "party_uuid": """SELECT a.estate_uuid FROM acceptance_parties p
                     JOIN acceptances a ON a.uuid = p.acceptance_uuid WHERE p.uuid = ?""",
}


def estate_of(db: Database, column: str, uuid: str) -> str | None:
    found = db.execute(_ESTATE_OF[column], [uuid]).fetchone()
    return found[0] if found else None


def by_uuid(db: Database, uuid: str) -> dict[str, Any] | None:
    found = rows(db, "SELECT * FROM signatures WHERE uuid = ?", [uuid])
    return found[0] if found else None


def current_rows(db: Database, column: str, uuids: list[str]) -> list[dict[str, Any]]:
    """The signatures not withdrawn on the votes (or parties) `uuids`, latest last."""
    if not uuids:
        return []
    marks = ", ".join("?" for _ in uuids)
    return rows(
        db,
        f"""SELECT * FROM signatures WHERE [{column}] IN ({marks}) AND deleted_at IS NULL
            ORDER BY fid""",
        uuids,
    )


def consultation_rows(db: Database, consultation_uuid: str) -> list[dict[str, Any]]:
    """The signatures not withdrawn on the consultation's votes, with each vote's household."""
    return rows(
        db,
        """SELECT s.*, v.household_uuid AS household_uuid FROM signatures s
           JOIN votes v ON v.uuid = s.vote_uuid
           WHERE v.consultation_uuid = ? AND s.deleted_at IS NULL ORDER BY s.fid""",
        [consultation_uuid],
    )


def estate_rows(db: Database, estate_uuid: str, *, withdrawn: bool = False) -> list[dict[str, Any]]:
    """The estate's signatures with what they are on: the flat of a vote, the role of a party."""
    kept = "" if withdrawn else "AND s.deleted_at IS NULL"
    return rows(
        db,
        f"""SELECT s.*, coalesce(b.name, '') || coalesce(u.name, '') || coalesce(h.room, '') AS flat,
                   c.title AS consultation, p.role AS role, p.name AS party_name,
                   a.fid AS acceptance_fid
            FROM signatures s
            LEFT JOIN votes v ON v.uuid = s.vote_uuid
            LEFT JOIN consultations c ON c.uuid = v.consultation_uuid
            LEFT JOIN households h ON h.uuid = v.household_uuid
            LEFT JOIN units u ON u.uuid = h.unit_uuid
            LEFT JOIN buildings b ON b.uuid = u.building_uuid
            LEFT JOIN acceptance_parties p ON p.uuid = s.party_uuid
            LEFT JOIN acceptances a ON a.uuid = p.acceptance_uuid
            WHERE s.estate_uuid = ? {kept}
            ORDER BY s.fid""",
        [estate_uuid],
    )


def acceptance_numbers(db: Database, estate_uuid: str) -> dict[int, int]:
    """acceptance fid → its number in the estate (1 for the first recorded)."""
    found = db.execute(
        "SELECT fid FROM acceptances WHERE estate_uuid = ? ORDER BY fid", [estate_uuid]
    ).fetchall()
    return {fid: i + 1 for i, (fid,) in enumerate(found)}


def add(db: Database, values: dict[str, Any], user: str) -> str:
    return insert_row(db, TABLE, values, user)


def withdraw(db: Database, uuid: str, user: str) -> None:
    trash_row(db, TABLE, uuid, user)


def restore(db: Database, uuid: str, user: str) -> None:
    restore_row(db, TABLE, uuid, user)


def withdraw_on(db: Database, column: str, uuid: str, user: str) -> None:
    """Withdraw the current signatures on a vote or party (a vote's choice changed)."""
    for row in current_rows(db, column, [uuid]):
        withdraw(db, row["uuid"], user)


def remove_on(db: Database, column: str, uuid: str, user: str) -> None:
    """Remove the signatures on a vote or party about to be removed, each entered in the audit
    log and the evidence chain (the schema's cascade would remove them unrecorded)."""
    for (found,) in db.execute(
        f"SELECT uuid FROM signatures WHERE [{column}] = ?", [uuid]
    ).fetchall():
        delete_row(db, TABLE, found, user)
