"""Read queries used across services: counts, metadata, estate lookups, the tree."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from retrofit_app.core.model import ProjectCounts
from retrofit_app.core.privacy import mask_id_number

if TYPE_CHECKING:
    import sqlite3

    from sqlite_utils import Database

    # The reads the window makes before sqlite-utils is imported take the plain connection.
    AnyConnection = Database | sqlite3.Connection


T = TypeVar("T")


def batches(items: Sequence[T], per: int) -> Iterator[Sequence[T]]:
    """`items` in slices of `per`, then the rest in sizes of powers of two (a rest of 300: 256,
    32, 8, 4): many-row statements of a bulk write then have a few texts, each parsed once and
    kept in sqlite3's statement cache, rather than a new text, parsed anew, for each rest."""
    whole = len(items) - len(items) % per
    yield from (items[start : start + per] for start in range(0, whole, per))
    start, rest = whole, len(items) - whole
    size = 1 << max(rest.bit_length() - 1, 0)
    while rest:
        if rest >= size:
            yield items[start : start + size]
            start, rest = start + size, rest - size
        size >>= 1


def rows(db: AnyConnection, sql: str, params: list[Any] | tuple = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def scalar(db: AnyConnection, sql: str, params: list[Any] | tuple = ()) -> Any:
    row = db.execute(sql, list(params)).fetchone()
    return row[0] if row else None


def meta(db: AnyConnection) -> dict[str, str]:
    return {r["key"]: r["value"] for r in rows(db, "SELECT key, value FROM app_meta")}


def quick_check(db: AnyConnection) -> str:
    """SQLite's quick integrity check: "ok", or the first problem it found."""
    return scalar(db, "PRAGMA quick_check")


def data_version(db: AnyConnection) -> int:
    """Changes when another connection commits to the file (not for our own commits)."""
    return int(scalar(db, "PRAGMA data_version"))


@contextlib.contextmanager
def page_cache(db: AnyConnection, kib: int) -> Iterator[None]:
    """A page cache of `kib` KiB for the duration (bulk imports), then the old size again."""
    before = int(scalar(db, "PRAGMA cache_size"))
    db.execute(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {before}")


def counts(db: AnyConnection) -> ProjectCounts:
    row = rows(
        db,
        """
        SELECT
          (SELECT count(*) FROM estates WHERE deleted_at IS NULL) AS estates,
          (SELECT count(*) FROM buildings b JOIN estates e ON e.uuid = b.estate_uuid
            WHERE b.deleted_at IS NULL AND e.deleted_at IS NULL) AS buildings,
          (SELECT count(*) FROM units u JOIN buildings b ON b.uuid = u.building_uuid
            JOIN estates e ON e.uuid = b.estate_uuid
            WHERE u.deleted_at IS NULL AND b.deleted_at IS NULL AND e.deleted_at IS NULL) AS units,
          (SELECT count(*) FROM households h JOIN units u ON u.uuid = h.unit_uuid
            JOIN buildings b ON b.uuid = u.building_uuid JOIN estates e ON e.uuid = b.estate_uuid
            WHERE h.deleted_at IS NULL AND u.deleted_at IS NULL AND b.deleted_at IS NULL
              AND e.deleted_at IS NULL) AS households,
          (SELECT count(*) FROM photos p JOIN estates e ON e.uuid = p.estate_uuid
            WHERE p.deleted_at IS NULL AND e.deleted_at IS NULL) AS photos
        """,
    )[0]
    return ProjectCounts(**row)


ESTATE_SELECT = """
SELECT e.uuid, e.code, e.name, e.address, e.year_built, e.stage, e.note, e.geom,
       e.deleted_at, d.name AS district, s.name AS street, c.name AS community,
       b.geom AS boundary
FROM estates e
LEFT JOIN districts d ON d.uuid = e.district_uuid
LEFT JOIN streets s ON s.uuid = e.street_uuid
LEFT JOIN communities c ON c.uuid = e.community_uuid
LEFT JOIN estate_boundaries b ON b.estate_uuid = e.uuid
"""


def estate_rows(
    db: Database, where: str = "e.deleted_at IS NULL", params: list[Any] | tuple = ()
) -> list[dict[str, Any]]:
    return rows(db, f"{ESTATE_SELECT} WHERE {where} ORDER BY e.code", params)


def estates_matching(db: Database, text: str) -> list[dict[str, Any]]:
    # Escaped: a user searching for "%" or "_" means those characters, not wildcards.
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    like = f"%{escaped}%"
    return estate_rows(
        db,
        "e.deleted_at IS NULL AND (e.name LIKE ?1 ESCAPE '\\' OR e.code LIKE ?1 ESCAPE '\\'"
        " OR e.address LIKE ?1 ESCAPE '\\' OR d.name LIKE ?1 ESCAPE '\\' OR s.name LIKE ?1 ESCAPE '\\'"
        " OR c.name LIKE ?1 ESCAPE '\\')",
        [like],
    )


def estate_codes_with_prefix(db: Database, prefix: str) -> list[str]:
    return [
        r["code"] for r in rows(db, "SELECT code FROM estates WHERE code LIKE ?", [f"{prefix}-%"])
    ]


def code_taken(db: Database, code: str) -> bool:
    return scalar(db, "SELECT 1 FROM estates WHERE code = ? COLLATE NOCASE", [code]) is not None


def boundary_uuid(db: Database, estate_uuid: str) -> str | None:
    return scalar(db, "SELECT uuid FROM estate_boundaries WHERE estate_uuid = ?", [estate_uuid])


def tree_rows(db: AnyConnection) -> tuple[list[dict], list[dict], list[dict]]:
    """Live estates, buildings and units, ordered for display (natural order of numbers)."""
    estates = rows(
        db,
        """SELECT e.uuid, e.code, e.name, e.stage, coalesce(d.name, '') AS district,
                  coalesce(s.name, '') AS street
           FROM estates e LEFT JOIN districts d ON d.uuid = e.district_uuid
           LEFT JOIN streets s ON s.uuid = e.street_uuid
           WHERE e.deleted_at IS NULL ORDER BY district, street, e.code""",
    )
    buildings = rows(
        db,
        """SELECT uuid, estate_uuid, name FROM buildings WHERE deleted_at IS NULL
           ORDER BY estate_uuid, length(name), name""",
    )
    units = rows(
        db,
        """SELECT uuid, building_uuid, name FROM units WHERE deleted_at IS NULL
           ORDER BY building_uuid, length(name), name""",
    )
    return estates, buildings, units


def _children(
    db: Database, table: str, parent: str, uuid: str, order: str, include_deleted: bool
) -> list[dict[str, Any]]:
    live = "" if include_deleted else "AND deleted_at IS NULL"
    return rows(db, f"SELECT * FROM {table} WHERE {parent} = ? {live} ORDER BY {order}", [uuid])


def buildings_of(
    db: Database, estate_uuid: str, include_deleted: bool = False
) -> list[dict[str, Any]]:
    return _children(
        db, "buildings", "estate_uuid", estate_uuid, "length(name), name", include_deleted
    )


def units_of(
    db: Database, building_uuid: str, include_deleted: bool = False
) -> list[dict[str, Any]]:
    return _children(
        db, "units", "building_uuid", building_uuid, "length(name), name", include_deleted
    )


def households_of(
    db: Database, unit_uuid: str, include_deleted: bool = False
) -> list[dict[str, Any]]:
    order = "floor, length(room), room"
    return _children(db, "households", "unit_uuid", unit_uuid, order, include_deleted)


def owners_of_households(
    db: Database, household_uuids: list[str]
) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {u: [] for u in household_uuids}
    for start in range(0, len(household_uuids), 500):
        chunk = household_uuids[start : start + 500]
        marks = ",".join("?" for _ in chunk)
        for row in rows(
            db,
            f"""SELECT ho.household_uuid, o.uuid, o.name, o.id_number, o.phone
                FROM household_owners ho JOIN owners o ON o.uuid = ho.owner_uuid
                WHERE ho.household_uuid IN ({marks}) ORDER BY ho.position""",
            chunk,
        ):
            found[row.pop("household_uuid")].append(row)
    return found


def owner_by_identity(db: Database, name: str, id_number: str) -> dict[str, Any] | None:
    """The stored owner written the same way: the same name and ID number (or the same name
    where no ID is known). One ID number under two names stays two entries, for the committee
    to decide whether they are one person (consultation/identity.py), not the first name kept.

    A masked ID (a field copy's 320102********1234) is shared by many people: it matches an
    owner of the same name whose ID masks to it (or is stored masked, as in a field copy).
    """
    if "*" in id_number:
        found = [
            o
            for o in rows(db, "SELECT * FROM owners WHERE name = ? ORDER BY fid", [name])
            if mask_id_number(o["id_number"]) == id_number
        ][:1]
    elif id_number:
        found = rows(
            db, "SELECT * FROM owners WHERE id_number = ? AND name = ? LIMIT 1", [id_number, name]
        )
    else:
        found = rows(db, "SELECT * FROM owners WHERE id_number = '' AND name = ? LIMIT 1", [name])
    return found[0] if found else None


def household_owner_links(db: Database, household_uuid: str) -> list[dict[str, Any]]:
    return rows(
        db,
        "SELECT * FROM household_owners WHERE household_uuid = ? ORDER BY position",
        [household_uuid],
    )


def owner_link_count(db: Database, owner_uuid: str) -> int:
    """How many flats (trashed ones too) name the owner entry."""
    sql = "SELECT count(*) FROM household_owners WHERE owner_uuid = ?"
    return int(scalar(db, sql, [owner_uuid]))


def audit_history(db: Database, record_uuid: str) -> list[dict[str, Any]]:
    return rows(db, "SELECT * FROM audit_log WHERE record_uuid = ? ORDER BY fid", [record_uuid])
