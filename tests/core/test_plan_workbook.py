"""import-plan / export-plan: a workbook a district's finance office fills in, read back exactly; bad rows named."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from retrofit_app.cli import main
from retrofit_app.core.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "计划.gpkg"
    assert main(["new", str(path)]) == 0
    assert main(["add-estate", str(path), "--name", "童家巷小区", "--district", "玄武区"]) == 0
    assert main(["add-estate", str(path), "--name", "南湖新村", "--district", "建邺区"]) == 0
    with Project(path) as opened:
        building = opened.buildings.create(opened.estates.resolve("XW-0001").uuid, "3幢")
        opened.buildings.add_unit(building.uuid, "2单元")
    return path


def sheet(book: openpyxl.Workbook, title: str, head: list[str], *rows: list) -> None:
    page = book.create_sheet(title)
    page.append(head)
    for row in rows:
        page.append(row)


def officer_workbook(path: Path) -> Path:
    """As an officer types it in Excel: amounts as numbers, dates as dates (one as text)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    sheet(book, "计划与资金", ["小区编号", "小区名称", "批次", "计划年度", "计划开工日期", "计划完工日期",
                          "实际开工日期", "实际完工日期", "总预算（万元）"],
          ["XW-0001", "童家巷小区", "2023年第一批", 2023, dt.datetime(2023, 3, 1), dt.datetime(2023, 12, 31),
           "2023-04-10", None, 386.5],
          ["JY-0001", "南湖新村", "2024年第二批", 2024, dt.datetime(2024, 7, 1), dt.datetime(2024, 6, 1),
           None, None, 120])  # fmt: skip
    sheet(book, "资金明细", ["小区编号", "小区名称", "记录编号（新增留空）", "资金来源", "类别", "金额（万元）",
                         "下达或拨付日期"],
          ["XW-0001", "童家巷小区", None, "中央补助", "实际投资", 120.35, dt.datetime(2023, 6, 30)],
          ["XW-0001", "童家巷小区", None, "居民出资", "实际投资", 0.000001, dt.datetime(2023, 9, 1)],
          ["XW-0001", "童家巷小区", None, "彩票", "实际投资", 5, None],
          ["XW-0001", "童家巷小区", None, "区级补助", "预算", -3, None],
          ["XW-0001", "童家巷小区", None, "区级补助", "预算", 0.0000001, None],
          ["XX-9999", "不存在小区", None, "区级补助", "预算", 1, None])  # fmt: skip
    sheet(book, "电梯", ["小区编号", "小区名称", "记录编号（新增留空）", "楼栋", "单元", "业主达成意见日期",
                      "实际开工日期", "使用登记日期", "使用登记证编号", "电梯总造价（万元）"],
          ["XW-0001", "童家巷小区", None, "3幢", "2单元", dt.datetime(2023, 2, 1), dt.datetime(2023, 8, 1),
           dt.datetime(2024, 1, 15), "梯11320102", 58])  # fmt: skip
    sheet(book, "电梯分摊", ["小区编号", "小区名称", "电梯记录编号", "使用登记证编号", "楼层", "每户分摊金额（元）"],
          ["XW-0001", "童家巷小区", None, "梯11320102", 6, 35000],
          ["XW-0001", "童家巷小区", None, "梯11320102", 2, 8000.5],
          ["XW-0001", "童家巷小区", None, "梯00000000", 3, 100])  # fmt: skip
    sheet(book, "长效管理", ["小区编号", "小区名称", "委员会类型", "业委会（物管会）成立日期", "委员人数",
                         "物业管理模式", "物业服务企业"],
          ["XW-0001", "童家巷小区", "业主委员会", dt.datetime(2024, 5, 18), 7, "专业物业", "金陵物业"])  # fmt: skip
    sheet(book, "议事会", ["小区编号", "小区名称", "记录编号（新增留空）", "议事日期", "议题", "议定事项", "参会人数"],
          ["XW-0001", "童家巷小区", None, dt.datetime(2024, 6, 2), "停车位划线", "东侧划线 40 个", 23])  # fmt: skip
    sheet(book, "目标", ["区（留空为全部）", "考核期", "指标", "目标值"],
          [None, "2025H1", "开工小区数", 12], ["玄武区", "2025", "estates_completed", 3],
          ["鼓楼区", "2025", "estates_completed", 3])  # fmt: skip
    book.save(path)
    return path


def test_an_officers_workbook_is_recorded_and_its_bad_rows_named(project, tmp_path, capsys) -> None:
    book = officer_workbook(tmp_path / "计划.xlsx")
    assert main(["import-plan", str(project), str(book), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    counts = {s["sheet"]: (s["added"], s["changed"], s["refused"]) for s in result["sheets"]}
    assert counts["计划与资金"] == (1, 0, 1)
    assert counts["资金明细"] == (2, 0, 4)
    assert counts["电梯分摊"] == (2, 0, 1)
    assert counts["目标"] == (2, 0, 1)
    refusals = "\n".join(result["refusals"])
    assert (
        "“计划与资金”第 3 行“计划完工日期”：计划完工日期（2024-06-01）不能早于计划开工日期（2024-07-01）"
        in refusals
    )
    assert "“资金明细”第 4 行“资金来源”" in refusals
    assert "“资金明细”第 5 行“金额（万元）”：金额不能为负数" in refusals
    assert (
        "“资金明细”第 6 行“金额（万元）”" in refusals and "不是一个到分的金额（万元）" in refusals
    )
    assert "“资金明细”第 7 行“小区编号”：没有编号或名称为“XX-9999”的小区" in refusals
    assert "“电梯分摊”第 4 行“电梯记录编号”" in refusals
    assert "“目标”第 4 行“区（留空为全部）”：没有名为“鼓楼区”的区" in refusals
    with Project(project) as opened:
        estate = opened.estates.resolve("XW-0001").uuid
        plan = opened.programme.one("estate_plans", estate)
        assert (plan["budget_fen"], plan["target_start"], plan["started_on"]) == (
            386_500_000,
            "2023-03-01",
            "2023-04-10",
        )
        funds = opened.programme.rows("estate_funds", estate)
        assert [(f["source"], f["amount_fen"]) for f in funds] == [
            ("central", 120_350_000),
            ("residents", 1),
        ]
        lift = opened.programme.rows("elevators", estate)[0]
        assert lift["building_uuid"] and lift["unit_uuid"] and lift["cost_fen"] == 58_000_000
        assert [(s["floor"], s["share_fen"]) for s in opened.programme.shares(lift["uuid"])] == [
            (2, 800_050),
            (6, 3_500_000),
        ]
        assert opened.programme.one("estate_management", estate)["property_mode"] == "professional"
        assert opened.programme.one("estate_plans", opened.estates.resolve("JY-0001").uuid) is None


def test_a_workbook_exported_and_imported_again_changes_nothing(project, tmp_path, capsys) -> None:
    main(["import-plan", str(project), str(officer_workbook(tmp_path / "in.xlsx"))])
    out = tmp_path / "导出.xlsx"
    assert main(["export-plan", str(project), str(out)]) == 0
    book = openpyxl.load_workbook(out)
    funds = book["资金明细"]
    assert [c.value for c in funds[1]][:6] == [
        "小区编号",
        "小区名称",
        "记录编号（新增留空）",
        "资金来源",
        "类别",
        "金额（万元）",
    ]
    assert funds["D2"].value == "中央补助" and funds["F2"].value == pytest.approx(120.35)
    assert funds["G2"].is_date and funds["G2"].value.date() == dt.date(2023, 6, 30)
    capsys.readouterr()
    with Project(project) as opened:
        before = opened.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert main(["import-plan", str(project), str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert all(s["added"] == s["changed"] == s["refused"] == 0 for s in result["sheets"]), result
    with Project(project) as opened:
        assert opened.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_a_change_typed_into_the_exported_workbook_is_read_back(project, tmp_path, capsys) -> None:
    main(["import-plan", str(project), str(officer_workbook(tmp_path / "in.xlsx"))])
    out = tmp_path / "导出.xlsx"
    main(["export-plan", str(project), str(out)])
    book = openpyxl.load_workbook(out)
    book["资金明细"]["F2"].value = 130  # 万元
    book["计划与资金"]["H2"].value = dt.datetime(2023, 12, 20)  # 实际完工日期
    book.save(out)
    capsys.readouterr()
    assert main(["import-plan", str(project), str(out)]) == 0
    printed = capsys.readouterr().out
    assert "“资金明细”：新增 0 条，修改 1 条" in printed
    with Project(project) as opened:
        estate = opened.estates.resolve("XW-0001").uuid
        assert opened.programme.rows("estate_funds", estate)[0]["amount_fen"] == 130_000_000
        assert opened.programme.one("estate_plans", estate)["completed_on"] == "2023-12-20"


def test_a_workbook_without_a_plan_sheet_is_refused(project, tmp_path, capsys) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.save(tmp_path / "空.xlsx")
    assert main(["import-plan", str(project), str(tmp_path / "空.xlsx")]) != 0
    assert "没有可导入的工作表" in capsys.readouterr().err


def test_a_works_unit_is_exported_under_its_own_header_beside_an_elevators_stairwell(
    project, tmp_path
) -> None:
    """工程量 lists a work's unit under 单位 (米, 个); 电梯 names the stairwell under 单元: two
    different things that once shared one column key, so the works sheet showed 单元 and no unit."""
    main(["import-plan", str(project), str(officer_workbook(tmp_path / "in.xlsx"))])
    with Project(project) as opened:
        estate = opened.estates.resolve("XW-0001").uuid
        opened.programme.add("estate_works", estate, work="pipes", quantity=120)
        opened.programme.add("estate_works", estate, work="chargers", quantity=8)
    out = tmp_path / "导出.xlsx"
    assert main(["export-plan", str(project), str(out)]) == 0
    book = openpyxl.load_workbook(out)
    works = [list(row) for row in book["工程量"].iter_rows(values_only=True)]
    assert works[0][3:6] == ["改造内容", "工程量", "单位"] and "单元" not in works[0]
    assert sorted((w[3], w[4], w[5]) for w in works[1:]) == [("充电桩", 8, "个"), ("管网改造", 120, "米")]
    lifts = [list(row) for row in book["电梯"].iter_rows(values_only=True)]
    assert lifts[0][3:5] == ["楼栋", "单元"] and lifts[1][3:5] == ["3幢", "2单元"]


def test_a_sheet_with_a_title_above_and_a_two_row_merged_heading_is_read(
    project, tmp_path, capsys
) -> None:
    """Offices put a title over the table and group columns under a merged heading (资金 over
    来源, 类别, 金额); 小区编号 merged down over both heading rows still names its column.
    Rows are named by their row in Excel."""
    book = openpyxl.Workbook()
    page = book.active
    page.title = "资金明细"
    page.append(["玄武区2025年老旧小区改造资金明细表"])
    page.merge_cells("A1:F1")
    page.append(["小区编号", "小区名称", "资金", None, None, "下达或拨付日期"])
    page.append([None, None, "资金来源", "类别", "金额（万元）", None])
    for merged in ("A2:A3", "B2:B3", "C2:E2", "F2:F3"):
        page.merge_cells(merged)
    page.append(["XW-0001", "童家巷小区", "中央补助", "预算", 300, dt.datetime(2025, 1, 15)])
    page.append(["XW-0001", "童家巷小区", "彩票", "实际投资", 5, dt.datetime(2025, 3, 1)])
    page.append(["XW-0001", "童家巷小区", "居民出资", "实际投资", 12.5, dt.datetime(2025, 6, 30)])
    path = tmp_path / "资金.xlsx"
    book.save(path)
    assert main(["import-plan", str(project), str(path), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert [(s["added"], s["refused"]) for s in result["sheets"]] == [(2, 1)]
    assert result["refusals"][0].startswith("“资金明细”第 5 行“资金来源”")
    with Project(project) as opened:
        funds = opened.programme.rows("estate_funds", opened.estates.resolve("XW-0001").uuid)
        assert sorted((f["source"], f["kind"], f["amount_fen"], f["recorded_on"]) for f in funds) == [
            ("central", "budget", 300_000_000, "2025-01-15"),
            ("residents", "actual", 12_500_000, "2025-06-30"),
        ]


def test_a_sheet_whose_headings_are_not_known_is_said_not_passed_over(
    project, tmp_path, capsys
) -> None:
    book = openpyxl.Workbook()
    book.active.title = "计划与资金"
    book.active.append(["名称", "年份", "钱"])
    book.active.append(["童家巷小区", 2025, 300])
    path = tmp_path / "计划.xlsx"
    book.save(path)
    assert main(["import-plan", str(project), str(path)]) == 1
    assert "“计划与资金”：前 10 行中找不到可识别的列标题" in capsys.readouterr().err


def test_the_exported_funds_by_source_are_summed_per_estate_under_merged_headings(
    project, tmp_path
) -> None:
    """资金来源汇总: an estate a row, 预算 and 实际投资 (万元) merged over a column per source;
    summed by hand from the officer's workbook (its two budget rows were refused)."""
    main(["import-plan", str(project), str(officer_workbook(tmp_path / "in.xlsx"))])
    with Project(project) as opened:
        estate = opened.estates.resolve("XW-0001").uuid
        opened.programme.add("estate_funds", estate, source="central", kind="budget",
                             amount_fen=300_000_000, recorded_on="2023-01-10")  # fmt: skip
        opened.programme.add("estate_funds", estate, source="central", kind="actual",
                             amount_fen=9_650_000, recorded_on="2023-12-01")  # fmt: skip
    out = tmp_path / "导出.xlsx"
    assert main(["export-plan", str(project), str(out)]) == 0
    page = openpyxl.load_workbook(out)["资金来源汇总"]
    assert {"A2:A3", "B2:B3", "E2:N2", "O2:X2"} <= {str(r) for r in page.merged_cells.ranges}
    assert (page["E2"].value, page["O2"].value) == ("预算（万元）", "实际投资（万元）")
    assert [page.cell(3, c).value for c in (5, 6, 10, 15, 16, 20)] == [
        "合计", "中央补助", "居民出资", "合计", "中央补助", "居民出资"]  # fmt: skip
    rows = {r[0]: r for r in page.iter_rows(min_row=4, values_only=True)}
    xw = rows["XW-0001"]
    assert xw[1:4] == ("童家巷小区", "玄武区", "2023年第一批")
    assert (xw[4], xw[5]) == (300, 300)  # 万元
    assert xw[14] == pytest.approx(130.000001) and xw[15] == pytest.approx(130)  # 120.35 + 9.65
    assert xw[19] == pytest.approx(0.000001)  # one fen from the residents
    assert rows["JY-0001"][4] == 0 and rows["JY-0001"][14] == 0
    whole = list(page.iter_rows(min_row=page.max_row, values_only=True))[0]
    assert whole[1] == "合计" and whole[4] == 300 and whole[14] == pytest.approx(130.000001)
