"""SQL for resident consultations: consultations, votes, and the rows a tally or roster import reads."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from retrofit_app.core.storage.queries import rows

if TYPE_CHECKING:
    from sqlite_utils import Database


def consultation_for(db: Database, subject: str, scope_uuid: str) -> dict[str, Any] | None:
    found = rows(
        db,
        "SELECT * FROM consultations WHERE subject = ? AND scope_uuid = ?",
        [subject, scope_uuid],
    )
    return found[0] if found else None


def consultations_of_estate(
    db: Database, estate_uuid: str, subject: str | None = None
) -> list[dict[str, Any]]:
    """With the scope's building and unit names, in the natural order of those names."""
    where, params = "c.estate_uuid = ?", [estate_uuid]
    if subject:
        where, params = where + " AND c.subject = ?", [*params, subject]
    return rows(
        db,
        f"""SELECT c.*, coalesce(bu.name, bb.name, '') AS building_name, coalesce(u.name, '') AS unit_name,
                   coalesce(bu.uuid, bb.uuid) AS building_uuid
            FROM consultations c
            LEFT JOIN units u ON c.scope_kind = 'unit' AND u.uuid = c.scope_uuid
            LEFT JOIN buildings bu ON bu.uuid = u.building_uuid
            LEFT JOIN buildings bb ON c.scope_kind = 'building' AND bb.uuid = c.scope_uuid
            WHERE {where}
            ORDER BY length(building_name), building_name, length(unit_name), unit_name""",
        params,
    )


def estate_households(db: Database, estate_uuid: str) -> list[dict[str, Any]]:
    """Every live household of the estate with its building and unit (one query, for tallies)."""
    return rows(
        db,
        """SELECT h.uuid, h.room, h.floor, h.area, h.kind, h.rented, h.tenant_name,
                  u.uuid AS unit_uuid, u.name AS unit_name, b.uuid AS building_uuid, b.name AS building_name
           FROM households h JOIN units u ON u.uuid = h.unit_uuid
           JOIN buildings b ON b.uuid = u.building_uuid
           WHERE b.estate_uuid = ? AND h.deleted_at IS NULL AND u.deleted_at IS NULL AND b.deleted_at IS NULL
           ORDER BY length(b.name), b.name, length(u.name), u.name, h.floor, length(h.room), h.room""",
        [estate_uuid],
    )


def estate_owner_links(db: Database, estate_uuid: str) -> list[dict[str, Any]]:
    return rows(
        db,
        """SELECT ho.household_uuid, o.uuid, o.name, o.id_number, o.phone
           FROM household_owners ho JOIN owners o ON o.uuid = ho.owner_uuid
           JOIN households h ON h.uuid = ho.household_uuid JOIN units u ON u.uuid = h.unit_uuid
           JOIN buildings b ON b.uuid = u.building_uuid
           WHERE b.estate_uuid = ? ORDER BY ho.household_uuid, ho.position""",
        [estate_uuid],
    )


def estate_votes(db: Database, estate_uuid: str, subject: str) -> list[dict[str, Any]]:
    """The subject's votes in the estate with the scope they were cast in."""
    return rows(
        db,
        """SELECT v.*, c.scope_kind, c.scope_uuid FROM votes v
           JOIN consultations c ON c.uuid = v.consultation_uuid
           WHERE c.estate_uuid = ? AND c.subject = ?""",
        [estate_uuid, subject],
    )


def consultation_scopes(db: Database, estate_uuid: str, subject: str) -> dict[str, str]:
    """Scope uuid → uuid of the subject's consultations in the estate (one lookup per roster import)."""
    return dict(
        db.execute(
            "SELECT scope_uuid, uuid FROM consultations WHERE estate_uuid = ? AND subject = ?",
            [estate_uuid, subject],
        ).fetchall()
    )


def vote_for(db: Database, consultation_uuid: str, household_uuid: str) -> dict[str, Any] | None:
    found = rows(
        db,
        "SELECT * FROM votes WHERE consultation_uuid = ? AND household_uuid = ?",
        [consultation_uuid, household_uuid],
    )
    return found[0] if found else None


def votes_of_consultation(db: Database, consultation_uuid: str) -> list[dict[str, Any]]:
    return rows(db, "SELECT * FROM votes WHERE consultation_uuid = ?", [consultation_uuid])


def vote_audit(db: Database, household_uuid: str) -> list[dict[str, Any]]:
    """Every audit entry about the household's votes, in the order they were made (a merged field
    copy's entries are appended later but carry their own times), removed votes included.

    Live votes are found through their index; only removals need the log itself read.
    """
    return rows(
        db,
        """SELECT * FROM audit_log WHERE record_uuid IN (
             SELECT uuid FROM votes WHERE household_uuid = ?1
             UNION
             SELECT record_uuid FROM audit_log WHERE action = 'delete' AND table_name = 'votes'
               AND json_extract(old_values, '$.household_uuid') = ?1)
           ORDER BY at, fid""",
        [household_uuid],
    )


def estate_places(db: Database, estate_uuid: str) -> tuple[list[dict], list[dict], list[dict]]:
    """Live buildings, units and households of the estate, for matching roster rows by name."""
    buildings = rows(
        db,
        "SELECT uuid, name FROM buildings WHERE estate_uuid = ? AND deleted_at IS NULL",
        [estate_uuid],
    )
    units = rows(
        db,
        """SELECT u.uuid, u.name, u.building_uuid FROM units u JOIN buildings b ON b.uuid = u.building_uuid
           WHERE b.estate_uuid = ? AND u.deleted_at IS NULL AND b.deleted_at IS NULL""",
        [estate_uuid],
    )
    households = rows(
        db,
        """SELECT h.* FROM households h JOIN units u ON u.uuid = h.unit_uuid
           JOIN buildings b ON b.uuid = u.building_uuid
           WHERE b.estate_uuid = ? AND u.deleted_at IS NULL AND b.deleted_at IS NULL""",
        [estate_uuid],
    )
    return buildings, units, households


def household_scopes(db: Database, household_uuid: str) -> dict[str, Any] | None:
    found = rows(
        db,
        """SELECT h.unit_uuid, u.building_uuid, b.estate_uuid FROM households h
           JOIN units u ON u.uuid = h.unit_uuid JOIN buildings b ON b.uuid = u.building_uuid
           WHERE h.uuid = ?""",
        [household_uuid],
    )
    return found[0] if found else None


def all_owners(db: Database) -> list[dict[str, Any]]:
    """Every owner of the project (owners are shared between estates), for matching by identity."""
    return rows(db, "SELECT uuid, name, id_number, phone FROM owners ORDER BY fid")


def opinions_of(db: Database, estate_uuid: str, kind: str | None = None) -> list[dict[str, Any]]:
    """Live opinions of the estate, with the household's room when not anonymous, oldest first."""
    where, params = "o.estate_uuid = ? AND o.deleted_at IS NULL", [estate_uuid]
    if kind:
        where, params = where + " AND o.kind = ?", [*params, kind]
    return rows(
        db,
        f"""SELECT o.*, coalesce(b.name || u.name || h.room, '') AS place FROM opinions o
            LEFT JOIN households h ON h.uuid = o.household_uuid
            LEFT JOIN units u ON u.uuid = h.unit_uuid LEFT JOIN buildings b ON b.uuid = u.building_uuid
            WHERE {where} ORDER BY o.received_on, o.fid""",
        params,
    )


@contextlib.contextmanager
def snapshot(db: Database) -> Iterator[None]:
    """Reads inside see one state of the file, even while another connection commits (WAL)."""
    db.execute("SAVEPOINT consultation_read")
    try:
        yield
    finally:
        db.execute("RELEASE consultation_read")


def tally_units(db: Database, estate_uuid: str) -> list[tuple]:
    """(unit, building, building name, unit name) of the estate's live units, for the tally."""
    return db.execute(
        """SELECT u.uuid, b.uuid, b.name, u.name FROM buildings b JOIN units u ON u.building_uuid = b.uuid
           WHERE b.estate_uuid = ? AND b.deleted_at IS NULL AND u.deleted_at IS NULL""",
        [estate_uuid],
    ).fetchall()


def tally_rows(db: Database, estate_uuid: str) -> list[tuple]:
    """One row per household and owner (owner columns NULL when none), lean tuples for the tally:
    (household, unit, room, area, kind, owner name, owner id, problems), in the order of
    tally_units, then floor and room. `problems`: the codes of a flat the roster import kept
    to settle, comma-separated (households.problems; NULL or '' when none)."""
    return db.execute(
        """SELECT h.uuid, u.uuid, h.room, h.area, h.kind, o.name, o.id_number, h.problems
           FROM buildings b JOIN units u ON u.building_uuid = b.uuid
           JOIN households h ON h.unit_uuid = u.uuid
           LEFT JOIN household_owners ho ON ho.household_uuid = h.uuid
           LEFT JOIN owners o ON o.uuid = ho.owner_uuid
           WHERE b.estate_uuid = ? AND b.deleted_at IS NULL AND u.deleted_at IS NULL AND h.deleted_at IS NULL
           ORDER BY length(b.name), b.name, length(u.name), u.name, h.floor, length(h.room), h.room, ho.position""",
        [estate_uuid],
    ).fetchall()


def tally_votes(db: Database, estate_uuid: str, subject: str) -> list[tuple]:
    """(household, choice, scope kind) of the subject's votes in the estate."""
    return db.execute(
        """SELECT v.household_uuid, v.choice, c.scope_kind FROM consultations c
           JOIN votes v ON v.consultation_uuid = c.uuid WHERE c.estate_uuid = ? AND c.subject = ?""",
        [estate_uuid, subject],
    ).fetchall()
