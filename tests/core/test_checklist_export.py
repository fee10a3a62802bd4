"""Checklist export (CSV with BOM, XLSX) and the checklist commands, read back as a user would."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from retrofit_app.cli import main
from retrofit_app.core.checklists.export import export_checklists, header
from retrofit_app.core.project import Project


@pytest.fixture
def answered(project):
    estate = project.estates.create("颐和新村", "鼓楼区", code="GL-0001")
    building = project.buildings.create(estate.uuid, "1幢", storeys=5)
    project.buildings.add_unit(building.uuid, "1单元")
    project.checklists.create_for_estate(estate.uuid)
    by_id = {c.template.template_id: c for c in project.checklists.of_estate(estate.uuid)}
    project.checklists.answer(
        by_id["elevator_feasibility"].uuid, "elev.storeys", "survey", 5, note="含阁楼"
    )
    project.checklists.answer(
        by_id["elevator_feasibility"].uuid, "elev.title_clear", "survey", "no"
    )
    project.checklists.answer(by_id["basic_infrastructure"].uuid, "infra.gas", "survey", "repair")
    return estate


def _expected_rows(project, estate) -> int:
    return sum(
        len(i.stages) for c in project.checklists.of_estate(estate.uuid) for i in c.template.items
    )


def test_csv_has_a_bom_and_one_row_per_item_and_stage(project, answered, tmp_path: Path) -> None:
    out = tmp_path / "清单.csv"
    count = export_checklists(project, answered.uuid, out, "csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the mark
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == header("zh")
    assert count == len(rows) - 1 == _expected_rows(project, answered)
    col = {name: i for i, name in enumerate(rows[0])}
    storeys = next(r for r in rows if r[col["条目编号"]] == "elev.storeys")
    assert (storeys[col["答案"]], storeys[col["备注"]], storeys[col["对象"]]) == (
        "5 层",
        "含阁楼",
        "1幢 1单元",
    )
    assert storeys[col["填写人"]] == "测试员" and storeys[col["结果"]] == "合格"
    title = next(r for r in rows if r[col["条目编号"]] == "elev.title_clear")
    assert (title[col["答案"]], title[col["结果"]], title[col["整改状态"]]) == (
        "否",
        "不合格",
        "待整改",
    )
    hidden = next(r for r in rows if r[col["条目编号"]] == "elev.septic_movable")
    assert hidden[col["显示"]] == "否" and hidden[col["答案"]] == ""


def test_xlsx_holds_the_same_rows_in_english(project, answered, tmp_path: Path) -> None:
    out = tmp_path / "checklists.xlsx"
    export_checklists(project, answered.uuid, out, "xlsx", lang="en")
    sheet = load_workbook(out, read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == header("en")
    assert len(rows) - 1 == _expected_rows(project, answered)
    col = {name: i for i, name in enumerate(rows[0])}
    gas = next(r for r in rows if r[col["Item id"]] == "infra.gas" and r[col["Stage"]] == "Survey")
    assert (gas[col["Answer"]], gas[col["Answer value"]], gas[col["Result"]]) == (
        "Needs repair",
        "repair",
        "—",
    )
    storeys = next(r for r in rows if r[col["Item id"]] == "elev.storeys")
    assert storeys[col["Answer value"]] == 5  # numbers stay numbers in Excel


def test_checklist_command_prints_answers_progress_and_defects(project, answered, capsys) -> None:
    path = project.path
    project.close()
    assert main(["checklist", str(path), "--estate", "GL-0001", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["estate"]["code"] == "GL-0001"
    assert [c["template_id"] for c in document["checklists"]] == [
        "basic_infrastructure", "smart_facilities", "acceptance_inspection", "elevator_feasibility",
    ]  # fmt: skip
    elevator = document["checklists"][-1]
    answered_items = {i["id"]: i for i in elevator["items"] if i["value"] is not None}
    assert set(answered_items) == {"elev.storeys", "elev.title_clear"}
    assert answered_items["elev.title_clear"]["failed"] is True
    assert elevator["progress"]["answered"] == 2 and elevator["progress"]["failed"] == 1
    assert [d["item_id"] for d in document["open_defects"]] == ["elev.title_clear"]
    assert document["progress"]["open_defects"] == 1

    assert main(["checklist", str(path), "--estate", "颐和新村"]) == 0
    text = capsys.readouterr().out
    assert "房屋产权清晰合法" in text and "不合格" in text and "未关闭的整改问题" in text


def test_checklist_create_makes_missing_lists_for_a_new_estate(project_path: Path, capsys) -> None:
    with Project.create(project_path) as project:
        project.estates.create("南湖新村", "建邺区", code="JY-0001")
    assert main(["checklist", str(project_path), "--estate", "JY-0001", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["checklists"] == []
    assert main(["checklist", str(project_path), "--estate", "JY-0001", "--create", "--json"]) == 0
    assert (
        len(json.loads(capsys.readouterr().out)["checklists"]) == 3
    )  # no buildings: no unit lists


def test_checklist_export_command_and_unknown_estate(
    project, answered, tmp_path: Path, capsys
) -> None:
    path = project.path
    project.close()
    out = tmp_path / "导出.xlsx"
    assert (
        main(
            [
                "checklist-export",
                str(path),
                "--estate",
                "GL-0001",
                "--format",
                "xlsx",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert out.exists() and "导出.xlsx" in capsys.readouterr().out
    assert (
        main(
            [
                "checklist-export",
                str(path),
                "--estate",
                "不存在",
                "--format",
                "csv",
                "--out",
                str(tmp_path / "x.csv"),
            ]
        )
        == 1
    )
    assert "不存在" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_template_commands_import_and_refuse(project_path: Path, tmp_path: Path, capsys) -> None:
    Project.create(project_path).close()
    assert main(["checklist-templates", str(project_path), "--json"]) == 0
    listed = {t["template_id"]: t["items"] for t in json.loads(capsys.readouterr().out)}
    assert set(listed) == {
        "acceptance_inspection",
        "basic_infrastructure",
        "elevator_feasibility",
        "smart_facilities",
    }
    out = tmp_path / "smart.json"
    assert (
        main(
            ["checklist-template-export", str(project_path), "smart_facilities", "--out", str(out)]
        )
        == 0
    )
    body = json.loads(out.read_text(encoding="utf-8"))
    body["items"].append(dict(body["items"][0]))  # a copied item: its id collides
    out.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert main(["checklist-template-import", str(project_path), str(out)]) == 1
    assert "smart.json" in capsys.readouterr().err


def test_demo_project_has_answers_failures_and_defects(demo_path: Path) -> None:
    with Project(demo_path, readonly=True) as project:
        progress = project.checklists.progress_by_estate()
        assert len(progress) == len(project.estates.list())
        assert sum(p.answered_total for p in progress.values()) > 1000
        assert sum(p.failed for p in progress.values()) > 0
        statuses = {
            d.status
            for e in project.estates.list()
            for d in project.checklists.defects.of_estate(e.uuid)
        }
        assert statuses == {"open", "rectified", "verified"}
