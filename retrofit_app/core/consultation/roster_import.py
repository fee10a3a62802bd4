"""Writing a checked roster into the project: one transaction, updates rather than duplicates.

New flats, owners, co-owner links and votes are buffered and written in bulk
(with their audit entries); a flat already in the project is compared with
what is stored and only real changes are written, so re-importing the same
file changes nothing. Places are matched on addresses' keys (5栋 finds 5幢,
101室 finds 101), each such match reported in the summary; a flat kept to settle
stores its problem codes in households.problems. A refused row kept as its flat
(RosterRow.refused) writes none of its values: a flat already in the project keeps
its record and only gains the problem, a new one is its place alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from retrofit_app.core.addresses import building_key, room_key, unit_key
from retrofit_app.core.consultation.blocking import (
    AREA_UNKNOWN,
    OWNER_UNKNOWN,
    REFUSED,
    ROW_REFUSED,
    TENANT_ONLY,
)
from retrofit_app.core.consultation.roster import Cancelled, Progress, RosterPlan
from retrofit_app.core.consultation.roster_report import Merged
from retrofit_app.core.consultation.roster_rows import OwnerEntry, RosterRow
from retrofit_app.core.consultation.votes import consultation_values, upsert_vote
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.gc_pause import collector_paused
from retrofit_app.core.households import set_owners
from retrofit_app.core.ids import new_uuid
from retrofit_app.core.model import Owner
from retrofit_app.core.storage import consultation_store as store
from retrofit_app.core.storage import records
from retrofit_app.core.storage.queries import page_cache

if TYPE_CHECKING:
    from retrofit_app.core.project import Project

FLUSH_EVERY = 5000  # rows buffered per bulk write: fewer, larger statements cost SQLite less
# Written in this order at each flush: parents before children.
_TABLES = (
    "buildings",
    "units",
    "consultations",
    "owners",
    "households",
    "household_owners",
    "votes",
)
LARGE_CACHE_KIB = 65536  # 64 MB


@dataclass
class ImportSummary:
    imported: int = 0  # rows written (created + updated + unchanged)
    households_created: int = 0
    households_updated: int = 0
    households_unchanged: int = 0
    buildings_created: int = 0
    units_created: int = 0
    votes_recorded: int = 0
    households_kept: int = 0  # written with problems to settle (RosterRow.problem_codes)
    # The rows written with a problem (or a vote not recorded), as written: a problem the project
    # had already settled (its stored area or owners) is not among them.
    kept: list[RosterRow] = field(default_factory=list)
    rejected_lines: list[int] = field(default_factory=list)
    # Places of the file matched to the project's under another spelling (5栋 → 5幢).
    merged: list[Merged] = field(default_factory=list)


class _Writer:
    """The estate's places, owners and votes loaded once, and the buffers of new rows."""

    def __init__(
        self, db: Database, estate_uuid: str, user: str, summary: ImportSummary, subject: str
    ) -> None:
        self.db, self.estate_uuid, self.user, self.summary = db, estate_uuid, user, summary
        self.subject = subject
        buildings, units, households = store.estate_places(db, estate_uuid)
        # Keyed as addresses compares names; where the project itself holds two spellings the
        # first stored wins. Values: (uuid, name as stored).
        self.buildings: dict[str, tuple[str, str]] = {}
        for b in buildings:
            self.buildings.setdefault(building_key(b["name"]), (b["uuid"], b["name"]))
        self.units: dict[tuple[str, str], tuple[str, str]] = {}
        for u in units:
            self.units.setdefault((u["building_uuid"], unit_key(u["name"])), (u["uuid"], u["name"]))
        self.households: dict[tuple[str, str], dict[str, Any]] = {}
        for h in households:
            self.households.setdefault((h["unit_uuid"], room_key(h["room"])), h)
        self.told: set[tuple[str, str, str]] = set()
        self.last_unit: tuple[tuple[str, str], str] = (("", ""), "")  # (building, unit), uuid
        self.links: dict[str, list[tuple[str, str, str]]] = {}
        for link in store.estate_owner_links(db, estate_uuid):
            self.links.setdefault(link["household_uuid"], []).append(
                (link["name"], link["id_number"], link["phone"])
            )
        # An owner is the same entry by name and ID number, or by name where no ID is known (as
        # households.py); one number under two names stays two entries for the committee (identity.py).
        self.by_id: dict[tuple[str, str], dict[str, Any]] = {}
        self.by_name: dict[str, dict[str, Any]] = {}
        for owner in store.all_owners(db):
            if owner["id_number"]:
                self.by_id.setdefault((owner["id_number"], owner["name"]), owner)
            else:
                self.by_name.setdefault(owner["name"], owner)
        self.votes = {
            (v["consultation_uuid"], v["household_uuid"]): v
            for v in store.estate_votes(db, estate_uuid, subject)
        }
        self.consultations = store.consultation_scopes(db, estate_uuid, subject)
        self.new: dict[str, list[dict[str, Any]]] = {table: [] for table in _TABLES}

    def flush(self) -> None:
        # Parents before children: the foreign keys are checked row by row.
        for table in _TABLES:
            records.insert_rows(
                self.db, table, self.new[table], self.user, stamp=table != "household_owners"
            )
            self.new[table] = []

    def unit(self, row: RosterRow) -> str:
        """The uuid of the row's unit, made when new (a roster lists a unit's rows together)."""
        if self.last_unit[0] == (row.building, row.unit):
            return self.last_unit[1]
        unit_uuid = self._unit(row)
        self.last_unit = ((row.building, row.unit), unit_uuid)
        return unit_uuid

    def _unit(self, row: RosterRow) -> str:
        b_key = building_key(row.building)
        if b_key not in self.buildings:
            uuid = self._add("buildings", estate_uuid=self.estate_uuid, name=row.building)
            self.buildings[b_key] = (uuid, row.building)
            self.summary.buildings_created += 1
        building_uuid, name = self.buildings[b_key]
        self._merged(row.line, "building", row.building, name)
        key = (building_uuid, unit_key(row.unit))
        if key not in self.units:
            self.units[key] = (self._add("units", building_uuid=key[0], name=row.unit), row.unit)
            self.summary.units_created += 1
        self._merged(row.line, "unit", row.unit, self.units[key][1])
        return self.units[key][0]

    def _merged(self, line: int, what: str, written: str, stored: str) -> None:
        """Tell once per spelling that it was taken for the project's place of another spelling."""
        if written != stored and (what, written, stored) not in self.told:
            self.told.add((what, written, stored))
            self.summary.merged.append(Merged(line, what, written, stored))

    def _add(self, table: str, **values: Any) -> str:
        """Buffer a new row for the next flush; its uuid is made now so children can refer to it."""
        uuid = new_uuid()
        self.new[table].append({"uuid": uuid, **values})
        return uuid

    def consultation(self, unit_uuid: str) -> str:
        # Roster votes belong to the elevator consultation of their unit unless another subject is
        # chosen; the retrofit plan is decided by the whole estate.
        scope_kind, scope = (
            ("estate", self.estate_uuid) if self.subject == "retrofit_plan" else ("unit", unit_uuid)
        )
        if scope not in self.consultations:
            self.consultations[scope] = self._add("consultations", **consultation_values(
                self.estate_uuid, scope_kind, scope, subject=self.subject,
                rule="civil-code-278-estate" if scope_kind == "estate" else None,
            ))  # fmt: skip
        return self.consultations[scope]

    def owner(self, entry: OwnerEntry) -> str:
        id_number, name, phone = (
            entry.id_number.strip().upper(),
            entry.name.strip(),
            entry.phone.strip(),
        )
        found = self.by_id.get((id_number, name)) if id_number else self.by_name.get(name)
        if found is None:
            found = {"uuid": new_uuid(), "name": name, "id_number": id_number, "phone": phone}
            self.new["owners"].append(found)  # shared: a later phone change flushes it first
            if id_number:
                self.by_id[id_number, name] = found
            else:
                self.by_name[name] = found
        elif phone and phone != found["phone"]:
            self.flush()  # the owner may still be in the buffer
            records.update_row(self.db, "owners", found["uuid"], {"phone": phone}, self.user)
            found["phone"] = phone
        return found["uuid"]

    def write(self, row: RosterRow) -> None:
        unit_uuid = self.unit(row)
        key = (unit_uuid, room_key(row.room))
        found = self.households.get(key)
        if row.refused:
            self._refused(unit_uuid, key, found, row)
            return
        room = row.room if found is None else found["room"]  # 101室 updates the stored 101
        if found is not None:
            self._merged(row.line, "room", row.room, room)
            row = self._known(found, row)
        # Checked by roster_rows.check_row as household_values checks them (kinds, numbers, lengths).
        values = {"room": room, **row.household, "problems": ",".join(row.problem_codes) or None}
        if row.problems:
            self.summary.kept.append(row)
        self.summary.households_kept += bool(row.problem_codes)
        if found is None:
            household_uuid = new_uuid()
            self.new["households"].append(
                {"uuid": household_uuid, "unit_uuid": unit_uuid, **values}
            )
            owners = list(dict.fromkeys(self.owner(o) for o in row.owners if o.name.strip()))
            self.new["household_owners"] += [
                {"household_uuid": household_uuid, "owner_uuid": o, "position": i}
                for i, o in enumerate(owners)
            ]
            self.households[key] = {
                "uuid": household_uuid,
                **values,
                "deleted_at": None,
            }
            self.summary.households_created += 1
        else:
            household_uuid = found["uuid"]
            changed = self._update(found, values, row)
            self.summary.households_updated += changed
            self.summary.households_unchanged += not changed
        if row.vote:
            self._vote(unit_uuid, household_uuid, row.vote)  # checked as vote_values checks
        self.summary.imported += 1

    def _refused(
        self, unit_uuid: str, key: tuple[str, str], found: dict[str, Any] | None, row: RosterRow
    ) -> None:
        """A refused row: its flat kept to check, with none of the row's values (they may be the
        wrong ones: an ID number Excel rounded, a vote misread)."""
        self.summary.kept.append(row)
        self.summary.households_kept += 1
        self.summary.imported += 1
        if found is None:
            # Nothing of the flat is known: what a named owner or an area would settle is open too.
            codes = (*row.problem_codes, AREA_UNKNOWN, OWNER_UNKNOWN)
            values = {"room": row.room, "problems": ",".join(codes)}
            uuid = new_uuid()
            self.new["households"].append({"uuid": uuid, "unit_uuid": unit_uuid, **values})
            self.households[key] = {"uuid": uuid, **values, "deleted_at": None}
            self.summary.households_created += 1
            return
        self._merged(row.line, "room", row.room, found["room"])
        # Reasons of an earlier import are replaced by this one's; other problems stay.
        stored = [c for c in (found.get("problems") or "").split(",") if c]
        kept = [c for c in stored if c != ROW_REFUSED and not c.startswith(REFUSED)]
        problems = ",".join(dict.fromkeys((*row.problem_codes, *kept)))
        changed = bool(found["deleted_at"])
        if changed:
            self.flush()  # the flat may still be in the buffer
            records.restore_row(self.db, "households", found["uuid"], self.user)
            found["deleted_at"] = None
        if problems != found.get("problems"):
            self.flush()
            records.update_row(
                self.db, "households", found["uuid"], {"problems": problems}, self.user
            )
            found["problems"] = problems
            changed = True
        self.summary.households_updated += changed
        self.summary.households_unchanged += not changed

    def _known(self, found: dict[str, Any], row: RosterRow) -> RosterRow:
        """A blank or unusable area, or no owner, in the file does not erase what the project
        knows of the flat: the stored area and owners stay, and are no problem to settle."""
        household, owners, settled = row.household, row.owners, set()
        if household["area"] is None and found["area"] is not None:
            household = {**household, "area": found["area"]}
            settled.add(AREA_UNKNOWN)
        stored = self.links.get(found["uuid"], [])
        if not owners and stored:
            owners = [OwnerEntry(name, id_number, phone) for name, id_number, phone in stored]
            settled.update((OWNER_UNKNOWN, TENANT_ONLY))
        if not settled:
            return row
        problems = tuple(p for p in row.problems if p.code not in settled)
        return replace(row, household=household, owners=owners, problems=problems)

    def _update(self, found: dict[str, Any], values: dict[str, Any], row: RosterRow) -> bool:
        changed = bool(found["deleted_at"])
        if changed:
            records.restore_row(self.db, "households", found["uuid"], self.user)
        if any(found.get(k) != v for k, v in values.items()):
            records.update_row(self.db, "households", found["uuid"], values, self.user)
            found.update(values)
            changed = True
        if not _same_owners(self.links.get(found["uuid"], []), row):
            self.flush()  # set_owners looks owners up in the database
            set_owners(
                self.db,
                found["uuid"],
                [Owner("", o.name, o.id_number, o.phone) for o in row.owners],
                self.user,
            )
            changed = True
        return changed

    def _vote(self, unit_uuid: str, household_uuid: str, values: dict[str, Any]) -> None:
        consultation = self.consultation(unit_uuid)
        before = self.votes.get((consultation, household_uuid))
        if before is None:
            self.new["votes"].append(
                {
                    "consultation_uuid": consultation,
                    "household_uuid": household_uuid,
                    "recorded_by": self.user,
                    **values,
                }
            )
        elif all(before[k] == v for k, v in values.items()):
            return
        else:
            self.flush()
            upsert_vote(self.db, consultation, household_uuid, values, self.user)
        self.votes[(consultation, household_uuid)] = {**(before or {}), **values}
        self.summary.votes_recorded += 1


def _same_owners(stored: list[tuple[str, str, str]], row: RosterRow) -> bool:
    """A blank phone in the file keeps the stored one, so it is no change."""
    wanted = [o for o in row.owners if o.name.strip()]
    return len(stored) == len(wanted) and all(
        (name, id_number) == (o.name.strip(), o.id_number.strip().upper())
        and (not o.phone or o.phone == phone)
        for (name, id_number, phone), o in zip(stored, wanted, strict=True)
    )


@collector_paused()
def import_roster(
    project: Project,
    estate_uuid: str,
    plan: RosterPlan,
    *,
    all_or_nothing: bool = False,
    subject: str = "elevator",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportSummary:
    """Write the plan's valid rows in one transaction (or nothing, when asked and a row was rejected)."""
    summary = ImportSummary(rejected_lines=plan.rejected_lines)
    if all_or_nothing and plan.rejected:
        raise RetrofitError(ErrorCode.ROSTER_REJECTED, count=len(plan.rejected_lines))
    total = len(plan.rows)
    with page_cache(project.conn, LARGE_CACHE_KIB), project.write() as db:
        records.get_row(db, "estates", estate_uuid)
        writer = _Writer(db, estate_uuid, project.user, summary, subject)
        for done, row in enumerate(plan.rows, start=1):
            if cancelled and done % 200 == 0 and cancelled():
                raise RetrofitError(ErrorCode.CANCELLED)  # leaving write() rolls everything back
            writer.write(row)
            if done % FLUSH_EVERY == 0:
                writer.flush()
            if progress and (done % 200 == 0 or done == total):
                progress(done, total)
        writer.flush()
    return summary
