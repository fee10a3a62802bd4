"""Roster rows the import cannot take as they stand stay flats of their scope, to settle; spellings of
one place are one place; ID numbers Excel stored as numbers are refused. Rosters written as Excel and
WPS write them: GBK CSV from Python's csv, XLSX with numeric cells."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from retrofit_app.cli import main
from retrofit_app.core.addresses import building_key, find_household, room_key, unit_key
from retrofit_app.core.consultation.roster import read_roster
from retrofit_app.core.consultation.roster_import import import_roster
from retrofit_app.core.exchange.export import export_package
from retrofit_app.core.exchange.merge import merge_package
from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project
from retrofit_app.core.storage import opening
from retrofit_app.core.storage.queries import scalar

# fmt: off
HEADER = ["楼栋", "单元", "房号", "楼层", "建筑面积", "产权人", "身份证号", "联系电话", "是否出租", "意见", "征询方式"]
# The unit: 8 flats, 5 owners voted 同意; 107's area was typed as 0 and 108's row names
# only its tenant (who said 同意, which is no owner's vote). Dropping both showed 6 flats, 4 voted.
UNIT = [
    ["5", "1", "101", "1", "60.50", "赵一", "", "", "否", "同意", "当面"],
    ["5", "1", "102", "1", "72.30", "钱二", "", "", "否", "同意", "当面"],
    ["5", "1", "201", "2", "60.50", "孙三", "", "", "否", "同意", "电话"],
    ["5", "1", "202", "2", "72.30", "李四", "", "", "否", "同意", "当面"],
    ["5", "1", "301", "3", "60.50", "周五", "", "", "否", "", ""],
    ["5", "1", "302", "3", "72.30", "吴六", "", "", "否", "", ""],
    ["5", "1", "401", "4", "0", "郑七", "", "", "否", "同意", "当面"],
    ["5", "1", "402", "4", "72.30", "", "", "", "租户王八", "同意", "当面"],
]
# fmt: on


def gbk_csv(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    """As Excel's "CSV" on Chinese Windows: GBK, CRLF, Python's csv quoting."""
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def estate(project):
    return project.estates.create("童家巷小区", "玄武区", code="XW-9001")


def test_rows_without_area_or_owner_stay_flats_of_their_unit_and_block_the_result(
    project, estate, tmp_path
):
    plan = read_roster(gbk_csv(tmp_path / "名册.csv", UNIT))
    assert plan.encoding == "gbk" and plan.rejected == [] and len(plan.rows) == 8
    assert [(r.line, r.problem_codes) for r in plan.kept] == [
        (8, ("area_unknown",)),
        (9, ("tenant_only",)),
    ]
    summary = import_roster(project, estate.uuid, plan)
    assert summary.households_created == 8 and summary.households_kept == 2
    stored = dict(project.db.execute("SELECT room, problems FROM households").fetchall())
    assert stored["401"] == "area_unknown" and stored["402"] == "tenant_only"
    assert stored["101"] is None

    (scope,) = project.consultations.tally_estate(estate.uuid)
    result = scope.result
    assert result.owners_total == 8 and result.owners_voted == 5  # not 6 flats, 4 voted
    assert result.passed is None and result.status == "cannot_conclude"
    assert ("tenant_only", ("5幢1单元402",)) in [(b.code, b.rooms) for b in result.blocking]
    assert result.area_unknown_rooms == ["5幢1单元401"]


def test_the_report_says_in_a_sentence_what_each_kept_row_needs(tmp_path):
    plan = read_roster(gbk_csv(tmp_path / "名册.csv", UNIT))
    area, tenant = plan.kept
    from retrofit_app.core.consultation.roster_report import kept_sentence

    zh = kept_sentence(tenant.line, tenant.place, tenant.problems)
    assert zh.startswith("第 9 行（5幢1单元402）已保留为待核实户：") and "租户王八" in zh
    assert "意见“同意”未记为表决" in zh
    en = kept_sentence(area.line, area.place, area.problems, "en")
    assert en.startswith("line 8 (5幢1单元401) kept, to settle: the area “0”")
    # A blank area cell is said as such, not quoted as “”.
    blank = [["5", "1", "401", "4", "", "郑七", "", "", "否", "同意", "当面"]]
    (kept,) = read_roster(gbk_csv(tmp_path / "空白.csv", blank)).kept
    assert kept_sentence(kept.line, kept.place, kept.problems) == (
        "第 2 行（5幢1单元401）已保留为待核实户：没有写专有面积，请补上登记面积"
    )


def test_a_settled_row_imported_again_clears_the_problem(project, estate, tmp_path):
    import_roster(project, estate.uuid, read_roster(gbk_csv(tmp_path / "a.csv", UNIT)))
    fixed = [*UNIT[:6], ["5", "1", "401", "4", "60.50", "郑七", "", "", "否", "同意", "当面"]]
    summary = import_roster(project, estate.uuid, read_roster(gbk_csv(tmp_path / "b.csv", fixed)))
    assert summary.households_updated == 1 and summary.households_kept == 0
    assert scalar(project.db, "SELECT problems FROM households WHERE room = '401'") is None
    assert scalar(project.db, "SELECT area FROM households WHERE room = '401'") == 60.5


def test_spellings_of_one_building_and_unit_are_one_scope_with_a_warning(project, estate, tmp_path):
    rows = [
        ["5幢", "1单元", "101", "1", "60", "赵一", "", "", "否", "同意", "当面"],
        ["5栋", "一单元", "102", "1", "60", "钱二", "", "", "否", "同意", "当面"],
        ["５号楼", "01", "201", "2", "60", "孙三", "", "", "否", "反对", "当面"],
    ]
    plan = read_roster(gbk_csv(tmp_path / "名册.csv", rows))
    assert {(r.building, r.unit) for r in plan.rows} == {("5幢", "1单元")}
    told = [m.sentence() for m in plan.merged]
    assert "第 3 行：“5栋”与“5幢”是同一楼栋，已合并" in told
    assert "第 3 行：“一单元”与“1单元”是同一单元，已合并" in told
    assert len(told) == 4  # 5栋, 一单元, ５号楼, 01: each told once
    import_roster(project, estate.uuid, plan)
    assert [s.result.owners_total for s in project.consultations.tally_estate(estate.uuid)] == [3]


def test_the_same_room_written_twice_is_a_refused_row_not_a_second_flat(tmp_path):
    rows = [
        ["1", "1", "101", "1", "60", "赵一", "", "", "否", "同意", "当面"],
        ["1", "1", "101室", "1", "60", "赵一", "", "", "否", "同意", "当面"],
        ["1", "1", "0101", "1", "60", "赵一", "", "", "否", "反对", "当面"],
    ]
    plan = read_roster(gbk_csv(tmp_path / "名册.csv", rows))
    assert len(plan.rows) == 1
    assert [(r.line, r.reason) for r in plan.rejected] == [
        (3, "duplicate_spelled"),
        (4, "duplicate_spelled"),
        (4, "differs"),  # 0101 says 反对 where 101 says 同意
    ]
    assert plan.rejected[0].sentence() == "第 3 行：与第 2 行是同一户（“101室”与“101”是同一户）"
    assert plan.rejected[1].sentence("en") == (
        "line 4: the same flat as line 2 (“0101” and “101” are the same flat)"
    )
    assert plan.rejected[2].sentence() == (
        "第 4 行：所写的面积、产权人或意见与第 2 行不同，无法确定哪一行正确"
    )
    assert "row_refused" in plan.rows[0].problem_codes  # the flat is to check, not 同意


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    """As Excel and WPS save typed cells: numbers as numbers, text as text."""
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_two_rows_of_one_flat_that_count_differently_keep_the_unit_from_a_result(
    project_path, tmp_path, capsys
):
    with Project.create(project_path, user="测试员") as project:
        project.estates.create("童家巷小区", "玄武区", code="XW-9001")
    # fmt: off
    rows = [[6, 1, room, 1, 65.5, owner, "", "", "否", "同意", "当面"]
            for room, owner in ((101, "赵一"), (102, "钱二"), (201, "孙三"), (202, "李四"))]
    # 101 again, further down the sheet: the owner's objection. Counting 101 as 同意 would pass.
    rows.append([6, 1, "101室", 1, 65.5, "赵一", "", "", "否", "反对", "当面"])
    # fmt: on
    roster = xlsx(tmp_path / "名册.xlsx", rows)
    assert main(["import-households", str(project_path), "--estate", "XW-9001", str(roster)]) == 1
    err = capsys.readouterr().err
    assert "第 6 行：所写的面积、产权人或意见与第 2 行不同，无法确定哪一行正确" in err
    assert main(["tally", str(project_path), "--estate", "XW-9001", "--json"]) == 0
    (scope,) = json.loads(capsys.readouterr().out)["scopes"]
    assert scope["passed"] is None and scope["status"] == "cannot_conclude"
    assert scope["owners_total"] == 4  # 101 is one flat, not two
    (blocking,) = scope["blocking"]
    assert blocking["code"] == "row_refused" and blocking["rooms"] == ["6幢1单元101"]
    assert blocking["reasons"] == {"6幢1单元101": ["duplicate_spelled", "differs"]}


def test_building_and_unit_merged_down_a_units_rows_are_read_for_every_row(
    project_path, tmp_path, capsys
):
    with Project.create(project_path, user="测试员") as project:
        project.estates.create("童家巷小区", "玄武区", code="XW-9001")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    # fmt: off
    for row in ([9, "1单元", 101, 1, 60, "甲一", "", "", "否", "同意", "当面"],
                [None, None, 102, 1, 60, "甲二", "", "", "否", "反对", "当面"],
                [None, None, 201, 2, 60, "甲三", "", "", "否", "反对", "当面"],
                [None, None, 202, 2, 60, "甲四", "", "", "否", "", ""],
                [None, "2单元", 101, 1, 60, "乙一", "", "", "否", "同意", "当面"],
                [None, None, 102, 1, 60, "乙二", "", "", "否", "同意", "当面"]):
        sheet.append(row)
    # fmt: on
    # As staff lay a roster out: 9 once beside the building's rows, each unit once beside its rooms.
    for cells in ("A2:A7", "B2:B5", "B6:B7"):
        sheet.merge_cells(cells)
    book.save(tmp_path / "名册.xlsx")
    argv = ["import-households", str(project_path), "--estate", "XW-9001", str(tmp_path / "名册.xlsx")]
    assert main(argv) == 0
    assert "已导入 6 户" in capsys.readouterr().out
    assert main(["tally", str(project_path), "--estate", "XW-9001", "--json"]) == 0
    scopes = json.loads(capsys.readouterr().out)["scopes"]
    # 9幢1单元 is 4 flats with 2 objecting, not 101 alone passing 1/1.
    assert [(s["building"], s["unit"], s["owners_total"], s["owners_object"], s["status"])
            for s in scopes] == [("9幢", "1单元", 4, 2, "not_passed"),
                                 ("9幢", "2单元", 2, 0, "passed")]  # fmt: skip


def test_a_csv_saved_from_merged_cells_keeps_the_blank_rows_in_the_unit_above_to_check(
    project_path, tmp_path, capsys
):
    with Project.create(project_path, user="测试员") as project:
        project.estates.create("童家巷小区", "玄武区", code="XW-9001")
    # Excel's CSV of a sheet with 楼栋 and 单元 merged: the value on the first row only.
    # fmt: off
    rows = [["9", "1", "101", "1", "60", "甲一", "", "", "否", "同意", "当面"],
            ["", "", "102", "1", "60", "甲二", "", "", "否", "反对", "当面"],
            ["", "", "201", "2", "60", "甲三", "", "", "否", "反对", "当面"]]
    # fmt: on
    roster = gbk_csv(tmp_path / "名册.csv", rows)
    assert main(["import-households", str(project_path), "--estate", "XW-9001", str(roster)]) == 1
    err = capsys.readouterr().err
    assert "第 3 行：楼栋或单元没写，暂按上一行（第 2 行）记入该单元，待核实" in err
    assert main(["tally", str(project_path), "--estate", "XW-9001", "--json"]) == 0
    (scope,) = json.loads(capsys.readouterr().out)["scopes"]
    # Not 101 alone passing 1/1: the unit has three flats, two of them to check.
    assert scope["owners_total"] == 3 and scope["passed"] is None
    (blocking,) = scope["blocking"]
    assert blocking["code"] == "row_refused"
    assert blocking["rooms"] == ["9幢1单元102", "9幢1单元201"]
    # Corrected (filled down), the same roster settles both flats.
    fixed = [rows[0], ["9", "1", *rows[1][2:]], ["9", "1", *rows[2][2:]]]
    assert main(["import-households", str(project_path), "--estate", "XW-9001",
                 str(gbk_csv(tmp_path / "改.csv", fixed))]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["tally", str(project_path), "--estate", "XW-9001", "--json"]) == 0
    (scope,) = json.loads(capsys.readouterr().out)["scopes"]
    assert (scope["owners_total"], scope["owners_object"], scope["status"]) == (3, 2, "not_passed")


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_title_above_the_header_is_skipped(tmp_path, kind):
    title = "锁金新村9幢加装电梯业主意见征询表"
    rows = [["9", "1", "101", "1", "60", "甲一", "", "", "否", "同意", "当面"]]
    if kind == "xlsx":
        book = openpyxl.Workbook()
        book.active.append([title])
        book.active.merge_cells("A1:K1")  # as staff head a sheet: the title across the columns
        book.active.append(["制表：社区居委会"])
        book.active.append(HEADER)
        book.active.append(rows[0])
        book.save(roster := tmp_path / "名册.xlsx")
    else:
        roster = gbk_csv(tmp_path / "名册.csv", [HEADER, *rows], header=[title] + [""] * 10)
    plan = read_roster(roster)
    assert [(r.line, r.place) for r in plan.rows] == [(4 if kind == "xlsx" else 3, "9幢1单元101")]


def test_a_file_without_a_header_in_its_first_rows_names_what_its_first_row_lacks(tmp_path):
    from retrofit_app.core.errors import RetrofitError

    roster = gbk_csv(tmp_path / "名册.csv", [["王伟", "1"]] * 8, header=["姓名", "楼栋"])
    with pytest.raises(RetrofitError) as raised:
        read_roster(roster)
    assert "单元、房号" in raised.value.sentence()


def test_an_owner_written_as_not_known_is_no_owner_and_blocks_the_unit(
    project_path, tmp_path, capsys
):
    with Project.create(project_path, user="测试员") as project:
        project.estates.create("童家巷小区", "玄武区", code="XW-9001")
    # fmt: off
    rows = [[8, 1, room, 1, 65.5, owner, "", "", "否", "同意", "当面"]
            for room, owner in ((101, "赵一"), (102, "钱二"), (201, "孙三"), (202, "李四"))]
    # How staff fill a cell they do not know; 不详 voting 同意 would have been counted an owner.
    rows += [[8, 1, 301, 3, 65.5, "不详", "无", "/", "否", "同意", "当面"],
             [8, 1, 302, 3, 65.5, "—", "", "", "否", "", ""]]
    # fmt: on
    roster = xlsx(tmp_path / "名册.xlsx", rows)
    assert main(["import-households", str(project_path), "--estate", "XW-9001", str(roster)]) == 0
    err = capsys.readouterr().err
    assert "第 6 行（8幢1单元301）已保留为待核实户：没有写产权人，请补上" in err
    assert "第 7 行（8幢1单元302）已保留为待核实户：没有写产权人，请补上" in err
    assert main(["tally", str(project_path), "--estate", "XW-9001", "--json"]) == 0
    (scope,) = json.loads(capsys.readouterr().out)["scopes"]
    assert scope["passed"] is None and (scope["owners_total"], scope["owners_agree"]) == (6, 4)
    assert [(b["code"], b["rooms"]) for b in scope["blocking"]] == [
        ("owner_unknown", ["8幢1单元301", "8幢1单元302"])
    ]


def test_a_flat_written_twice_alike_is_counted_once_and_concludes(project_path, tmp_path, capsys):
    with Project.create(project_path, user="测试员") as project:
        project.estates.create("童家巷小区", "玄武区", code="XW-9001")
    # fmt: off
    rows = [[6, 1, room, 1, 65.5, owner, "", "", "否", "同意", "当面"]
            for room, owner in ((101, "赵一"), (102, "钱二"), (201, "孙三"), (202, "李四"))]
    rows.append([6, "一单元", "0101", 1, 65.5, "赵一", "", "", "", "同意", "电话"])  # pasted twice
    # fmt: on
    roster = xlsx(tmp_path / "名册.xlsx", rows)
    assert main(["import-households", str(project_path), "--estate", "XW-9001", str(roster)]) == 1
    assert "第 6 行：与第 2 行是同一户（“0101”与“101”是同一户）" in capsys.readouterr().err
    assert main(["tally", str(project_path), "--estate", "XW-9001", "--json"]) == 0
    (scope,) = json.loads(capsys.readouterr().out)["scopes"]
    assert (scope["owners_total"], scope["owners_agree"], scope["status"]) == (4, 4, "passed")


def test_a_flat_already_in_the_project_is_found_under_another_spelling(project, estate, tmp_path):
    first = [["5幢", "1单元", "101", "1", "60", "赵一", "", "", "否", "", ""]]
    import_roster(project, estate.uuid, read_roster(gbk_csv(tmp_path / "a.csv", first)))
    again = [["5栋", "一单元", "101室", "1", "60", "赵一", "", "", "否", "同意", "当面"]]
    summary = import_roster(project, estate.uuid, read_roster(gbk_csv(tmp_path / "b.csv", again)))
    assert summary.households_created == 0 and summary.buildings_created == 0
    assert (
        summary.votes_recorded == 1 and scalar(project.db, "SELECT count(*) FROM households") == 1
    )
    assert [m.sentence("en") for m in summary.merged] == [
        "line 2: “5栋” and “5幢” are the same building, merged",
        "line 2: “一单元” and “1单元” are the same unit, merged",
        "line 2: “101室” and “101” are the same flat, merged",
    ]
    assert scalar(project.db, "SELECT room FROM households") == "101"  # the stored name stays


def test_id_numbers_excel_stored_as_numbers_are_refused_row_by_row(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["幢", "单元", "室号", "专有面积", "业主姓名", "身份证号", "手机", "意见"])
    # What Excel keeps of an 18-digit ID typed into a General cell: a float, last digits gone.
    sheet.append([1, 1, 101, 65.5, "王伟", 320105198602091207, 13812341234, "同意"])
    sheet.append([1, 1, 102, 65.5, "李娜", 320105198602091208.0, 13812341235, "同意"])
    sheet.append([1, 1, 201, 65.5, "张明", "320105198602091207", 13812341236, "同意"])
    # 15 digits: exact, as typed.
    sheet.append([1, 1, 202, 65.5, "陈红", 320105198602091, 13812341237, "同意"])
    book.save(tmp_path / "名册.xlsx")
    plan = read_roster(tmp_path / "名册.xlsx")
    assert [(r.line, r.reason, r.field) for r in plan.rejected] == [
        (2, "number_not_text", "id_number"),
        (3, "number_not_text", "id_number"),
    ]
    sentence = plan.rejected[0].sentence()
    assert "3.20105E+17" in sentence and "文本" in sentence
    assert "320105198602091" not in sentence  # no more of the number than Excel shows
    # The refused rows stay flats to check, with no owner taken from them (no rounded ID stored).
    assert [(r.room, r.refused, r.owners) for r in plan.rows[:2]] == [
        ("101", True, []), ("102", True, [])
    ]  # fmt: skip
    assert [(r.room, r.owners[0].id_number, r.owners[0].phone) for r in plan.rows[2:]] == [
        ("201", "320105198602091207", "13812341236"),
        ("202", "320105198602091", "13812341237"),
    ]


def test_id_numbers_in_scientific_notation_in_a_csv_are_refused(tmp_path):
    # fmt: off
    rows = [
        ["1", "1", "101", "1", "60", "王伟", "3.20105E+17", "13812341234", "否", "同意", "当面"],
        ["1", "1", "102", "1", "60", "李娜", "320105198602091207", "1.38123E+10", "否", "同意", "当面"],
        ["1", "1", "103", "1", "60", "张明", "320105198602091208", "13812341236", "否", "同意", "当面"],
    ]
    # fmt: on
    plan = read_roster(gbk_csv(tmp_path / "名册.csv", rows))
    assert [(r.line, r.reason, r.field) for r in plan.rejected] == [
        (2, "number_not_text", "id_number"),
        (3, "number_not_text", "phone"),
    ]
    assert "format the column as text" in plan.rejected[1].sentence("en")
    assert [(r.room, r.refused) for r in plan.rows] == [("101", True), ("102", True), ("103", False)]


def test_id_numbers_excel_wrote_out_with_their_last_digits_as_000_are_refused(tmp_path):
    # A column formatted as 0 (not as text) saves 320105198602091207 as 320105198602091000:
    # 15 digits kept, then zeros, so the check digit is wrong. A real number ending in 000 with
    # its right check digit, and one typed as text, are taken.
    # fmt: off
    rows = [
        ["1", "1", "101", "1", "60", "王伟", "320105198602091000", "", "否", "同意", "当面"],
        ["1", "1", "102", "1", "60", "李娜", "110105194912310000", "", "否", "同意", "当面"],
        ["1", "1", "103", "1", "60", "张明", "320105198602091207", "", "否", "同意", "当面"],
        ["1", "1", "104", "1", "60", "陈红", "11010519491231002X", "", "否", "同意", "当面"],
        ["1", "1", "105", "1", "60", "刘强", "320105198602099000", "", "否", "同意", "当面"],
    ]
    # fmt: on
    plan = read_roster(gbk_csv(tmp_path / "名册.csv", rows))
    assert [(r.line, r.reason, r.field) for r in plan.rejected] == [
        (2, "number_not_text", "id_number"),
        (3, "number_not_text", "id_number"),
    ]
    assert "文本" in plan.rejected[0].sentence()
    assert [(r.room, r.refused) for r in plan.rows] == [
        ("101", True), ("102", True), ("103", False), ("104", False), ("105", False)
    ]  # fmt: skip


def test_import_households_reports_kept_merged_and_refused_rows(project_path, tmp_path, capsys):
    with Project.create(project_path, user="测试员") as project:
        project.estates.create("童家巷小区", "玄武区", code="XW-9001")
    rows = [*UNIT, ["5栋", "1", "501", "5", "60", "冯九", "", "", "否", "同意", "当面"],
            ["5", "1", "101室", "1", "60.50", "赵一", "", "", "否", "同意", "当面"]]  # fmt: skip
    roster = gbk_csv(tmp_path / "名册.csv", rows)
    assert main(["import-households", str(project_path), "--estate", "XW-9001", str(roster)]) == 1
    out, err = capsys.readouterr()
    assert "已导入 9 户" in out and "其中 2 户已保留为待核实户" in out
    assert "第 8 行（5幢1单元401）已保留为待核实户" in err
    assert "第 10 行：“5栋”与“5幢”是同一楼栋，已合并" in err
    assert "第 11 行：与第 2 行是同一户（“101室”与“101”是同一户）" in err
    assert "有 1 行未导入。" in err
    argv = ["import-households", str(project_path), "--estate", "XW-9001", str(roster), "--json"]
    assert main(argv) == 1
    document = json.loads(capsys.readouterr().out)
    assert [(k["line"], k["problems"]) for k in document["kept"]] == [
        (8, ["area_unknown"]),
        (9, ["tenant_only"]),
    ]
    assert document["households_kept"] == 2 and document["merged"][0]["what"] == "building"
    assert [r["reason"] for r in document["rejected"]] == ["duplicate_spelled"]


def test_a_project_from_before_the_problems_column_opens_and_keeps_rows(project_path, tmp_path):
    with Project.create(project_path, user="测试员") as project:
        estate_uuid = project.estates.create("童家巷小区", "玄武区", code="XW-9001").uuid
        with project.write() as db:  # as schema 2 made it: no households.problems
            db.execute("ALTER TABLE households DROP COLUMN problems")
            db.execute("UPDATE app_meta SET value = '2' WHERE key = 'schema_version'")
            has_identity = scalar(
                db, "SELECT count(*) FROM sqlite_master WHERE name = 'identity_decisions'"
            )
            if has_identity:
                db.execute("DROP TABLE identity_decisions")
    with Project(project_path, user="测试员") as project:
        assert project.migrated_from == 2
        import_roster(project, estate_uuid, read_roster(gbk_csv(tmp_path / "r.csv", UNIT)))
        assert scalar(project.db, "SELECT count(*) FROM households WHERE problems IS NOT NULL") == 2


def _as_schema_2(path: Path) -> None:
    """The file as schema 2 made it: no households.problems (nor anything later)."""
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE households DROP COLUMN problems")
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'identity_decisions'").fetchone():
        conn.execute("DROP TABLE identity_decisions")
    conn.execute("UPDATE app_meta SET value = '2' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()


def test_a_field_copy_handed_out_before_the_upgrade_still_merges(
    project_path, tmp_path, monkeypatch
):
    with Project.create(project_path, user="办公室") as office:
        estate = office.estates.create("童家巷小区", "玄武区", code="XW-9001")
        import_roster(office, estate.uuid, read_roster(gbk_csv(tmp_path / "r.csv", UNIT[:2])))
        household_uuid = scalar(office.db, "SELECT uuid FROM households WHERE room = '101'")
    _as_schema_2(project_path)
    with monkeypatch.context() as old_program:
        old_program.setattr(opening, "SCHEMA_VERSION", 2)
        with Project(project_path, user="办公室") as office:
            package = export_package(office, ["XW-9001"], tmp_path / "外业.gpkg").path
    with Project(package, user="小王") as field:  # the new program upgrades the copy
        assert field.migrated_from == 2
        field.households.update(household_uuid, note="外业补记")
    with Project(project_path, user="办公室") as office:
        assert office.migrated_from == 2
        merge_package(office, package)
        assert office.households.get(household_uuid).note == "外业补记"


def test_giving_a_kept_flat_its_area_and_owner_in_the_window_settles_it(project, estate, tmp_path):
    import_roster(project, estate.uuid, read_roster(gbk_csv(tmp_path / "r.csv", UNIT)))
    rooms = dict(project.db.execute("SELECT room, uuid FROM households").fetchall())
    project.households.update(rooms["401"], area=61.2)
    project.households.update(rooms["402"], note="核实中")  # nothing settled yet
    assert scalar(project.db, "SELECT problems FROM households WHERE room = '401'") is None
    assert scalar(project.db, "SELECT problems FROM households WHERE room = '402'") == "tenant_only"
    project.households.update(rooms["402"], owners=[Owner("", "王业主")])
    assert scalar(project.db, "SELECT problems FROM households WHERE room = '402'") is None
    (scope,) = project.consultations.tally_estate(estate.uuid)
    # Settled, the unit concludes: 5 of 8 owners took part, under the 2/3 quorum.
    assert scope.result.blocking == [] and scope.result.passed is False
    assert (scope.result.owners_total, scope.result.owners_voted) == (8, 5)


@pytest.mark.parametrize(
    ("key", "spellings"),
    [
        (building_key, ["5幢", "5栋", "5号楼", "5号", "５", "五幢", "05", " 5 ", "5#", "5#楼",
                        "5楼", "5座", "第5幢", "第五栋"]),
        (unit_key, ["1单元", "一单元", "1", "01", "１单元", "1 单元", "第一单元", "第1单元"]),
        (room_key, ["101", "101室", "0101", "１０１", "一〇一", " 101 "]),
    ],
)
def test_the_spellings_people_write_for_one_place_share_one_key(key, spellings):
    assert len({key(s) for s in spellings}) == 1


def test_different_places_keep_different_keys():
    assert building_key("5幢") != building_key("15幢") != building_key("A座")
    assert building_key("A座") == building_key("A栋") != building_key("B座")
    assert room_key("101") != room_key("1010") and room_key("1-01") != room_key("101")
    assert unit_key("十二单元") == unit_key("12") != unit_key("2")


def test_the_command_line_finds_a_place_however_it_is_written(project, estate):
    building = project.buildings.create(estate.uuid, "5幢")
    unit = project.buildings.add_unit(building.uuid, "1单元")
    project.households.create(unit.uuid, "101")
    found = find_household(project, estate, "5栋", "一单元", "101室")
    assert found.room == "101"


def test_a_blank_area_or_owner_in_a_later_roster_keeps_what_the_project_knows(
    project, estate, tmp_path
):
    import_roster(project, estate.uuid, read_roster(gbk_csv(tmp_path / "a.csv", UNIT[:2])))
    later = [
        ["5", "1", "101", "1", "", "赵一", "", "", "否", "同意", "当面"],  # area left blank
        ["5", "1", "102", "1", "72.30", "", "", "", "租户孙租", "", ""],  # only the tenant now
        ["5", "1", "103", "1", "0", "", "", "", "否", "", ""],  # new: nothing known of it
    ]
    plan = read_roster(gbk_csv(tmp_path / "b.csv", later))
    assert len(plan.kept) == 3  # as read; the project knows more of two of them
    summary = import_roster(project, estate.uuid, plan)
    assert [(r.line, r.problem_codes) for r in summary.kept] == [
        (4, ("area_unknown", "owner_unknown"))
    ]
    assert summary.households_kept == 1
    stored = {
        room: (area, problems)
        for room, area, problems in project.db.execute(
            "SELECT room, area, problems FROM households"
        )
    }
    assert stored["101"] == (60.5, None) and stored["102"] == (72.3, None)
    assert stored["103"] == (None, "area_unknown,owner_unknown")
    flat = next(h for h in project.households.of_unit(unit_uuid(project)) if h.room == "102")
    assert [o.name for o in flat.owners] == ["钱二"] and flat.tenant_name == "租户孙租"


def unit_uuid(project) -> str:
    return scalar(project.db, "SELECT uuid FROM units")
