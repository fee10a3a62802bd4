"""SQL for checklists: templates, checklists, answers and defects."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retrofit_app.core.storage.queries import rows, scalar

if TYPE_CHECKING:
    from sqlite_utils import Database

# ------------------------------------------------------------------ templates


def template_rows(db: Database) -> list[dict[str, Any]]:
    return rows(db, "SELECT * FROM checklist_templates ORDER BY template_id, version")


def template_row(db: Database, uuid: str) -> dict[str, Any] | None:
    found = rows(db, "SELECT * FROM checklist_templates WHERE uuid = ?", [uuid])
    return found[0] if found else None


def template_by_key(db: Database, template_id: str, version: int) -> dict[str, Any] | None:
    found = rows(
        db,
        "SELECT * FROM checklist_templates WHERE template_id = ? AND version = ?",
        [template_id, version],
    )
    return found[0] if found else None


def stored_template_keys(db: Database) -> set[tuple[str, int]]:
    return {
        (r["template_id"], r["version"])
        for r in rows(db, "SELECT template_id, version FROM checklist_templates")
    }


# ------------------------------------------------------------------ checklists

_CHECKLIST_SELECT = """
SELECT c.uuid, c.template_uuid, c.estate_uuid, c.target_kind, c.target_uuid, c.created_at,
       t.template_id, t.version,
       coalesce(b.name, bu.name || ' ' || u.name, e.name) AS target_label,
       coalesce(b.name, bu.name, '') AS building_name
FROM checklists c
JOIN checklist_templates t ON t.uuid = c.template_uuid
JOIN estates e ON e.uuid = c.estate_uuid
LEFT JOIN buildings b ON c.target_kind = 'building' AND b.uuid = c.target_uuid
LEFT JOIN units u ON c.target_kind = 'unit' AND u.uuid = c.target_uuid
LEFT JOIN buildings bu ON bu.uuid = u.building_uuid
"""

# Estate first, then buildings and units in natural order (2幢 before 10幢).
_CHECKLIST_ORDER = """
ORDER BY c.estate_uuid, CASE c.target_kind WHEN 'estate' THEN 0 WHEN 'building' THEN 1 ELSE 2 END,
         t.template_id, length(building_name), building_name, length(u.name), u.name
"""

# A checklist is live while its target (building, unit) is live.
_LIVE = "(b.uuid IS NULL OR b.deleted_at IS NULL) AND (u.uuid IS NULL OR (u.deleted_at IS NULL AND bu.deleted_at IS NULL))"


def estate_stage(db: Database, estate_uuid: str) -> str | None:
    """The stage of an estate, trashed or not, which decides the stages its checklists are due for."""
    return scalar(db, "SELECT stage FROM estates WHERE uuid = ?", [estate_uuid])


def live_estate_stages(db: Database) -> dict[str, str]:
    found = rows(db, "SELECT uuid, stage FROM estates WHERE deleted_at IS NULL")
    return {r["uuid"]: r["stage"] for r in found}


def checklists_of_estate(db: Database, estate_uuid: str) -> list[dict[str, Any]]:
    return rows(
        db,
        f"{_CHECKLIST_SELECT} WHERE c.estate_uuid = ? AND {_LIVE} {_CHECKLIST_ORDER}",
        [estate_uuid],
    )


def checklists_of_live_estates(db: Database) -> list[dict[str, Any]]:
    return rows(
        db, f"{_CHECKLIST_SELECT} WHERE e.deleted_at IS NULL AND {_LIVE} {_CHECKLIST_ORDER}"
    )


def checklist_row(db: Database, uuid: str) -> dict[str, Any] | None:
    found = rows(db, f"{_CHECKLIST_SELECT} WHERE c.uuid = ?", [uuid])
    return found[0] if found else None


def existing_targets(db: Database, estate_uuid: str) -> set[tuple[str, str]]:
    """(template_id, target_uuid) pairs that already have a checklist, whatever the version."""
    return {
        (r["template_id"], r["target_uuid"])
        for r in rows(
            db,
            """SELECT t.template_id, c.target_uuid FROM checklists c
               JOIN checklist_templates t ON t.uuid = c.template_uuid WHERE c.estate_uuid = ?""",
            [estate_uuid],
        )
    }


def live_targets(db: Database, estate_uuid: str) -> dict[str, list[str]]:
    """The uuids a checklist can be about, by scope."""
    buildings = rows(
        db,
        "SELECT uuid FROM buildings WHERE estate_uuid = ? AND deleted_at IS NULL ORDER BY length(name), name",
        [estate_uuid],
    )
    units = rows(
        db,
        """SELECT u.uuid FROM units u JOIN buildings b ON b.uuid = u.building_uuid
           WHERE b.estate_uuid = ? AND u.deleted_at IS NULL AND b.deleted_at IS NULL
           ORDER BY length(b.name), b.name, length(u.name), u.name""",
        [estate_uuid],
    )
    return {
        "estate": [estate_uuid],
        "building": [r["uuid"] for r in buildings],
        "unit": [r["uuid"] for r in units],
    }


# ------------------------------------------------------------------ answers


def answers_of_estate(db: Database, estate_uuid: str) -> list[dict[str, Any]]:
    return rows(
        db,
        """SELECT a.* FROM checklist_answers a JOIN checklists c ON c.uuid = a.checklist_uuid
           WHERE c.estate_uuid = ? ORDER BY a.fid""",
        [estate_uuid],
    )


def answers_of_live_estates(db: Database) -> list[dict[str, Any]]:
    return rows(
        db,
        """SELECT a.checklist_uuid, a.item_id, a.stage, a.value FROM checklist_answers a
           JOIN checklists c ON c.uuid = a.checklist_uuid
           JOIN estates e ON e.uuid = c.estate_uuid WHERE e.deleted_at IS NULL""",
    )


def answers_of_checklist(db: Database, checklist_uuid: str) -> list[dict[str, Any]]:
    return rows(
        db,
        "SELECT * FROM checklist_answers WHERE checklist_uuid = ? ORDER BY fid",
        [checklist_uuid],
    )


# ------------------------------------------------------------------ defects


def defects_of_estate(db: Database, estate_uuid: str) -> list[dict[str, Any]]:
    return rows(db, "SELECT * FROM defects WHERE estate_uuid = ? ORDER BY fid", [estate_uuid])


def defect_row(db: Database, uuid: str) -> dict[str, Any] | None:
    found = rows(db, "SELECT * FROM defects WHERE uuid = ?", [uuid])
    return found[0] if found else None


def unverified_defects_by_item(db: Database, checklist_uuid: str) -> dict[str, dict[str, Any]]:
    """The newest defect not yet verified, per item of a checklist."""
    found: dict[str, dict[str, Any]] = {}
    for row in rows(
        db,
        "SELECT * FROM defects WHERE checklist_uuid = ? AND status != 'verified' ORDER BY fid",
        [checklist_uuid],
    ):
        found[row["item_id"]] = row
    return found


def unresolved_defect_counts(db: Database) -> dict[str, int]:
    """Defects not yet verified, per live estate."""
    return {
        r["estate_uuid"]: r["n"]
        for r in rows(
            db,
            """SELECT d.estate_uuid, count(*) AS n FROM defects d JOIN estates e ON e.uuid = d.estate_uuid
               WHERE d.status != 'verified' AND e.deleted_at IS NULL GROUP BY d.estate_uuid""",
        )
    }
