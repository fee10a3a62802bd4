"""No refused roster row vanishes: one that names its flat keeps that flat in its scope, to check,
so the scope cannot conclude (never 通过 on the flats left); one that names no unit is told plainly.
Rosters as Excel and WPS write them: XLSX with the ID number typed as a number, GBK CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from retrofit_app.cli import main
from retrofit_app.core.consultation.explain import (
    blocking_sentences,
    missing_text,
    status_text,
    tally_document,
)
from retrofit_app.core.consultation.roster import read_roster
from retrofit_app.core.consultation.roster_import import import_roster
from retrofit_app.core.consultation.roster_report import kept_sentence
from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project

HEADER = ["楼栋", "单元", "房号", "建筑面积", "产权人", "身份证号", "意见", "征询方式", "备注"]
ID_101 = "320105198602091207"
ID_102 = 320105198602091208  # as Excel keeps it in a General cell: a number, last digits lost


def gbk_csv(path: Path, rows: list[list[str]]) -> Path:
    """As Excel's "CSV" on Chinese Windows: GBK, CRLF, Python's csv quoting."""
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def xlsx_with_numeric_id(path: Path) -> Path:
    """7幢1单元: two flats, both agreeing; 102's ID cell holds a number, as typed into Excel."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([7, 1, 101, 65.5, "王伟", ID_101, "同意", "当面", ""])
    sheet.append([7, 1, 102, 72.3, "李娜", float(ID_102), "同意", "当面", ""])
    book.save(path)
    return path


GOOD = [
    ["7", "1", "101", "65.5", "王伟", ID_101, "同意", "当面", ""],
    ["7", "1", "102", "72.3", "李娜", "320105198602091223", "同意", "当面", ""],
]


@pytest.fixture
def estate(project):
    return project.estates.create("颐和新村", "鼓楼区", code="GL-9001")


def only_scope(project, estate):
    (scope,) = project.consultations.tally_estate(estate.uuid)
    return scope.result


def test_a_row_excel_stored_the_id_of_as_a_number_keeps_its_flat_and_blocks_the_unit(
    project, estate, tmp_path
):
    plan = read_roster(xlsx_with_numeric_id(tmp_path / "名册.xlsx"))
    assert plan.rejected_lines == [3] and [r.room for r in plan.refused_kept] == ["102"]
    summary = import_roster(project, estate.uuid, plan)
    assert summary.households_created == 2 and summary.households_kept == 1
    # The rounded number is nobody's ID: no owner is made from the refused row.
    ids = [r[0] for r in project.db.execute("SELECT id_number FROM owners").fetchall()]
    assert ids == [ID_101]

    result = only_scope(project, estate)
    # Before: "1/1 通过" on the flat left. Now both flats count, and nothing is concluded.
    assert result.owners_total == 2 and result.owners_agree == 1
    assert result.passed is None and result.status == "cannot_conclude"
    assert status_text(result) != "通过" and missing_text(result) == ""
    (block,) = result.blocking
    assert (block.code, block.rooms) == ("row_refused", ("7幢1单元102",))
    document = tally_document(result)
    assert document["passed"] is None and document["status"] == "cannot_conclude"
    assert document["blocking"][0]["reasons"] == {"7幢1单元102": ["number_not_text.id_number"]}
    (committee,) = blocking_sentences(result)
    assert "7幢1单元102" in committee and "被 Excel 存成了数字" in committee
    (public,) = blocking_sentences(result, public=True)
    assert "7幢1单元102" in public and "Excel" not in public and "待核实" in public
    (english,) = blocking_sentences(result, "en")
    assert "7幢1单元102" in english and "stored by Excel as a number" in english


def test_a_refused_row_of_a_flat_already_recorded_keeps_the_record_and_adds_the_problem(
    project, estate, tmp_path
):
    import_roster(project, estate.uuid, read_roster(gbk_csv(tmp_path / "好.csv", GOOD)))
    assert only_scope(project, estate).status == "passed"
    # The same flat again, with a vote WPS users type with a space, and another area and owner.
    bad = [GOOD[0], ["7", "1", "102室", "99", "张冒", "", "同 意", "当面", ""]]
    plan = read_roster(gbk_csv(tmp_path / "坏.csv", bad))
    assert [(j.line, j.reason) for j in plan.rejected] == [(3, "bad_vote")]
    summary = import_roster(project, estate.uuid, plan)
    assert summary.households_created == 0 and summary.households_kept == 1

    (flat,) = [h for h in project.households.of_unit(_unit(project)) if h.room == "102"]
    assert flat.area == 72.3 and [o.name for o in flat.owners] == ["李娜"]
    votes = project.db.execute("SELECT choice FROM votes ORDER BY choice").fetchall()
    assert [v[0] for v in votes] == ["agree", "agree"]  # the stored vote stays as recorded
    result = only_scope(project, estate)
    assert result.status == "cannot_conclude" and result.owners_agree == 2
    assert [(b.code, b.rooms) for b in result.blocking] == [("row_refused", ("7幢1单元102",))]

    # Importing the same bad file again changes nothing; a good file settles the flat.
    again = import_roster(project, estate.uuid, read_roster(tmp_path / "坏.csv"))
    assert again.households_updated == 0 and again.households_unchanged == 2
    import_roster(project, estate.uuid, read_roster(tmp_path / "好.csv"))
    assert only_scope(project, estate).status == "passed"
    stored = project.db.execute("SELECT problems FROM households").fetchall()
    assert [r[0] for r in stored] == [None, None]


def _unit(project) -> str:
    return project.db.execute("SELECT uuid FROM units").fetchone()[0]


def test_the_household_dialog_s_save_settles_a_refused_rows_flat(project, estate, tmp_path):
    import_roster(project, estate.uuid, read_roster(xlsx_with_numeric_id(tmp_path / "名册.xlsx")))
    (flat,) = [h for h in project.households.of_unit(_unit(project)) if h.room == "102"]
    assert flat.area is None and flat.owners == []  # the place alone: nothing of the row taken
    # A field left to fill stays a problem; the refusal is settled once the flat is saved checked.
    project.households.update(flat.uuid, owners=[Owner("", "李娜", "320105198602091223")])
    (problems,) = project.db.execute(
        "SELECT problems FROM households WHERE uuid = ?", [flat.uuid]
    ).fetchone()
    assert problems == "area_unknown"
    project.households.update(
        flat.uuid, area=72.3, owners=[Owner("", "李娜", "320105198602091223")]
    )
    result = only_scope(project, estate)
    assert result.blocking == [] and result.owners_total == 2 and result.status == "not_passed"


def test_a_row_without_a_room_blocks_its_unit_and_one_without_a_unit_is_told_plainly(
    project, estate, tmp_path
):
    rows = [
        *GOOD,
        ["7", "1", "", "60", "赵六", "", "同意", "当面", ""],  # the unit is known, not the flat
        # Another building without its unit: no scope to keep it in (a blank building and unit
        # would be kept to check in the unit of the row above, as merged cells are saved).
        ["8", "", "301", "60", "钱七", "", "反对", "当面", ""],
    ]
    plan = read_roster(gbk_csv(tmp_path / "名册.csv", rows))
    assert plan.unplaced == [5] and plan.lines_not_imported == [5]
    summary = import_roster(project, estate.uuid, plan)
    assert summary.households_created == 3
    result = only_scope(project, estate)
    # Two agreeing of two flats would pass: the third, whose room is unknown, keeps it open.
    assert result.owners_total == 3 and result.status == "cannot_conclude"
    assert [b.rooms for b in result.blocking] == [("7幢1单元第4行（房号待核实）",)]
    assert "缺少房号" in blocking_sentences(result)[0]


def test_a_too_long_value_is_listed_by_import_households_json_and_tally_json(
    project_path, tmp_path, capsys
):
    with Project.create(project_path, user="测试员") as project:
        project.estates.create("颐和新村", "鼓楼区", code="GL-9001")
    rows = [GOOD[0], [*GOOD[1][:-1], "注" * 2001], ["8", "", "301", "60", "钱七", "", "", "", ""]]
    roster = gbk_csv(tmp_path / "名册.csv", rows)
    argv = ["import-households", str(project_path), "--estate", "GL-9001", str(roster), "--json"]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    document = json.loads(out)
    (kept,) = document["kept"]
    assert kept["place"] == "7幢1单元102" and kept["problems"] == [
        "row_refused",
        "refused.too_long.note",
    ]
    assert [(r["line"], r["reason"], r["field"]) for r in kept["refused"]] == [
        (3, "too_long", "note")
    ]
    assert "已按所在位置保留为待核实户" in kept["text"]
    assert [(r["line"], r["kept"]) for r in document["rejected"]] == [(3, True), (4, False)]
    assert [u["line"] for u in document["unplaced"]] == [4]
    assert "第 4 行看不出所在楼栋或单元，未导入" in err and "有 1 行未导入。" in err

    assert main(["tally", str(project_path), "--estate", "GL-9001", "--json"]) == 0
    (scope,) = json.loads(capsys.readouterr().out)["scopes"]
    assert scope["passed"] is None and scope["status"] == "cannot_conclude"
    assert scope["owners_total"] == 2 and scope["owners_agree"] == 1
    (block,) = scope["blocking"]
    assert block["code"] == "row_refused" and block["rooms"] == ["7幢1单元102"]
    assert "备注太长" in block["sentence"] and block["sentence"] in scope["why"]


def test_a_refused_row_repeating_a_flat_read_before_puts_that_flat_to_check(
    project, estate, tmp_path
):
    rows = [*GOOD, ["7", "1", "101", "65.5", "王伟", ID_101, "反 对", "当面", ""]]
    plan = read_roster(gbk_csv(tmp_path / "名册.csv", rows))
    assert [(j.line, j.reason) for j in plan.rejected] == [(4, "bad_vote"), (4, "duplicate")]
    assert plan.refused_lines_kept == [4] and plan.lines_not_imported == []
    (kept,) = plan.kept
    assert kept.line == 2 and kept.owners  # line 2 is taken as it stands, and put to check
    assert "第 4 行也写了这一户，但不合格（意见“反 对”无法识别" in kept_sentence(
        kept.line, kept.place, kept.problems
    )
    import_roster(project, estate.uuid, plan)
    result = only_scope(project, estate)
    assert result.status == "cannot_conclude" and result.owners_total == 2
    assert result.blocking[0].rooms == ("7幢1单元101",)
