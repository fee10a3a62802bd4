"""The consultation service: consultations per scope, votes, review, and tallies of an estate."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from retrofit_app.core.audit import AuditEntry, entry_from_row
from retrofit_app.core.clock import now_iso
from retrofit_app.core.consultation import votes as vote_records
from retrofit_app.core.consultation.identity import Identities
from retrofit_app.core.consultation.identity_service import IdentityService, estate_identities
from retrofit_app.core.consultation.opinions import OpinionService
from retrofit_app.core.consultation.public_notice import (
    NoticeState,
    check_no_objection,
    notice_state,
)
from retrofit_app.core.consultation.rules import RuleSet, rule_set
from retrofit_app.core.consultation.tally import Flat, Tally, tally
from retrofit_app.core.consultation.votes import Vote
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.gc_pause import collector_paused
from retrofit_app.core.model import Owner
from retrofit_app.core.storage import consultation_store as store
from retrofit_app.core.storage import identity_store, records
from retrofit_app.core.storage.rows import from_row

if TYPE_CHECKING:
    from retrofit_app.core.access import ProjectAccess


@dataclass(frozen=True)
class Consultation:
    uuid: str
    estate_uuid: str
    subject: str
    scope_kind: str
    scope_uuid: str
    rule_set: str
    title: str
    status: str
    building_name: str
    unit_name: str
    notice_start: str | None = None
    notice_days: int | None = None
    reviewed_by: str = ""
    reviewed_at: str | None = None
    review_note: str = ""


@dataclass(frozen=True)
class HouseholdVote:
    """A household as the consultation table shows it: where it is, who owns it, how it voted."""

    household_uuid: str
    building: str
    unit: str
    unit_uuid: str
    building_uuid: str
    room: str
    floor: int | None
    area: float | None
    kind: str
    rented: bool
    tenant_name: str
    owners: tuple[Owner, ...]
    vote: Vote | None


@dataclass(frozen=True)
class ScopeTally:
    """The tally of one voting scope (a unit, or a whole building)."""

    scope_kind: str
    scope_uuid: str
    building: str
    unit: str  # "" for a building scope
    consultation: Consultation | None
    result: Tally


# Where a household votes in several scopes on one subject, the narrowest wins (sorted last).
NARROWER = {"estate": 0, "building": 1, "unit": 2}


# The tally runs again after every vote: the areas, which a vote does not change, are kept.
@functools.lru_cache(maxsize=1 << 16)
def _area(value: float) -> Fraction:
    # Areas are registered to the cent; rounding to cents undoes binary float noise.
    return Fraction(round(value * 100), 100)


def _codes(problems: str) -> tuple[str, ...]:
    return tuple(code for code in problems.split(",") if code)


def _scopes(
    scope: str, estate_uuid: str, flat_units: list[str], places: dict[str, tuple[str, str, str]]
) -> list[str]:
    """What one rule set tallies: the estate, or the units (or buildings) with households, in
    the order of their names (`flat_units`: each household's unit, in that order)."""
    if scope == "estate":
        return [estate_uuid]
    return list(dict.fromkeys(u if scope == "unit" else places[u][0] for u in flat_units))


def _by_scope(
    estate_uuid: str,
    households: list[tuple],
    places: dict[str, tuple[str, str, str]],
    owner_keys: dict[str, tuple[str, ...]],
    choice: dict[str, str],
) -> tuple[dict[str, list[Flat]], dict[str, tuple[str, str]]]:
    """The flats of each unit, building and the estate, and each unit's and building's names.

    A flat the roster import kept to settle carries its problem codes (blocking.FLAT_PROBLEMS)."""
    flats_by: dict[str, list[Flat]] = {estate_uuid: []}
    names: dict[str, tuple[str, str]] = {estate_uuid: ("", "")}
    # Flats of one floor plan share their area: one Fraction for them all.
    areas: dict[float, Fraction] = {}
    for uuid, unit_uuid, room, area, kind, _owner, _id_number, problems in households:
        building_uuid, building, unit = places[unit_uuid]
        fraction = None if area is None else areas.get(area)
        if fraction is None and area is not None:
            fraction = areas[area] = _area(area)
        flat = Flat(uuid, f"{building}{unit}{room}", fraction, owner_keys[uuid],
                    kind == "developer_unsold", choice.get(uuid), unit,
                    problems=_codes(problems) if problems else ())  # fmt: skip
        if unit_uuid not in flats_by:
            flats_by[unit_uuid] = []
            names[unit_uuid] = (building, unit)
            if building_uuid not in flats_by:
                flats_by[building_uuid] = []
                names[building_uuid] = (building, "")
        flats_by[unit_uuid].append(flat)
        flats_by[building_uuid].append(flat)
        flats_by[estate_uuid].append(flat)
    return flats_by, names


class ConsultationService:
    def __init__(self, project: ProjectAccess) -> None:
        self.project = project
        self.opinions = OpinionService(project)
        self.identity = IdentityService(project)

    # ------------------------------------------------------------- consultations
    def for_scope(
        self,
        scope_kind: str,
        scope_uuid: str,
        *,
        subject: str = "elevator",
        rule: str | None = None,
        title: str = "",
    ) -> Consultation:
        """The subject's consultation of a unit, building or estate, started when there is none."""
        with self.project.write() as db:
            if scope_kind == "unit":
                building = records.get_row(db, "units", scope_uuid)["building_uuid"]
                estate = records.get_row(db, "buildings", building)["estate_uuid"]
            elif scope_kind == "building":
                estate = records.get_row(db, "buildings", scope_uuid)["estate_uuid"]
            else:
                estate = records.get_row(db, "estates", scope_uuid)["uuid"]
            uuid = vote_records.ensure_consultation(
                db,
                estate,
                scope_kind,
                scope_uuid,
                self.project.user,
                subject=subject,
                rule=rule,
                title=title,
            )
        return self.get(uuid)

    def get(self, uuid: str) -> Consultation:
        with self.project.read():
            row = records.get_row(self.project.db, "consultations", uuid)
            found = [
                r
                for r in store.consultations_of_estate(self.project.db, row["estate_uuid"])
                if r["uuid"] == uuid
            ]
            return self._as_printed(found)[0]

    def of_estate(self, estate_uuid: str, subject: str | None = None) -> list[Consultation]:
        with self.project.read():
            return self._as_printed(
                store.consultations_of_estate(self.project.db, estate_uuid, subject)
            )

    def _as_printed(self, rows: list[dict[str, Any]]) -> list[Consultation]:
        """Consultations with the status every screen and report prints (notice_state): an
        objection inside the notice reads 有异议, a 无异议 recorded too early reads 公示中."""
        received: dict[str, list[str | None]] = {}
        for estate in {r["estate_uuid"] for r in rows}:
            for o in store.opinions_of(self.project.db, estate, "notice_objection"):
                received.setdefault(o["consultation_uuid"], []).append(o["received_on"])
        return [
            from_row(Consultation, r, status=notice_state(r, received.get(r["uuid"], [])).status)
            for r in rows
        ]

    def start_notice(self, consultation_uuid: str, start: str, days: int) -> None:
        """Public notice (公示) posted at the stairwell: `days` from `start`."""
        with self.project.write() as db:
            vote_records.set_status(
                db,
                consultation_uuid,
                "notice",
                self.project.user,
                notice_start=start,
                notice_days=days,
            )

    def close_review(
        self, consultation_uuid: str, status: str, *, by: str, on: str, note: str = ""
    ) -> None:
        """The committee's conclusion: no_objection, disputed or done, signed by a named member.
        公示无异议 is refused until the notice's last day is over and while objections came in."""
        if not by.strip():
            raise RetrofitError(ErrorCode.INVALID_VALUE, field="reviewed_by", value="''")
        if status == "no_objection":
            # "Today" where the user is, or in UTC as the window dates its conclusions.
            today = max(date.today(), date.fromisoformat(now_iso()[:10]))
            check_no_objection(self.notice_state(consultation_uuid), on, today)
        with self.project.write() as db:
            vote_records.set_status(
                db,
                consultation_uuid,
                status,
                self.project.user,
                reviewed_by=by,
                reviewed_at=on,
                review_note=note,
            )

    def notice_state(self, consultation_uuid: str) -> NoticeState:
        """Status, notice period and objections in it: what the window, notice and reports print."""
        return self.opinions.notice_state(consultation_uuid)

    def covering(self, household_uuid: str, subject: str = "elevator") -> Consultation:
        """The subject's consultation that counts the household: its unit's, else its building's,
        else a new one for its unit (the usual scope of an elevator vote)."""
        with self.project.read():
            where = store.household_scopes(self.project.db, household_uuid)
        if where is None:
            raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
        found = {c.scope_uuid: c for c in self.of_estate(where["estate_uuid"], subject)}
        for scope in (where["unit_uuid"], where["building_uuid"]):
            if scope in found:
                return found[scope]
        return self.for_scope("unit", where["unit_uuid"], subject=subject)

    # ------------------------------------------------------------- votes
    def record_vote(
        self, consultation_uuid: str, household_uuid: str, choice: str, **fields: Any
    ) -> Vote:
        with self.project.write() as db:
            records.get_row(db, "households", household_uuid)
            uuid = vote_records.upsert_vote(
                db,
                consultation_uuid,
                household_uuid,
                {"choice": choice, **fields},
                self.project.user,
            )
        return self.vote(uuid)

    def delete_vote(self, vote_uuid: str) -> None:
        """Remove a vote (undoing its first recording); the audit log keeps what it was."""
        from retrofit_app.core.storage import signature_store

        with self.project.write() as db:
            signature_store.remove_on(db, "vote_uuid", vote_uuid, self.project.user)
            records.delete_row(db, "votes", vote_uuid, self.project.user)

    def vote(self, vote_uuid: str) -> Vote:
        with self.project.read():
            return from_row(Vote, records.get_row(self.project.db, "votes", vote_uuid))

    def vote_of(self, household_uuid: str, subject: str = "elevator") -> Vote | None:
        """The household's vote in the subject's consultation of its unit (else its building)."""
        with self.project.read():
            db = self.project.db
            where = store.household_scopes(db, household_uuid)
            if where is None:
                raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
            for scope in (where["unit_uuid"], where["building_uuid"], where["estate_uuid"]):
                found = store.consultation_for(db, subject, scope)
                row = found and store.vote_for(db, found["uuid"], household_uuid)
                if row:
                    return from_row(Vote, row)
        return None

    def vote_of_consultation(self, consultation_uuid: str, household_uuid: str) -> Vote | None:
        with self.project.read():
            row = store.vote_for(self.project.db, consultation_uuid, household_uuid)
        return from_row(Vote, row) if row else None

    def vote_history(self, household_uuid: str) -> list[AuditEntry]:
        """Every recorded change to the household's votes, oldest first, with who and when."""
        with self.project.read():
            return [entry_from_row(r) for r in store.vote_audit(self.project.db, household_uuid)]

    def review_vote(
        self, vote_uuid: str, state: str, *, by: str, on: str | None = None, note: str = ""
    ) -> Vote:
        """A committee member marks a vote verified, or disputed with mediation notes."""
        with self.project.write() as db:
            vote_records.review_vote(db, vote_uuid, state, by, note, on, self.project.user)
        return self.vote(vote_uuid)

    def households_with_votes(
        self, estate_uuid: str, *, scope_uuid: str | None = None, subject: str = "elevator"
    ) -> list[HouseholdVote]:
        """The estate's households (or one unit's or building's) with owners and the subject's vote."""
        with self.project.read():
            db = self.project.db
            rows = [
                h for h in store.estate_households(db, estate_uuid)
                if scope_uuid is None or scope_uuid in (h["unit_uuid"], h["building_uuid"])
            ]  # fmt: skip
            owners: dict[str, list[Owner]] = {}
            for link in store.estate_owner_links(db, estate_uuid):
                owners.setdefault(link["household_uuid"], []).append(
                    Owner(link["uuid"], link["name"], link["id_number"], link["phone"])
                )
            votes: dict[str, Vote] = {}
            for v in sorted(
                store.estate_votes(db, estate_uuid, subject),
                key=lambda v: NARROWER[v["scope_kind"]],
            ):
                votes[v["household_uuid"]] = from_row(Vote, v)
        return [
            HouseholdVote(
                h["uuid"],
                h["building_name"],
                h["unit_name"],
                h["unit_uuid"],
                h["building_uuid"],
                h["room"],
                h["floor"],
                h["area"],
                h["kind"],
                bool(h["rented"]),
                h["tenant_name"],
                tuple(owners.get(h["uuid"], ())),
                votes.get(h["uuid"]),
            )  # fmt: skip
            for h in rows
        ]

    # ------------------------------------------------------------- tallies
    @collector_paused()
    def tally_estate(
        self, estate_uuid: str, *, rule: str | None = None, subject: str = "elevator"
    ) -> list[ScopeTally]:
        """Without `rule`: each of the subject's consultations under its own rule set.
        With `rule`: every unit (or building, per the rule's scope) of the estate under that rule."""
        with self.project.read(), store.snapshot(self.project.db):
            db = self.project.db
            places = {
                u: (b, b_name, u_name)
                for u, b, b_name, u_name in store.tally_units(db, estate_uuid)
            }
            rows = store.tally_rows(db, estate_uuid)
            decided = identity_store.decisions(db, estate_uuid)
            votes = store.tally_votes(db, estate_uuid, subject)
            consultations = self._as_printed(store.consultations_of_estate(db, estate_uuid, subject))
        choice = {h: c for h, c, _kind in sorted(votes, key=lambda v: NARROWER[v[2]])}
        households = list({row[0]: row for row in rows}.values())  # one per household, in order
        # Owner keys as the committee decided who is who (identity.py); open questions block.
        people = estate_identities(rows, places, decided)
        flats_by, names = _by_scope(
            estate_uuid, households, places, people.owner_keys, choice
        )
        if rule is not None:
            chosen = rule_set(rule)
            by_scope = {c.scope_uuid: c for c in consultations}
            scope_uuids = _scopes(chosen.scope, estate_uuid, [h[1] for h in households], places)
            plan = [(chosen.scope, s, by_scope.get(s), chosen) for s in scope_uuids]
        else:
            plan = [(c.scope_kind, c.scope_uuid, c, rule_set(c.rule_set)) for c in consultations]
        return [
            self._scope_tally(kind, s, c, r, flats_by, names, people) for kind, s, c, r in plan
        ]

    @staticmethod
    def _scope_tally(
        kind: str, scope: str, consultation: Consultation | None, chosen: RuleSet,
        flats_by: dict[str, list[Flat]], names: dict[str, tuple[str, str]], people: Identities,
    ) -> ScopeTally:  # fmt: skip
        flats = flats_by.get(scope, [])
        # Who is who changes the count only where an owner of several flats counts once.
        questions = (
            people.blocking_in(f.household_uuid for f in flats) if chosen.owner_one_head else []
        )
        building, unit = names.get(scope) or (
            (consultation.building_name, consultation.unit_name) if consultation else ("", "")
        )
        return ScopeTally(
            kind,
            scope,
            building,
            unit if kind == "unit" else "",
            consultation,
            tally(flats, chosen, questions=questions),
        )
