"""The SQL behind photos: the feature row, its bytes, lookups by hash and the gallery's queries."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from retrofit_app.core.storage import records
from retrofit_app.core.storage.connection import fold_log_in
from retrofit_app.core.storage.queries import rows, scalar

if TYPE_CHECKING:
    from sqlite_utils import Database

# Everything of a photo row except the geometry blob (lon/lat are kept beside it).
PHOTO_COLUMNS = (
    "uuid, sha256, estate_uuid, building_uuid, unit_uuid, household_uuid, checklist_uuid, item_id,"
    " defect_uuid, stage_tag, caption, file_name, mime, taken_at, lon, lat, camera, width, height,"
    " byte_size, imported_at, imported_by, annotation, deleted_at"
)
RENDITIONS = ("original", "thumbnail", "print", "annotated")


# While photos stream in, the write-ahead log is copied into the file every ~64 MB
# instead of every 4 MB (SQLite's default): each photo is several MB, and every
# copy ends in an fsync. Each photo still commits on its own.
_BULK_CHECKPOINT_PAGES = 16384


@contextlib.contextmanager
def bulk_writes(db: Database) -> Iterator[None]:
    """Raises sqlite3.Error when the log cannot be copied into the file at the end (a full
    disk): the photos are safe in the -wal, but the file alone would not hold them, and
    an automatic checkpoint fails without a word (issue 23)."""
    before = db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    db.execute(f"PRAGMA wal_autocheckpoint = {_BULK_CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA wal_autocheckpoint = {int(before)}")
    # PASSIVE: a reader or writer in another program only leaves the rest for later.
    fold_log_in(db.conn)


def photo_by_sha(db: Database, sha256: str) -> dict[str, Any] | None:
    found = rows(db, "SELECT uuid, estate_uuid, deleted_at FROM photos WHERE sha256 = ?", [sha256])
    return found[0] if found else None


def insert_photo(db: Database, values: dict[str, Any], data: dict[str, bytes], user: str) -> str:
    """The feature row and its bytes; the caller's transaction makes them land together."""
    uuid = records.insert_row(db, "photos", values, user, stamp=False)
    records.insert_row(db, "photo_data", {"photo_uuid": uuid, **data}, user, stamp=False)
    return uuid


def photo_row(db: Database, uuid: str) -> dict[str, Any] | None:
    found = rows(db, f"SELECT {PHOTO_COLUMNS} FROM photos WHERE uuid = ?", [uuid])
    return found[0] if found else None


def photo_rows(db: Database, uuids: list[str]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(uuids), 500):
        chunk = uuids[start : start + 500]
        marks = ",".join("?" for _ in chunk)
        for row in rows(db, f"SELECT {PHOTO_COLUMNS} FROM photos WHERE uuid IN ({marks})", chunk):
            found[row["uuid"]] = row
    return [found[u] for u in uuids if u in found]


def photo_ids(
    db: Database,
    estate_uuid: str,
    *,
    filters: dict[str, Any] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    trashed: bool = False,
) -> list[str]:
    """Ids of an estate's photos in the gallery's order: by time taken, then by import."""
    where = ["estate_uuid = ?", "deleted_at IS NOT NULL" if trashed else "deleted_at IS NULL"]
    params: list[Any] = [estate_uuid]
    for column, value in (filters or {}).items():
        where.append(f"[{column}] = ?")
        params.append(value)
    if date_from:
        where.append("coalesce(taken_at, imported_at) >= ?")
        params.append(date_from)
    if date_to:
        where.append("substr(coalesce(taken_at, imported_at), 1, 10) <= ?")
        params.append(date_to)
    sql = f"SELECT uuid FROM photos WHERE {' AND '.join(where)} ORDER BY coalesce(taken_at, imported_at), fid"
    return [r[0] for r in db.execute(sql, params).fetchall()]


def filter_choices(db: Database, estate_uuid: str) -> dict[str, list[str]]:
    """What the gallery's filters can offer: months taken ('2024-03') and checklist items present."""
    live = "estate_uuid = ? AND deleted_at IS NULL"
    months = db.execute(
        f"SELECT DISTINCT substr(coalesce(taken_at, imported_at), 1, 7) AS m FROM photos WHERE {live} ORDER BY m",
        [estate_uuid],
    ).fetchall()
    items = db.execute(
        f"SELECT DISTINCT item_id FROM photos WHERE {live} AND item_id != '' ORDER BY item_id",
        [estate_uuid],
    ).fetchall()
    return {"months": [r[0] for r in months], "items": [r[0] for r in items]}


def rendition(db: Database, photo_uuid: str, kind: str) -> bytes | None:
    if kind not in RENDITIONS:
        raise ValueError(kind)
    return scalar(db, f"SELECT [{kind}] FROM photo_data WHERE photo_uuid = ?", [photo_uuid])


def report_rendition(db: Database, photo_uuid: str) -> bytes | None:
    """The picture reports print: the annotated rendition when there is one, else the plain one."""
    return scalar(
        db, "SELECT coalesce(annotated, print) FROM photo_data WHERE photo_uuid = ?", [photo_uuid]
    )


def set_annotated(db: Database, photo_uuid: str, jpeg: bytes | None) -> None:
    """Store the derived picture; the shapes themselves are audited on the photo row."""
    db.execute("UPDATE photo_data SET annotated = ? WHERE photo_uuid = ?", [jpeg, photo_uuid])


def update_photo(db: Database, uuid: str, changes: dict[str, Any], user: str) -> dict[str, Any]:
    return records.update_row(db, "photos", uuid, changes, user, stamp=False)


def trash_photo(db: Database, uuid: str, user: str) -> None:
    records.trash_row(db, "photos", uuid, user)


def restore_photo(db: Database, uuid: str, user: str) -> None:
    records.restore_row(db, "photos", uuid, user)


def live_estate(db: Database, uuid: str) -> bool:
    return (
        scalar(db, "SELECT 1 FROM estates WHERE uuid = ? AND deleted_at IS NULL", [uuid])
        is not None
    )


def estate_of(db: Database, table: str, uuid: str) -> str | None:
    """The estate a building, unit, household, checklist or defect belongs to."""
    sql = {
        "buildings": "SELECT estate_uuid FROM buildings WHERE uuid = ?",
        "units": "SELECT b.estate_uuid FROM units u JOIN buildings b ON b.uuid = u.building_uuid WHERE u.uuid = ?",
        "households": """SELECT b.estate_uuid FROM households h JOIN units u ON u.uuid = h.unit_uuid
                         JOIN buildings b ON b.uuid = u.building_uuid WHERE h.uuid = ?""",
        "checklists": "SELECT estate_uuid FROM checklists WHERE uuid = ?",
        "defects": "SELECT estate_uuid FROM defects WHERE uuid = ?",
    }[table]
    return scalar(db, sql, [uuid])


def estate_boundaries(db: Database) -> list[dict[str, Any]]:
    """Live estates that have a boundary polygon: uuid, code, geom blob."""
    return rows(
        db,
        """SELECT e.uuid, e.code, b.geom FROM estate_boundaries b JOIN estates e ON e.uuid = b.estate_uuid
           WHERE e.deleted_at IS NULL AND b.geom IS NOT NULL ORDER BY e.code""",
    )
