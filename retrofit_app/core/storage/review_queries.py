"""Read queries for the programme's reviews: estates with their plan, money, elevators, works,
satisfaction, defects, management and the plan's targets (issue 19)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retrofit_app.core.storage.queries import rows

if TYPE_CHECKING:
    from sqlite_utils import Database

_LIVE = "e.deleted_at IS NULL"


def review_estates(db: Database) -> list[dict[str, Any]]:
    """Live estates with place, stage, plan row (NULLs without one) and counted buildings/households."""
    return rows(
        db,
        f"""SELECT e.uuid, e.code, e.name, e.stage,
                   coalesce(d.name, '') AS district, coalesce(s.name, '') AS street,
                   p.uuid AS plan_uuid, coalesce(p.batch, '') AS batch, p.plan_year,
                   coalesce(p.started_on, '') AS started_on,
                   coalesce(p.completed_on, '') AS completed_on,
                   p.buildings_planned, p.households_planned, p.floor_area_m2,
                   (SELECT count(*) FROM buildings b
                     WHERE b.estate_uuid = e.uuid AND b.deleted_at IS NULL) AS buildings_counted,
                   (SELECT count(*) FROM households h JOIN units u ON u.uuid = h.unit_uuid
                      JOIN buildings b ON b.uuid = u.building_uuid
                     WHERE b.estate_uuid = e.uuid AND h.deleted_at IS NULL
                       AND u.deleted_at IS NULL AND b.deleted_at IS NULL) AS households_counted
            FROM estates e
            LEFT JOIN districts d ON d.uuid = e.district_uuid
            LEFT JOIN streets s ON s.uuid = e.street_uuid
            LEFT JOIN estate_plans p ON p.estate_uuid = e.uuid
            WHERE {_LIVE}
            ORDER BY d.name, e.code""",
    )


def review_funds(db: Database) -> list[dict[str, Any]]:
    return rows(
        db,
        f"""SELECT f.estate_uuid, f.source, f.kind, f.amount_fen, f.recorded_on
            FROM estate_funds f JOIN estates e ON e.uuid = f.estate_uuid WHERE {_LIVE}""",
    )


def review_elevators(db: Database) -> list[dict[str, Any]]:
    return rows(
        db,
        f"""SELECT l.uuid, l.estate_uuid, l.consented_on, l.approved_on, l.started_on,
                   l.handed_over_on, l.in_service_on
            FROM elevators l JOIN estates e ON e.uuid = l.estate_uuid WHERE {_LIVE}""",
    )


def review_works(db: Database) -> list[dict[str, Any]]:
    return rows(
        db,
        f"""SELECT w.estate_uuid, w.work, w.quantity, w.unit, w.completed_on
            FROM estate_works w JOIN estates e ON e.uuid = w.estate_uuid WHERE {_LIVE}""",
    )


def review_satisfaction(db: Database) -> list[dict[str, Any]]:
    """Satisfaction ratings residents gave (opinions of kind 'satisfaction' with a rating)."""
    return rows(
        db,
        f"""SELECT o.estate_uuid, o.rating, coalesce(o.received_on, '') AS received_on
            FROM opinions o JOIN estates e ON e.uuid = o.estate_uuid
            WHERE {_LIVE} AND o.deleted_at IS NULL AND o.kind = 'satisfaction' AND o.rating != ''""",
    )


def review_defects(db: Database) -> list[dict[str, Any]]:
    return rows(
        db,
        f"""SELECT f.estate_uuid, f.status FROM defects f
            JOIN estates e ON e.uuid = f.estate_uuid WHERE {_LIVE}""",
    )


def review_management(db: Database) -> list[dict[str, Any]]:
    return rows(
        db,
        f"""SELECT m.estate_uuid, m.committee_formed_on, m.committee_kind, m.property_mode,
                   m.property_contract_start
            FROM estate_management m JOIN estates e ON e.uuid = m.estate_uuid WHERE {_LIVE}""",
    )


def review_targets(db: Database, period: str) -> list[dict[str, Any]]:
    """The plan's targets for `period`: district name ('' for NULL, the whole project)."""
    return rows(
        db,
        """SELECT t.district_uuid IS NULL AS whole, coalesce(d.name, '') AS district,
                  t.measure, t.target
           FROM plan_targets t LEFT JOIN districts d ON d.uuid = t.district_uuid
           WHERE t.period = ?""",
        [period],
    )


def district_names(db: Database) -> list[str]:
    return [r["name"] for r in rows(db, "SELECT name FROM districts ORDER BY name")]
