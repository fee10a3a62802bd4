"""Report digests (table report_digests): the records a report was built from, read and issued."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from retrofit_app.core.clock import now_iso
from retrofit_app.core.ids import new_uuid
from retrofit_app.core.storage.queries import rows

if TYPE_CHECKING:
    from sqlite_utils import Database

TABLE = "report_digests"

# Where a record stands, for a person: its estate and, when it has one, its flat
# (building, unit, room), checklist item or file. One query per evidence table.
_FLAT = """coalesce(b.name, '') || coalesce(u.name, '') || coalesce(h.room, '')"""
_HOUSEHOLD_JOIN = """JOIN units u ON u.uuid = h.unit_uuid JOIN buildings b ON b.uuid = u.building_uuid
                     JOIN estates e ON e.uuid = b.estate_uuid"""
_PLACES = {
    "households": f"""SELECT h.uuid, e.uuid AS estate_uuid, e.name AS estate, {_FLAT} AS place
                      FROM households h {_HOUSEHOLD_JOIN}""",
    "household_owners": f"""SELECT x.uuid, e.uuid AS estate_uuid, e.name AS estate, {_FLAT} AS place
                      FROM household_owners x JOIN households h ON h.uuid = x.household_uuid
                      {_HOUSEHOLD_JOIN}""",
    "votes": f"""SELECT x.uuid, e.uuid AS estate_uuid, e.name AS estate, {_FLAT} AS place
                 FROM votes x JOIN households h ON h.uuid = x.household_uuid {_HOUSEHOLD_JOIN}""",
    "opinions": f"""SELECT x.uuid, e.uuid AS estate_uuid, e.name AS estate, {_FLAT} AS place
                    FROM opinions x JOIN estates e ON e.uuid = x.estate_uuid
                    LEFT JOIN households h ON h.uuid = x.household_uuid
                    LEFT JOIN units u ON u.uuid = h.unit_uuid
                    LEFT JOIN buildings b ON b.uuid = u.building_uuid""",
    "consultations": """SELECT x.uuid, e.uuid AS estate_uuid, e.name AS estate,
                        coalesce(nullif(x.title, ''), x.subject) AS place
                        FROM consultations x JOIN estates e ON e.uuid = x.estate_uuid""",
    # An answer is named by its item's title in the checklist's template (_item_titles).
    "checklist_answers": """SELECT x.uuid, e.uuid AS estate_uuid, e.name AS estate, x.item_id AS place,
                            c.template_uuid AS template_uuid
                            FROM checklist_answers x JOIN checklists c ON c.uuid = x.checklist_uuid
                            JOIN estates e ON e.uuid = c.estate_uuid""",
    "defects": """SELECT x.uuid, e.uuid AS estate_uuid, e.name AS estate,
                  coalesce(nullif(x.item_id, ''), x.description) AS place
                  FROM defects x JOIN estates e ON e.uuid = x.estate_uuid""",
    "acceptances": """SELECT x.uuid, e.uuid AS estate_uuid, e.name AS estate,
                      coalesce(nullif(x.doc_number, ''), x.inspected_on) AS place
                      FROM acceptances x JOIN estates e ON e.uuid = x.estate_uuid""",
    "acceptance_parties": """SELECT x.uuid, e.uuid AS estate_uuid, e.name AS estate, x.role AS place
                             FROM acceptance_parties x JOIN acceptances a ON a.uuid = x.acceptance_uuid
                             JOIN estates e ON e.uuid = a.estate_uuid""",
    "photos": """SELECT x.uuid, e.uuid AS estate_uuid, e.name AS estate,
                 coalesce(nullif(x.file_name, ''), x.caption) AS place
                 FROM photos x JOIN estates e ON e.uuid = x.estate_uuid""",
    "signatures": """SELECT x.uuid, e.uuid AS estate_uuid, e.name AS estate, x.signer AS place
                     FROM signatures x JOIN estates e ON e.uuid = x.estate_uuid""",
}


_ESTATE_JOIN = "JOIN estates e ON e.uuid = x.estate_uuid"
# The programme's records a review counts (issue 19), named by what each holds.
_PLACES |= {
    "estate_plans": f"""SELECT x.uuid, e.uuid AS estate_uuid, e.name AS estate, x.batch AS place
                        FROM estate_plans x {_ESTATE_JOIN}""",
    "estate_funds": f"""SELECT x.uuid, e.uuid AS estate_uuid, e.name AS estate,
                        x.source || ' ' || x.kind || ' ' || x.recorded_on AS place
                        FROM estate_funds x {_ESTATE_JOIN}""",
    "estate_works": f"""SELECT x.uuid, e.uuid AS estate_uuid, e.name AS estate, x.work AS place
                        FROM estate_works x {_ESTATE_JOIN}""",
    "elevators": f"""SELECT x.uuid, e.uuid AS estate_uuid, e.name AS estate,
                     coalesce(b.name, '') || coalesce(u.name, '') AS place
                     FROM elevators x {_ESTATE_JOIN} LEFT JOIN buildings b ON b.uuid = x.building_uuid
                     LEFT JOIN units u ON u.uuid = x.unit_uuid""",
    "estate_management": f"""SELECT x.uuid, e.uuid AS estate_uuid, e.name AS estate,
                             x.property_mode AS place FROM estate_management x {_ESTATE_JOIN}""",
    "plan_targets": """SELECT x.uuid, NULL AS estate_uuid, coalesce(d.name, '') AS estate,
                       x.period || ' ' || x.measure AS place
                       FROM plan_targets x LEFT JOIN districts d ON d.uuid = x.district_uuid""",
}


def places(db: Database, table: str, uuids: list[str]) -> dict[str, dict[str, Any]]:
    """uuid → {estate_uuid, estate, place} of the records of `table` named."""
    if table not in _PLACES or not uuids:
        return {}
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(uuids), 500):
        chunk = uuids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in rows(db, f"SELECT * FROM ({_PLACES[table]}) WHERE uuid IN ({marks})", chunk):
            found[row["uuid"]] = row
    if table == "checklist_answers":
        _item_titles(db, found.values())
    return found


def _item_titles(db: Database, answers: Iterable[dict[str, Any]]) -> None:
    """Each answer's place (its item id) replaced by the item's title in its template, when found;
    each template read once."""
    answers = list(answers)
    titles: dict[tuple[str, str], str] = {}
    for uuid in {a["template_uuid"] for a in answers}:
        for (body,) in db.execute("SELECT body FROM checklist_templates WHERE uuid = ?", [uuid]):
            for item in json.loads(body or "{}").get("items", []):
                titles[(uuid, item.get("id", ""))] = item.get("zh", "")
    for answer in answers:
        answer["place"] = titles.get((answer["template_uuid"], answer["place"])) or answer["place"]


def _where_in(db: Database, table: str, column: str, values: list[str], live: bool = False) -> list:
    if not values:
        return []
    marks = ", ".join("?" for _ in values)
    alive = " AND deleted_at IS NULL" if live else ""
    return rows(
        db, f"SELECT * FROM {table} WHERE {column} IN ({marks}){alive} ORDER BY fid", values
    )


def notice_basis(
    db: Database, estate_uuid: str, scope_uuid: str | None
) -> list[tuple[str, dict[str, Any]]]:
    """What a consultation notice prints: the estate's consultations (the one of `scope_uuid`
    when given), the live flats they cover, their owners' links, votes and written objections."""
    consultations = rows(
        db, "SELECT * FROM consultations WHERE estate_uuid = ? ORDER BY fid", [estate_uuid]
    )
    if scope_uuid:
        consultations = [c for c in consultations if c["scope_uuid"] == scope_uuid]
    households: dict[str, dict[str, Any]] = {}
    for c in consultations:
        scope = {"unit": "u.uuid = ?", "building": "u.building_uuid = ?"}.get(
            c["scope_kind"], "b.estate_uuid = ?"
        )
        for row in rows(
            db,
            f"""SELECT h.* FROM households h JOIN units u ON u.uuid = h.unit_uuid
                JOIN buildings b ON b.uuid = u.building_uuid
                WHERE {scope} AND h.deleted_at IS NULL AND u.deleted_at IS NULL
                  AND b.deleted_at IS NULL""",
            [c["scope_uuid"]],
        ):
            households[row["uuid"]] = row
    keys = [c["uuid"] for c in consultations]
    flats = list(households)
    votes = [
        v
        for v in _where_in(db, "votes", "consultation_uuid", keys)
        if v["household_uuid"] in households
    ]
    return [
        *(("consultations", c) for c in consultations),
        *(("households", h) for h in households.values()),
        *(("household_owners", o) for o in _where_in(db, "household_owners", "household_uuid", flats)),
        *(("votes", v) for v in votes),
        *(("opinions", o) for o in _where_in(db, "opinions", "consultation_uuid", keys, live=True)),
    ]  # fmt: skip


def acceptance_basis(
    db: Database, estate_uuid: str, acceptance_uuid: str | None
) -> list[tuple[str, dict[str, Any]]]:
    """What an acceptance report rests on: the acceptance, its parties and their drawn
    signatures, the estate's checklist answers, defects and live photos."""
    acceptance = _where_in(db, "acceptances", "uuid", [acceptance_uuid] if acceptance_uuid else [])
    checklists = [
        r["uuid"]
        for r in rows(db, "SELECT uuid FROM checklists WHERE estate_uuid = ?", [estate_uuid])
    ]
    parties = _where_in(
        db, "acceptance_parties", "acceptance_uuid", [a["uuid"] for a in acceptance]
    )
    return [
        *(("acceptances", a) for a in acceptance),
        *(("acceptance_parties", p) for p in parties),
        *(("signatures", g) for g in _where_in(db, "signatures", "party_uuid",
                                               [p["uuid"] for p in parties], live=True)),
        *(("checklist_answers", a) for a in _where_in(db, "checklist_answers", "checklist_uuid", checklists)),
        *(("defects", d) for d in _where_in(db, "defects", "estate_uuid", [estate_uuid])),
        *(("photos", p) for p in _where_in(db, "photos", "estate_uuid", [estate_uuid], live=True)),
    ]  # fmt: skip


# What a review counts for each of its estates (core/storage/review_queries.py reads the same).
_REVIEW_TABLES = ("estate_plans", "estate_funds", "elevators", "estate_works", "estate_management")


def review_basis(
    db: Database, period: str, district: str = "", street: str = "", batch: str = ""
) -> list[tuple[str, dict[str, Any]]]:
    """What a programme review of `period` rests on: for the live estates it picks (district,
    street, batch as in review_figures), their plan, funds, elevators, works, management,
    satisfaction answers and defects; and the period's plan targets."""
    estates = [
        r["uuid"]
        for r in rows(
            db,
            """SELECT e.uuid FROM estates e LEFT JOIN districts d ON d.uuid = e.district_uuid
               LEFT JOIN streets s ON s.uuid = e.street_uuid
               LEFT JOIN estate_plans p ON p.estate_uuid = e.uuid
               WHERE e.deleted_at IS NULL AND (?1 = '' OR d.name = ?1) AND (?2 = '' OR s.name = ?2)
                 AND (?3 = '' OR p.batch = ?3)""",
            [district, street, batch],
        )
    ]
    found: list[tuple[str, dict[str, Any]]] = []
    for table in _REVIEW_TABLES:
        found += [(table, r) for r in _where_in(db, table, "estate_uuid", estates)]
    found += [
        ("opinions", r)
        for r in _where_in(db, "opinions", "estate_uuid", estates, live=True)
        if r["kind"] == "satisfaction" and r["rating"]
    ]
    found += [("defects", r) for r in _where_in(db, "defects", "estate_uuid", estates)]
    targets = rows(
        db,
        """SELECT t.* FROM plan_targets t LEFT JOIN districts d ON d.uuid = t.district_uuid
           WHERE t.period = ? AND (? = '' OR t.district_uuid IS NULL OR d.name = ?) ORDER BY t.fid""",
        [period, district, district],
    )
    return found + [("plan_targets", r) for r in targets]


def rows_of(db: Database, table: str, uuids: list[str]) -> list[dict[str, Any]]:
    """The records of `table` with these uuids (a review report's own choice of records)."""
    return _where_in(db, table, "uuid", uuids)


def add_digest(db: Database, values: dict[str, Any]) -> str:
    """Keep an issued digest; `values` holds digest, kind, estate_uuid, project_id, doc_number,
    scope (JSON), built_at and records (JSON). Issued digests are never changed."""
    uuid = new_uuid()
    stamp = now_iso()
    db.execute(
        """INSERT INTO report_digests (uuid, digest, kind, estate_uuid, project_id, doc_number,
               scope, built_at, records, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [uuid, values["digest"], values["kind"], values["estate_uuid"], values["project_id"],
         values["doc_number"], json.dumps(values["scope"], ensure_ascii=False, sort_keys=True),
         values["built_at"], json.dumps(values["records"], ensure_ascii=False), stamp, stamp],
    )  # fmt: skip
    return uuid


def digests_starting(db: Database, prefix: str) -> list[dict[str, Any]]:
    """Issued digests whose hex starts with `prefix` (lower case), the latest issue first."""
    found = rows(
        db,
        "SELECT * FROM report_digests WHERE substr(digest, 1, ?) = ? ORDER BY built_at DESC, fid DESC",
        [len(prefix), prefix],
    )
    for row in found:
        row["scope"] = json.loads(row["scope"] or "{}")
        row["records"] = json.loads(row["records"] or "[]")
    return found


def issued(db: Database) -> list[dict[str, Any]]:
    """Every report issued from this project, the latest first: digest, kind, doc_number,
    built_at, its estate's name ('' for a report of several) and how many records it rests on."""
    return rows(
        db,
        """SELECT r.digest, r.kind, r.doc_number, r.built_at, coalesce(e.name, '') AS estate,
                  json_array_length(r.records) AS records
           FROM report_digests r LEFT JOIN estates e ON e.uuid = r.estate_uuid
           ORDER BY r.built_at DESC, r.fid DESC""",
    )
