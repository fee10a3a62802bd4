"""Identity questions of an estate as the committee sees them, and its decisions (same / different)."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from retrofit_app.core.consultation.identity import (
    DECISIONS,
    Identities,
    OwnedFlat,
    Question,
    identities,
)
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.storage import consultation_store as store
from retrofit_app.core.storage import identity_store

if TYPE_CHECKING:
    from retrofit_app.core.access import ProjectAccess

# unit uuid → (building uuid, building name, unit name), as consultation_store.tally_units gives
Places = Mapping[str, tuple[str, str, str]]
_KEY_PREFIX_MIN = 4  # a key may be typed shortened, as long as it stays unambiguous


def owned_flats(rows: Sequence[tuple], places: Places) -> tuple[list[OwnedFlat], dict[str, str]]:
    """The flats of consultation_store.tally_rows with their owners, and each flat's unit uuid."""
    owners: dict[str, list[tuple[str, str]]] = {}
    rooms: dict[str, str] = {}
    unit_of: dict[str, str] = {}
    for row in rows:  # (household, unit, room, area, kind, owner name, owner id, ...)
        household, unit, room, name, id_number = row[0], row[1], row[2], row[5], row[6]
        found = owners.get(household)
        if found is None:
            found = owners[household] = []
            _building, building_name, unit_name = places[unit]
            rooms[household] = f"{building_name}{unit_name}{room}"  # as the tally names it
            unit_of[household] = unit
        if name is not None:
            found.append((name, id_number or ""))
    return [OwnedFlat(h, room, tuple(owners[h])) for h, room in rooms.items()], unit_of


def estate_identities(
    rows: Sequence[tuple], places: Places, decided: Mapping[str, str]
) -> Identities:
    """identities() of the flats of consultation_store.tally_rows under the committee's decisions.

    The tally runs again after every vote, which changes neither owners nor decisions: the
    answer for the same rows, names and decisions is remembered (a copy each, so a caller
    changing its lists never changes the remembered one)."""
    found = _estate_identities(tuple(rows), tuple(places.items()), frozenset(decided.items()))
    return Identities(dict(found.owner_keys), list(found.questions))


@functools.lru_cache(maxsize=4)
def _estate_identities(
    rows: tuple[tuple, ...],
    places: tuple[tuple[str, tuple[str, str, str]], ...],
    decided: frozenset[tuple[str, str]],
) -> Identities:
    return identities(owned_flats(rows, dict(places))[0], dict(decided))


def in_scope(unit_of: Mapping[str, str], places: Places, scope_uuid: str) -> list[str]:
    """The households of a unit, a building, or (any other uuid) the whole estate."""
    if scope_uuid in places:
        return [h for h, u in unit_of.items() if u == scope_uuid]
    buildings = {b for b, _name, _unit in places.values()}
    if scope_uuid in buildings:
        return [h for h, u in unit_of.items() if places[u][0] == scope_uuid]
    return list(unit_of)


class IdentityService:
    def __init__(self, project: ProjectAccess) -> None:
        self.project = project

    def _read(self, estate_uuid: str) -> tuple[Identities, dict[str, str], Places]:
        with self.project.read():
            db = self.project.db
            places = {u: (b, bn, un) for u, b, bn, un in store.tally_units(db, estate_uuid)}
            rows = store.tally_rows(db, estate_uuid)
            decided = identity_store.decisions(db, estate_uuid)
        flats, unit_of = owned_flats(rows, places)
        return identities(flats, decided), unit_of, places

    def of_estate(self, estate_uuid: str) -> Identities:
        return self._read(estate_uuid)[0]

    def questions(
        self, estate_uuid: str, scope_uuid: str | None = None, *, open_only: bool = False
    ) -> list[Question]:
        """The estate's questions (those whose answer matters in a unit's or building's count
        when `scope_uuid` is given), decided ones too unless `open_only`."""
        found, unit_of, places = self._read(estate_uuid)
        questions = found.open if open_only else found.questions
        if scope_uuid is None:
            return questions
        scope = set(in_scope(unit_of, places, scope_uuid))
        return [q for q in questions if q.matters_in(scope)]

    def decided(self, estate_uuid: str) -> dict[str, dict[str, Any]]:
        """question key → the stored decision with who (decided_by) and when (decided_at)."""
        with self.project.read():
            return {
                r["question_key"]: r
                for r in identity_store.decision_rows(self.project.db, estate_uuid)
            }

    def find(self, estate_uuid: str, key: str) -> Question:
        """The question with `key` (or a key starting with it, when only one does)."""
        key = key.strip().lower()
        questions = self.of_estate(estate_uuid).questions
        exact = [q for q in questions if q.key == key]
        found = exact or [
            q for q in questions if len(key) >= _KEY_PREFIX_MIN and q.key.startswith(key)
        ]
        if len(found) != 1:
            raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
        return found[0]

    def decide(self, estate_uuid: str, key: str, decision: str | None) -> str | None:
        """Record the committee's decision on question `key` ("same" or "different"; None opens
        it again); who and when go with it and into the audit log. Returns the decision it had."""
        if decision is not None and decision not in DECISIONS:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field="decision", value=decision)
        question = self.find(estate_uuid, key)
        with self.project.write() as db:
            before = identity_store.decision_row(db, estate_uuid, question.key)
            if decision is None:
                identity_store.withdraw_decision(db, estate_uuid, question.key, self.project.user)
            else:
                values = {
                    "kind": question.kind,
                    "names": " / ".join(question.names),
                    "rooms": "、".join(question.rooms),
                    "decision": decision,
                    "decided_by": self.project.user,
                }
                identity_store.record_decision(
                    db, estate_uuid, question.key, values, self.project.user
                )
        return before["decision"] if before else None
