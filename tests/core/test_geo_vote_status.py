"""Consultation status on the map: a building's from its units' tallies, an estate's from its buildings."""

from __future__ import annotations

from pathlib import Path

from retrofit_app.core.geo.vote_status import VoteStatus, building_vote_status, estate_vote_status
from retrofit_app.core.project import Project

P, PART, OPEN, NONE = VoteStatus.PASSED, VoteStatus.PARTLY, VoteStatus.OPEN, VoteStatus.NONE


def test_estate_status_combines_its_consulted_buildings() -> None:
    assert estate_vote_status({}) == NONE
    assert estate_vote_status({"a": NONE, "b": NONE}) == NONE
    assert (
        estate_vote_status({"a": P, "b": NONE}) == P
    )  # buildings never consulted do not hold it back
    assert estate_vote_status({"a": P, "b": OPEN}) == PART
    assert estate_vote_status({"a": OPEN, "b": OPEN}) == OPEN
    assert estate_vote_status({"a": PART}) == PART


def test_building_status_follows_the_tallies(demo_path: Path) -> None:
    with Project(demo_path, readonly=True) as project:
        estate = project.estates.resolve("GL-0002")
        status = building_vote_status(project, estate.uuid)
        tallies = project.consultations.tally_estate(estate.uuid)
        names = {b.uuid: b.name for b in project.buildings.of_estate(estate.uuid)}
    assert set(status) == set(names)
    by_building: dict[str, list[bool]] = {}
    for scope in tallies:
        by_building.setdefault(scope.building, []).append(scope.result.passed)
    for uuid, state in status.items():
        results = by_building.get(names[uuid], [])
        expected = NONE if not results else P if all(results) else PART if any(results) else OPEN
        assert state == expected, names[uuid]
    assert P in status.values()  # the demo has a passed elevator vote here


def test_an_estate_without_consultations_is_all_none(project: Project) -> None:
    estate = project.estates.create("无征询小区", "玄武区")
    building = project.buildings.create(estate.uuid, "1幢")
    project.buildings.add_unit(building.uuid, "1单元")
    assert building_vote_status(project, estate.uuid) == {building.uuid: NONE}
