"""Names and notes have lengths (issue 23): past the limit a write is refused with a sentence; old long ones still print."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.limits import ADDRESS_MAX_CHARS, NAME_MAX_CHARS, NOTE_MAX_CHARS
from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project


@dataclass
class Places:
    """One of each record of the demo's first estate, for the writes below."""

    estate: str
    building: str
    unit: str
    household: str
    consultation: str
    photo: str
    checklist: str
    item: str
    stage: str


@pytest.fixture
def demo(demo_path: Path):
    with Project(demo_path, user="测试员") as project:
        estate = project.estates.list()[0]
        building = project.buildings.of_estate(estate.uuid)[0]
        unit = project.buildings.units(building.uuid)[0]
        household = project.households.of_unit(unit.uuid)[0]
        consultation = project.consultations.of_estate(estate.uuid)[0]
        photo = project.photos.list(estate.uuid)[0]
        checklist = project.checklists.of_estate(estate.uuid)[0]
        item = next(i for i in checklist.template.items if i.answer_type == "yes_no_na")
        places = Places(estate.uuid, building.uuid, unit.uuid, household.uuid, consultation.uuid,
                        photo.uuid, checklist.uuid, item.id, item.stages[0])  # fmt: skip
        yield project, places


Write = Callable[[Project, Places, str], object]
WRITES: dict[str, tuple[int, Write]] = {
    "estate name": (NAME_MAX_CHARS, lambda p, at, t: p.estates.create(t, "玄武区")),
    "estate note": (NOTE_MAX_CHARS, lambda p, at, t: p.estates.update(at.estate, note=t)),
    "estate address": (ADDRESS_MAX_CHARS, lambda p, at, t: p.estates.update(at.estate, address=t)),
    "street": (NAME_MAX_CHARS, lambda p, at, t: p.estates.update(at.estate, street=t)),
    "district of a new estate": (NAME_MAX_CHARS, lambda p, at, t: p.estates.create("新小区", t)),
    "building name": (NAME_MAX_CHARS, lambda p, at, t: p.buildings.create(at.estate, t)),
    "building note": (NOTE_MAX_CHARS, lambda p, at, t: p.buildings.update(at.building, note=t)),
    "unit name": (NAME_MAX_CHARS, lambda p, at, t: p.buildings.add_unit(at.building, t)),
    "unit note": (NOTE_MAX_CHARS, lambda p, at, t: p.buildings.update_unit(at.unit, note=t)),
    "household note": (NOTE_MAX_CHARS, lambda p, at, t: p.households.update(at.household, note=t)),
    "tenant": (NAME_MAX_CHARS, lambda p, at, t: p.households.update(at.household, tenant_name=t)),
    "owner name": (
        NAME_MAX_CHARS,
        lambda p, at, t: p.households.update(at.household, owners=[Owner("", t, "", "")]),
    ),  # fmt: skip
    "vote reason": (
        NOTE_MAX_CHARS,
        lambda p, at, t: p.consultations.record_vote(
            at.consultation, at.household, "object", reason=t
        ),
    ),  # fmt: skip
    "opinion": (
        NOTE_MAX_CHARS,
        lambda p, at, t: p.consultations.opinions.add(at.estate, "suggestion", t),
    ),  # fmt: skip
    "photo caption": (ADDRESS_MAX_CHARS, lambda p, at, t: p.photos.update(at.photo, caption=t)),
    "checklist note": (
        NOTE_MAX_CHARS,
        lambda p, at, t: p.checklists.answer(at.checklist, at.item, at.stage, "yes", t),
    ),  # fmt: skip
    "defect": (NOTE_MAX_CHARS, lambda p, at, t: p.checklists.defects.add(at.estate, t)),
}


def audit_entries(project: Project) -> int:
    return project.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]


@pytest.mark.parametrize("what", list(WRITES))
def test_a_text_over_its_limit_is_refused_and_one_at_it_is_kept(demo, what: str) -> None:
    project, at = demo
    limit, write = WRITES[what]
    before = audit_entries(project)
    with pytest.raises(RetrofitError) as caught:
        write(project, at, "长" * (limit + 1))
    assert caught.value.code is ErrorCode.TEXT_TOO_LONG
    zh, en = caught.value.sentence("zh"), caught.value.sentence("en")
    assert f"有 {limit + 1} 个字，最多 {limit} 个字" in zh and "too long" in en
    assert not any("a" <= c.lower() <= "z" for c in zh), zh  # no English inside the Chinese
    assert audit_entries(project) == before  # nothing was written
    write(project, at, "长" * limit)


def test_a_roster_row_with_a_name_too_long_is_rejected_with_its_reason(demo) -> None:
    project, at = demo
    with pytest.raises(RetrofitError) as caught:
        project.households.create(at.unit, "999", owners=[Owner("", "王" * 101, "", "")])
    assert "名称太长" in caught.value.sentence("zh")


# ---------------------------------------------------------------- old files with long texts
HOUSEHOLDS = (
    "SELECT h.uuid FROM households h JOIN units u ON h.unit_uuid = u.uuid"
    " JOIN buildings b ON u.building_uuid = b.uuid WHERE b.estate_uuid = ?2"
)
LONG_TEXTS = [
    "UPDATE estates SET name = ?1, note = ?1, address = ?1 WHERE uuid = ?2",
    "UPDATE buildings SET name = name || ?1, note = ?1 WHERE estate_uuid = ?2",
    "UPDATE units SET name = name || ?1 WHERE building_uuid IN (SELECT uuid FROM buildings WHERE estate_uuid = ?2)",  # noqa: E501
    f"UPDATE households SET note = ?1 WHERE uuid IN ({HOUSEHOLDS})",
    f"UPDATE owners SET name = ?1 WHERE uuid IN (SELECT owner_uuid FROM household_owners WHERE household_uuid IN ({HOUSEHOLDS}))",  # noqa: E501
    f"UPDATE votes SET reason = ?1 WHERE household_uuid IN ({HOUSEHOLDS})",
    "UPDATE opinions SET text = ?1 WHERE estate_uuid = ?2",
    "UPDATE photos SET caption = ?1 WHERE estate_uuid = ?2",
    "UPDATE checklist_answers SET note = ?1 WHERE checklist_uuid IN (SELECT uuid FROM checklists WHERE estate_uuid = ?2)",  # noqa: E501
]


def with_long_texts(path: Path, length: int, statements: list[str] = LONG_TEXTS) -> str:
    """What a file from before the limits may hold: the first estate's names and notes
    `length` characters long (that estate only, or the file grows by gigabytes). Its uuid."""
    connection = sqlite3.connect(path)
    [estate] = connection.execute("SELECT uuid FROM estates ORDER BY code LIMIT 1").fetchone()
    for statement in statements:
        connection.execute(statement, ("长" * length, estate))
    connection.commit()
    connection.close()
    return estate


@pytest.mark.needs("cjk-font")
@pytest.mark.parametrize("kind", ["acceptance", "survey", "notice"])
def test_reports_build_from_a_file_with_long_names(
    demo_path: Path, tmp_path: Path, kind: str
) -> None:
    from retrofit_app.core.reports import ReportOptions, build_report

    with_long_texts(demo_path, 3_000)  # every name and note past its limit and the 2,000 printed
    uuid = with_long_texts(demo_path, 10_000, LONG_TEXTS[:1])  # the estate's name: 10,000
    options = ReportOptions(issuing_office="局" * 10_000, parties={"client": "甲" * 10_000})
    with Project(demo_path) as project:
        estate = project.estates.get(uuid)
        result = build_report(project, kind, [estate], tmp_path / f"{kind}.pdf", options=options)
    assert result.pages > 0 and result.path.stat().st_size > 0


@pytest.mark.needs("cjk-font")
def test_a_megabyte_name_prints_cut_and_quickly(demo_path: Path, tmp_path: Path) -> None:
    from retrofit_app.core.reports import build_report

    uuid = with_long_texts(demo_path, 1_000_000, LONG_TEXTS[:2])  # the estate's and its buildings'
    with Project(demo_path) as project:
        estate = project.estates.get(uuid)
        start = time.perf_counter()
        build_report(project, "survey", [estate], tmp_path / "survey.pdf")
    # Each report ran over five minutes before (issue 23); it takes about a second now.
    assert time.perf_counter() - start < 60
