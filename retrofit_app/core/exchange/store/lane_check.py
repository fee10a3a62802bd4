"""What a field copy may change: the records it was given and new records under its estates.

A package holds its estates and what hangs under them (buildings, units,
households, owners, votes, checklists, defects, photos, …), the shared rows
they use (districts, streets, communities, checklist templates) and the audit
entries of those records. Coming back, it may change and delete the records of
its estates, edit the owners it was given, add records under its estates (and
new shared rows), and append to the audit log. It may not change or delete a
shared row, rewrite the audit log, point a record at anything outside the copy,
or pass off a record as one of the office's it was not given (the same uuid or
unique key: the merge would fold the two and offer the field's values as
conflicts). Each such change is named; one is enough to refuse the merge.

Runs on the merge's scratch connection: `main` the field copy, `base` the
package as it left, `office` the office file (read-only).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from retrofit_app.core.storage.table_info import anchored_tables, columns, references, uuid_columns
from retrofit_app.core.words import N_, Msg, joined, say

Sentence = Msg  # a catalogue sentence with its values, said in the reader's language
AUDIT = "audit_log"
CHAIN = "evidence_chain"  # appended to like the audit log: the field's own chain
APPENDED = (AUDIT, CHAIN)
# People hang under households through a link table: the field may edit the owners it was
# given, and delete one only while no household it was not given still names them.
HELD_THROUGH = {"owners": ("household_owners", "owner_uuid")}
_SHOWN = 3  # sentences shown in a refusal; the rest are counted

# What a person calls a record of each table: catalogue ids.
TABLE_NAMES = {
    "districts": N_("record_kind.districts"),
    "streets": N_("record_kind.streets"),
    "communities": N_("record_kind.communities"),
    "estates": N_("record_kind.estates"),
    "estate_boundaries": N_("record_kind.estate_boundaries"),
    "buildings": N_("record_kind.buildings"),
    "units": N_("record_kind.units"),
    "households": N_("record_kind.households"),
    "owners": N_("record_kind.owners"),
    "household_owners": N_("record_kind.household_owners"),
    "checklist_templates": N_("record_kind.checklist_templates"),
    "checklists": N_("record_kind.checklists"),
    "checklist_answers": N_("record_kind.checklist_answers"),
    "defects": N_("record_kind.defects"),
    "consultations": N_("record_kind.consultations"),
    "votes": N_("record_kind.votes"),
    "opinions": N_("record_kind.opinions"),
    "photos": N_("record_kind.photos"),
    "photo_data": N_("record_kind.photo_data"),
    "acceptances": N_("record_kind.acceptances"),
    "acceptance_parties": N_("record_kind.acceptance_parties"),
    "estate_plans": N_("record_kind.estate_plans"),
    "estate_funds": N_("record_kind.estate_funds"),
    "estate_contracts": N_("record_kind.estate_contracts"),
    "estate_works": N_("record_kind.estate_works"),
    "elevators": N_("record_kind.elevators"),
    "elevator_cost_shares": N_("record_kind.elevator_cost_shares"),
    "estate_management": N_("record_kind.estate_management"),
    "governance_meetings": N_("record_kind.governance_meetings"),
    "plan_targets": N_("record_kind.plan_targets"),
    "report_digests": N_("record_kind.report_digests"),
    "signatures": N_("record_kind.signatures"),
    AUDIT: N_("record_kind.audit_log"),
    CHAIN: N_("record_kind.evidence_chain"),
}
# The column that names a record for a person, by table (owners stay unnamed: personal data).
_TITLES = ("name", "room", "title", "caption", "item_id", "description", "file_name")
_UNNAMED = {"owners", "household_owners", *APPENDED}


def kind_of(table: str) -> str:
    """What a person calls a record of `table` (the table's own name for one not listed)."""
    return Msg(TABLE_NAMES[table]) if table in TABLE_NAMES else table


class LaneViolation(Exception):
    """The field copy changed what it was not given; `found` names each change."""

    def __init__(self, found: list[Sentence]) -> None:
        super().__init__(say(found[0], "en", **found[0].params) if found else "")
        self.found = found

    def summary(self) -> str:
        return summarize(self.found)


def summarize(found: list[Sentence]) -> str:
    """The first few of `found` as one clause, the rest counted."""
    shown = joined(found[:_SHOWN], "join.clauses")
    if len(found) > _SHOWN:
        return Msg("lane.more", shown=shown, more=len(found) - _SHOWN)
    return shown


@dataclass(frozen=True)
class Lane:
    """What the office gave the package: from its own records, never from the package."""

    estates: frozenset[str]  # uuids of the estates exported
    exported_at: str
    codes_at_export: frozenset[str]  # every office estate code when the package left


class LaneCheck:
    """The checks of one merge, on its scratch connection."""

    def __init__(self, conn: sqlite3.Connection, lane: Lane, tables: list[str]) -> None:
        self.conn, self.lane, self.tables = conn, lane, tables
        self.anchored = anchored_tables(conn, tables, "base")
        self.records = [t for t in tables if t not in APPENDED]

    # ------------------------------------------------------------------ naming
    def _row(self, schema: str, table: str, uuid: str) -> dict[str, Any] | None:
        cursor = self.conn.execute(f"SELECT * FROM [{schema}].[{table}] WHERE uuid = ?", [uuid])
        row = cursor.fetchone()
        return (
            None if row is None else dict(zip([d[0] for d in cursor.description], row, strict=True))
        )

    def _has(self, schema: str, table: str, uuid: str) -> bool:
        found = self.conn.execute(f"SELECT 1 FROM [{schema}].[{table}] WHERE uuid = ?", [uuid])
        return found.fetchone() is not None

    def estate_of(self, schema: str, table: str, uuid: str) -> str | None:
        """The uuid of the estate a record of an estate's table hangs under, in `schema`."""
        for _ in range(len(self.tables) + 1):
            if table == "estates":
                return uuid
            row = self._row(schema, table, uuid)
            if row is None:
                return None
            up = [r for r in references(self.conn, table, "base") if r.parent in self.anchored]
            parent = next(((r.parent, row[r.column]) for r in up if row.get(r.column)), None)
            if parent is None:
                return None
            table, uuid = parent
        return None

    def label(
        self, table: str, uuid: str, schemas: tuple[str, ...] = ("base", "main", "office")
    ) -> Sentence:
        """A record as a person knows it: 住户“3-201”（小区“颐和新村” GL-0001）."""
        kind = kind_of(table)
        for schema in schemas:
            row = self._row(schema, table, uuid)
            if row is not None:
                break
        else:
            return Msg("record.short", kind=kind, short=uuid[:8])
        if table == "estates":
            return Msg("record.estate", name=row["name"], code=row["code"])
        title = next((str(row[c]) for c in _TITLES if row.get(c) and table not in _UNNAMED), "")
        said = (
            Msg("record.titled", kind=kind, title=title)
            if title
            else Msg("record.short", kind=kind, short=uuid[:8])
        )
        estate = self.estate_of(schema, table, uuid) if table in self.anchored else None
        row = self._row(schema, "estates", estate) if estate else None
        if row is not None:
            said = Msg("record.in_estate", record=said, name=row["name"], code=row["code"])
        return said

    def _target(self, table: str | None, uuid: str) -> Sentence:
        """What a reference outside the copy points at, found in the office if it is there."""
        for candidate in [table] if table else self.records:
            if self._row("office", candidate, uuid) is not None:
                return self.label(candidate, uuid, ("office",))
        return Msg("lane.missing_target", short=uuid[:8])

    # ------------------------------------------------------------------ the field's changes
    def field_changes(self) -> list[Sentence]:
        """Every change in the field copy (against the base) outside its lane."""
        found: list[Sentence] = []
        for table in self.tables:
            if table in APPENDED:
                found += self._audit_rewritten(table)
                continue
            found += self._identity_changed(table)
            found += self._pointing_outside(table)
            if table not in self.anchored:
                found += self._shared_changed(table)
        return found

    def _identity_changed(self, table: str) -> list[Sentence]:
        found = []
        for (old,) in self.conn.execute(
            f"""SELECT b.uuid FROM main.[{table}] f JOIN base.[{table}] b ON b.fid = f.fid
                WHERE b.uuid IS NOT f.uuid"""
        ):
            found.append(Msg("lane.uuid_changed", record=self.label(table, old, ("base",))))
        return found

    def _pointing_outside(self, table: str) -> list[Sentence]:
        """New or re-pointed references (the estate of a building, the unit of a household,
        the consultation of a vote, …) that lead to no record of the field copy."""
        declared = {r.column: r.parent for r in references(self.conn, table, "base")}
        found = []
        for column in uuid_columns(self.conn, table, "base"):
            parent = declared.get(column)
            candidates = [parent] if parent else self.records
            absent = " AND ".join(
                f"NOT EXISTS (SELECT 1 FROM main.[{t}] WHERE uuid = f.[{column}])"
                for t in candidates
            )
            for uuid, target in self.conn.execute(
                f"""SELECT f.uuid, f.[{column}] FROM main.[{table}] f
                    LEFT JOIN base.[{table}] b ON b.fid = f.fid
                    WHERE (b.fid IS NULL OR b.[{column}] IS NOT f.[{column}])
                      AND f.[{column}] IS NOT NULL AND f.[{column}] != '' AND {absent}"""
            ):
                record, outside = self.label(table, uuid), self._target(parent, target)
                found.append(Msg("lane.points_outside", record=record, target=outside))
        return found

    def _shared_changed(self, table: str) -> list[Sentence]:
        """Shared rows changed or deleted; owners only deleted while others still name them."""
        found = []
        names = [c for c in columns(self.conn, table, "base") if c != "fid"]
        differs = " OR ".join(f"f.[{c}] IS NOT b.[{c}]" for c in names)
        if table not in HELD_THROUGH:
            for (uuid,) in self.conn.execute(
                f"""SELECT b.uuid FROM main.[{table}] f JOIN base.[{table}] b ON b.fid = f.fid
                    WHERE {differs}"""
            ):
                found.append(Msg("lane.shared_changed", record=self.label(table, uuid, ("base",))))
        gone = f"SELECT b.uuid FROM base.[{table}] b WHERE b.fid NOT IN (SELECT fid FROM main.[{table}])"
        if table in HELD_THROUGH:
            link, column = HELD_THROUGH[table]
            gone += f""" AND EXISTS (SELECT 1 FROM office.[{link}] l WHERE l.[{column}] = b.uuid
                                     AND l.uuid NOT IN (SELECT uuid FROM base.[{link}]))"""
        for (uuid,) in self.conn.execute(gone):
            found.append(Msg("lane.shared_deleted", record=self.label(table, uuid, ("base",))))
        return found

    def _audit_rewritten(self, log: str = AUDIT) -> list[Sentence]:
        """The audit log (and the evidence chain) only grows: no entry deleted or changed, none
        added about a record of the office the copy was not given."""
        names = [c for c in columns(self.conn, log, "base") if c != "fid"]
        differs = " OR ".join(f"f.[{c}] IS NOT b.[{c}]" for c in names)
        # One pass over the entries both hold; the others are counted (the log is long).
        matched, changed = self.conn.execute(
            f"""SELECT count(*), total({differs}) FROM main.[{log}] f
                JOIN base.[{log}] b ON b.fid = f.fid"""
        ).fetchone()
        (given, top), (held,) = (
            self.conn.execute(f"SELECT count(*), max(fid) FROM base.[{log}]").fetchone(),
            self.conn.execute(f"SELECT count(*) FROM main.[{log}]").fetchone(),
        )
        gone, changed = given - matched, int(changed)
        (above,) = self.conn.execute(
            f"SELECT count(*) FROM main.[{log}] WHERE fid > ?", [top or 0]
        ).fetchone()
        # New entries: all above the base's last key (the usual case), or looked up one by one.
        new = f"fid > {int(top or 0)}" if held - matched == above else (
            f"NOT EXISTS (SELECT 1 FROM base.[{log}] b WHERE b.fid = a.fid)"
        )  # fmt: skip
        found = []
        if gone:
            found.append(Msg("lane.audit_deleted", count=gone))
        if changed:
            found.append(Msg("lane.audit_changed", count=changed))
        added = self.conn.execute(
            f"SELECT DISTINCT a.table_name, a.record_uuid FROM main.[{log}] a WHERE {new}"
        ).fetchall()
        for table, uuid in added:
            if table not in self.records or not self._has("office", table, uuid):
                continue
            if self._has("base", table, uuid) or self._has("main", table, uuid):
                continue
            found.append(Msg("lane.audit_outside", record=self.label(table, uuid, ("office",))))
        return found

    # ------------------------------------------------------------------ records added on both sides
    def twin(self, table: str, field_uuid: str, office_uuid: str, differing: list[str]) -> None:
        """Refuse folding the field's new record into an office record it was not given
        (or, for a shared row, folding it with values that would change the office's)."""
        if table in self.anchored:
            estate = self.estate_of("office", table, office_uuid)
            if estate is not None and self._office_estate_in_lane(estate):
                return
            record = self.label(table, field_uuid, ("main",))
            office = self.label(table, office_uuid, ("office",))
            raise LaneViolation([Msg("lane.twin", record=record, office=office)])
        real = [n for n in differing if table in APPENDED or not n.endswith("_at")]
        if real:
            office = self.label(table, office_uuid, ("office",))
            fields = ", ".join(real)  # column names, the same in both languages
            raise LaneViolation([Msg("lane.twin_shared", office=office, fields=fields)])

    def _office_estate_in_lane(self, estate: str) -> bool:
        """An estate exported with the package, or one the office made after it left."""
        if estate in self.lane.estates:
            return True
        row = self._row("office", "estates", estate)
        if row is None:
            return False
        return (
            row["code"] not in self.lane.codes_at_export
            and row["created_at"] >= self.lane.exported_at
        )
