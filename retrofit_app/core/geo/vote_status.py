"""Consultation status for the map: per building (from its units' or its own tallies) and per estate."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from retrofit_app.core.storage import geo_store

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


class VoteStatus(StrEnum):
    PASSED = "passed"  # every consultation of the building (or estate) passed
    PARTLY = "partly"  # some passed, some not yet
    OPEN = "open"  # consulted, none passed yet
    NONE = "none"  # no consultation


# One colour per status (Okabe–Ito, colour-blind safe), shared by the map and the report snapshot.
VOTE_STATUS_RGB: dict[VoteStatus, tuple[int, int, int]] = {
    VoteStatus.PASSED: (0, 158, 115),
    VoteStatus.PARTLY: (230, 159, 0),
    VoteStatus.OPEN: (213, 94, 0),
    VoteStatus.NONE: (160, 160, 160),
}


def _combine(results: list[bool | None]) -> VoteStatus:
    """None (a tally that cannot conclude yet) counts as not passed."""
    if not results:
        return VoteStatus.NONE
    if all(results):
        return VoteStatus.PASSED
    return VoteStatus.PARTLY if any(results) else VoteStatus.OPEN


def building_vote_status(
    project: Project, estate_uuid: str, subject: str = "elevator"
) -> dict[str, VoteStatus]:
    """Building uuid -> status, from the tallies of the consultations that exist (unit or building scope)."""
    with project.read():
        unit_to_building = geo_store.unit_buildings(project.db, estate_uuid)
    results: dict[str, list[bool | None]] = {}
    if not project.consultations.of_estate(estate_uuid, subject):
        # No consultation: skip the tally's household reads.
        return dict.fromkeys(set(unit_to_building.values()), VoteStatus.NONE)
    for scope in project.consultations.tally_estate(estate_uuid, subject=subject):
        building = (
            scope.scope_uuid
            if scope.scope_kind == "building"
            else unit_to_building.get(scope.scope_uuid)
        )
        if building:
            results.setdefault(building, []).append(scope.result.passed)
    buildings = set(unit_to_building.values()) | set(results)
    return {b: _combine(results.get(b, [])) for b in buildings}


def estate_vote_status(building_status: dict[str, VoteStatus]) -> VoteStatus:
    consulted = [s for s in building_status.values() if s is not VoteStatus.NONE]
    if not consulted:
        return VoteStatus.NONE
    if all(s is VoteStatus.PASSED for s in consulted):
        return VoteStatus.PASSED
    return (
        VoteStatus.PARTLY
        if any(s in (VoteStatus.PASSED, VoteStatus.PARTLY) for s in consulted)
        else VoteStatus.OPEN
    )


def vote_status_of(
    project: Project, estate_uuids: list[str]
) -> tuple[dict[str, VoteStatus], dict[str, VoteStatus]]:
    """(estate uuid -> status, building uuid -> status) for the map's consultation theme."""
    by_estate: dict[str, VoteStatus] = {}
    by_building: dict[str, VoteStatus] = {}
    for estate_uuid in estate_uuids:
        buildings = building_vote_status(project, estate_uuid)
        by_building.update(buildings)
        by_estate[estate_uuid] = estate_vote_status(buildings)
    return by_estate, by_building
