"""The commands that record what the window records: add-building/unit/household, vote, review,
answer; and the dispatch that sends anything but `gui` to the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrofit_app.cli import main
from retrofit_app.core.project import Project

ESTATE = "童家巷小区"
PLACE = ["--estate", ESTATE, "--building", "5幢", "--unit", "1单元"]


@pytest.fixture
def built(project_path: Path) -> Path:
    """An estate with 5幢 1单元 and households 101 (one owner) and 102 (two co-owners)."""
    p = str(project_path)
    assert main(["new", p]) == 0
    assert main(["add-estate", p, "--name", ESTATE, "--district", "玄武区"]) == 0
    assert main(["add-building", p, "--estate", ESTATE, "--building", "5幢", "--storeys", "6",
                 "--year-built", "1988", "--structure", "砖混", "--safety-grade", "B"]) == 0  # fmt: skip
    assert main(["add-unit", p, "--estate", ESTATE, "--building", "5幢", "--unit", "1单元"]) == 0
    assert main(["add-household", p, *PLACE, "--room", "101", "--floor", "1", "--area", "75.5",
                 "--owner", "张三", "--id-number", "320102198001011234", "--phone", "13812341234"]) == 0  # fmt: skip
    assert main(["add-household", p, *PLACE, "--room", "102", "--area", "80",
                 "--owner", "李四", "--owner", "王五"]) == 0  # fmt: skip
    return project_path


def _household(project: Project, room: str):
    estate = project.estates.resolve(ESTATE)
    (building,) = project.buildings.of_estate(estate.uuid)
    (unit,) = project.buildings.units(building.uuid)
    return next(h for h in project.households.of_unit(unit.uuid) if h.room == room)


def test_a_building_unit_and_households_added_from_the_command_line_are_in_the_file(built: Path):
    with Project(built, readonly=True) as project:
        estate = project.estates.resolve(ESTATE)
        (building,) = project.buildings.of_estate(estate.uuid)
        assert (building.name, building.storeys, building.year_built) == ("5幢", 6, 1988)
        assert (building.structure, building.safety_grade) == ("砖混", "B")
        assert [u.name for u in project.buildings.units(building.uuid)] == ["1单元"]
        first = _household(project, "101")
        assert (first.floor, first.area) == (1, 75.5)
        assert [(o.name, o.id_number, o.phone) for o in first.owners] == [
            ("张三", "320102198001011234", "13812341234")
        ]
        assert sorted(o.name for o in _household(project, "102").owners) == ["李四", "王五"]


def test_vote_records_and_changes_a_vote_with_an_audit_entry_each_time(built: Path, capsys):
    p = str(built)
    assert main(["vote", p, *PLACE, "--room", "101", "--choice", "agree", "--method", "in_person",
                 "--date", "2026-11-30"]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["vote", p, *PLACE, "--room", "101", "--choice", "object", "--method", "phone",
                 "--date", "2026-12-01", "--objection", "影响采光", "--reason", "一楼",
                 "--json"]) == 0  # fmt: skip
    document = json.loads(capsys.readouterr().out)
    assert (document["choice"], document["method"], document["asked_on"]) == (
        "object", "phone", "2026-12-01")  # fmt: skip
    with Project(built, readonly=True) as project:
        household = _household(project, "101")
        vote = project.consultations.vote_of(household.uuid)
        assert (vote.choice, vote.objection, vote.reason) == ("object", "影响采光", "一楼")
        history = project.consultations.vote_history(household.uuid)
        assert [e.new.get("choice") for e in history] == ["agree", "object"]


def test_the_command_line_vote_is_counted_in_the_units_consultation(built: Path, capsys):
    p = str(built)
    for room in ("101", "102"):
        assert main(["vote", p, *PLACE, "--room", room, "--choice", "agree"]) == 0
    capsys.readouterr()
    assert main(["tally", p, "--estate", ESTATE, "--json"]) == 0
    (scope,) = json.loads(capsys.readouterr().out)["scopes"]
    assert scope["passed"] is True


def test_review_verifies_then_disputes_a_vote(built: Path, capsys):
    p = str(built)
    assert main(["vote", p, *PLACE, "--room", "102", "--choice", "agree"]) == 0
    assert main(["review", p, *PLACE, "--room", "102", "--state", "verified", "--by", "刘主任",
                 "--date", "2026-12-02"]) == 0  # fmt: skip
    assert main(["review", p, *PLACE, "--room", "102", "--state", "disputed", "--by", "刘主任",
                 "--note", "产权人称未签字"]) == 0  # fmt: skip
    with Project(built, readonly=True) as project:
        vote = project.consultations.vote_of(_household(project, "102").uuid)
        assert (vote.review_state, vote.reviewed_by, vote.review_note) == (
            "disputed", "刘主任", "产权人称未签字")  # fmt: skip
        changes = project.audit.history(vote.uuid)
        assert [e.new.get("review_state") for e in changes if "review_state" in e.new] == [
            "verified", "disputed"]  # fmt: skip


def test_review_of_a_household_without_a_vote_is_refused_in_a_sentence(built: Path, capsys):
    assert main(["review", str(built), *PLACE, "--room", "101", "--state", "verified"]) == 1
    assert "5幢1单元101 还没有表决意见" in capsys.readouterr().err


def test_an_unknown_room_is_named_in_the_refusal(built: Path, capsys):
    assert main(["vote", str(built), *PLACE, "--room", "909", "--choice", "agree"]) == 1
    assert "“5幢1单元909”" in capsys.readouterr().err


def test_answer_sets_and_clears_a_checklist_item(built: Path, capsys):
    p = str(built)
    assert main(["checklist", p, "--estate", ESTATE, "--create", "--json"]) == 0
    capsys.readouterr()
    assert main(["answer", p, "--estate", ESTATE, "--checklist", "elevator_feasibility",
                 "--building", "5幢", "--unit", "1单元", "--item", "elev.storeys", "--value", "6",
                 "--note", "现场数过"]) == 0  # fmt: skip
    assert main(["checklist", p, "--estate", ESTATE, "--json"]) == 0
    document = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    (elevator,) = [c for c in document["checklists"] if c["template_id"] == "elevator_feasibility"]
    (item,) = [i for i in elevator["items"] if i["id"] == "elev.storeys" and i["stage"] == "survey"]
    assert (item["value"], item["note"]) == (6, "现场数过")
    assert main(["answer", p, "--estate", ESTATE, "--checklist", "elevator_feasibility",
                 "--item", "elev.storeys", "--clear"]) == 0  # fmt: skip
    with Project(built, readonly=True) as project:
        (checklist,) = [c for c in project.checklists.of_estate(project.estates.resolve(ESTATE).uuid)
                        if c.template.template_id == "elevator_feasibility"]  # fmt: skip
        cleared = checklist.answers.get(("elev.storeys", "survey"))
        assert cleared is None or cleared.value is None


def test_answer_refuses_a_value_the_item_cannot_take(built: Path, capsys):
    p = str(built)
    assert main(["checklist", p, "--estate", ESTATE, "--create"]) == 0
    capsys.readouterr()
    assert main(["answer", p, "--estate", ESTATE, "--checklist", "elevator_feasibility",
                 "--item", "elev.storeys", "--value", "六层"]) == 1  # fmt: skip
    assert "应为数字" in capsys.readouterr().err


def test_a_mistyped_command_exits_2_naming_the_nearest_command(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["vot", "p.gpkg"])
    assert stopped.value.code == 2
    assert "vote" in capsys.readouterr().err


def test_only_no_arguments_or_gui_open_the_window(monkeypatch, capsys):
    from retrofit_app import __main__ as entry
    from retrofit_app.gui import app as gui_app

    opened: list[list[str]] = []
    monkeypatch.setattr(gui_app, "run_app", lambda argv: opened.append(list(argv)) or 0)
    monkeypatch.setattr("retrofit_app.gui.qt_libraries.check_before_qt", lambda: True)
    assert entry.main([]) == 0
    assert entry.main(["gui", "项目.gpkg"]) == 0
    assert opened == [[], ["项目.gpkg"]]
    with pytest.raises(SystemExit) as stopped:
        entry.main(["项目.gpkg"])
    assert stopped.value.code == 2
    assert "retrofit-app gui 项目.gpkg" in capsys.readouterr().err
    assert opened == [[], ["项目.gpkg"]]
