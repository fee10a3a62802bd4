"""Writing a checked roster into the project: one transaction, updates rather than duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlite_utils import Database

from retrofit_app.core.consultation.roster import Cancelled, Progress, RosterPlan, RosterRow
from retrofit_app.core.consultation.votes import ensure_consultation, upsert_vote, vote_values
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.households import household_values, insert_household, set_owners
from retrofit_app.core.model import Owner
from retrofit_app.core.storage import consultation_store as store
from retrofit_app.core.storage import records

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


@dataclass
class ImportSummary:
    imported: int = 0  # rows written (created + updated + unchanged)
    households_created: int = 0
    households_updated: int = 0
    households_unchanged: int = 0
    buildings_created: int = 0
    units_created: int = 0
    votes_recorded: int = 0
    rejected_lines: list[int] = field(default_factory=list)


class _Places:
    """The estate's buildings, units and flats by name, loaded once for the whole file."""

    def __init__(self, db: Database, estate_uuid: str, user: str, summary: ImportSummary) -> None:
        self.db, self.estate_uuid, self.user, self.summary = db, estate_uuid, user, summary
        buildings, units, households = store.estate_places(db, estate_uuid)
        self.buildings = {b["name"]: b["uuid"] for b in buildings}
        self.units = {(u["building_uuid"], u["name"]): u["uuid"] for u in units}
        self.households = {(h["unit_uuid"], h["room"]): h for h in households}
        self.owners: dict[str, list[tuple[str, str, str]]] = {}
        for link in store.estate_owner_links(db, estate_uuid):
            self.owners.setdefault(link["household_uuid"], []).append(
                (link["name"], link["id_number"], link["phone"])
            )
        self.consultations: dict[str, str] = {}

    def unit(self, building: str, unit: str) -> str:
        if building not in self.buildings:
            self.buildings[building] = records.insert_row(
                self.db, "buildings", {"estate_uuid": self.estate_uuid, "name": building}, self.user
            )
            self.summary.buildings_created += 1
        key = (self.buildings[building], unit)
        if key not in self.units:
            self.units[key] = records.insert_row(
                self.db, "units", {"building_uuid": key[0], "name": unit}, self.user
            )
            self.summary.units_created += 1
        return self.units[key]

    def consultation(self, unit_uuid: str) -> str:
        # Roster votes belong to the elevator consultation of their unit.
        if unit_uuid not in self.consultations:
            self.consultations[unit_uuid] = ensure_consultation(
                self.db, self.estate_uuid, "unit", unit_uuid, self.user
            )
        return self.consultations[unit_uuid]


def _same_owners(stored: list[tuple[str, str, str]], row: RosterRow) -> bool:
    """A blank phone in the file keeps the stored one, so it is no change."""
    return len(stored) == len(row.owners) and all(
        (name, id_number) == (o.name, o.id_number.upper()) and (not o.phone or o.phone == phone)
        for (name, id_number, phone), o in zip(stored, row.owners, strict=True)
    )


def _write_row(places: _Places, row: RosterRow) -> None:
    db, user, summary = places.db, places.user, places.summary
    unit_uuid = places.unit(row.building, row.unit)
    owners = [Owner("", o.name, o.id_number, o.phone) for o in row.owners]
    found = places.households.get((unit_uuid, row.room))
    if found is None:
        household_uuid = insert_household(
            db, unit_uuid, {"room": row.room, **row.household}, owners, user
        )
        summary.households_created += 1
    else:
        household_uuid = found["uuid"]
        changed = bool(found["deleted_at"])
        if changed:
            records.restore_row(db, "households", household_uuid, user)
        changed |= bool(
            records.update_row(
                db, "households", household_uuid, household_values(row.household), user
            )
        )
        # Only touch owners that differ, so a re-import leaves no audit noise.
        if not _same_owners(places.owners.get(household_uuid, []), row):
            set_owners(db, household_uuid, owners, user)
            changed = True
        summary.households_updated += changed
        summary.households_unchanged += not changed
    if row.vote:
        consultation = places.consultation(unit_uuid)
        before = store.vote_for(db, consultation, household_uuid)
        upsert_vote(db, consultation, household_uuid, row.vote, user)
        values = vote_values(row.vote)
        summary.votes_recorded += before is None or any(before[k] != v for k, v in values.items())
    summary.imported += 1


def import_roster(
    project: Project,
    estate_uuid: str,
    plan: RosterPlan,
    *,
    all_or_nothing: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportSummary:
    """Write the plan's valid rows in one transaction (or nothing, when asked and a row was rejected)."""
    summary = ImportSummary(rejected_lines=plan.rejected_lines)
    if all_or_nothing and plan.rejected:
        raise RetrofitError(ErrorCode.ROSTER_REJECTED, count=len(plan.rejected_lines))
    total = len(plan.rows)
    with project.write() as db:
        records.get_row(db, "estates", estate_uuid)
        places = _Places(db, estate_uuid, project.user, summary)
        for done, row in enumerate(plan.rows, start=1):
            if cancelled and done % 200 == 0 and cancelled():
                raise RetrofitError(ErrorCode.CANCELLED)  # leaving write() rolls everything back
            _write_row(places, row)
            if progress and (done % 200 == 0 or done == total):
                progress(done, total)
    return summary
