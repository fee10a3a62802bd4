"""A failed item's source where people decide (issue 28): `checklist --json`, the XLSX export and
the acceptance report, each saying whether the failed rule is law or the programme's choice."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from retrofit_app.cli import main
from retrofit_app.core.checklists.export import export_checklists
from retrofit_app.core.project import Project
from retrofit_app.core.reports import build_report
from tests.needs import need


@pytest.fixture
def failed_estate(project_path: Path):
    """An estate at acceptance whose fire lane is 3.2 m (a legal minimum of 4.00 m, failed) and
    whose satisfaction is 70 % (the programme's own 80 %, failed)."""
    project = Project.create(project_path, user="测试员")
    estate = project.estates.create("来源测试小区", "玄武区", code="XW-9028")
    project.estates.update(estate.uuid, stage="acceptance")
    project.checklists.create_for_estate(estate.uuid, ["acceptance_inspection"])
    (checklist,) = project.checklists.of_estate(estate.uuid)
    project.checklists.answer_many(checklist.uuid, [
        ("acc.fire_lane_width", "completion", 3.2, None),
        ("acc.satisfaction", "completion", 70, None),
        ("acc.gas", "completion", "pass", None),
    ])  # fmt: skip
    yield project, estate
    project.close()


def test_checklist_json_gives_a_failed_items_sources_and_basis(failed_estate, capsys) -> None:
    project, _estate = failed_estate
    assert main(["checklist", str(project.path), "--estate", "XW-9028", "--json"]) == 0
    (checklist,) = json.loads(capsys.readouterr().out)["checklists"]
    rows = {row["id"]: row for row in checklist["items"]}
    lane = rows["acc.fire_lane_width"]
    assert lane["failed"] and lane["basis"] == "legal"
    (source,) = lane["sources"]
    assert source["code"] == "GB 55037-2022" and source["clause"] == ""
    assert source["threshold"] == {"op": ">=", "value": 4.0, "unit": "m"}
    assert source["verified"] is False and "条文待核实" in source["label"]
    satisfaction = rows["acc.satisfaction"]
    assert satisfaction["failed"] and satisfaction["basis"] == "programme"
    assert satisfaction["sources"][0]["kind"] == "programme_rule"


def test_checklist_text_says_a_failure_is_a_programme_choice(failed_estate, capsys) -> None:
    project, _estate = failed_estate
    assert main(["checklist", str(project.path), "--estate", "XW-9028"]) == 0
    out = capsys.readouterr().out
    assert "法定要求：GB 55037-2022《建筑防火通用规范》（条文待核实）" in out
    assert "不合格（项目自定：居民满意度不低于80%是本计划的选择，没有法规依据。）" in out


def test_xlsx_export_has_the_sources_and_the_basis(failed_estate, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    project, estate = failed_estate
    out = export_checklists(project, estate.uuid, tmp_path / "清单.xlsx", "xlsx")
    assert out > 0
    sheet = load_workbook(tmp_path / "清单.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    head = list(rows[0])
    by_id = {r[head.index("条目编号")]: r for r in rows[1:]} if "条目编号" in head else {}
    lane = by_id.get("acc.fire_lane_width") or next(r for r in rows if "acc.fire_lane_width" in r)
    assert "GB 55037-2022" in lane[head.index("依据标准")]
    assert lane[head.index("依据类别")] == "法定要求"
    satisfaction = next(r for r in rows if "acc.satisfaction" in r)
    assert satisfaction[head.index("依据类别")] == "项目自定"


def test_acceptance_report_lists_which_failed_items_are_legal_requirements(
    failed_estate, tmp_path: Path
) -> None:
    need("pdftotext")
    project, estate = failed_estate
    out = tmp_path / "验收.pdf"
    build_report(project, "acceptance", [project.estates.get(estate.uuid)], out)
    text = "".join(
        subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "项为法定要求" in text
    assert "消防车道最窄处净宽——法定要求：GB55037-2022《建筑防火通用规范》（条文待核实）" in text
    assert "居民满意度（抽样）——项目自定：居民满意度不低于80%是本计划的选择" in text


def test_checklist_templates_sources_lists_what_each_template_cites_and_how_sure(
    failed_estate, capsys
) -> None:
    project, _estate = failed_estate
    path = str(project.path)
    assert main(["checklist-templates", path, "--sources", "--json"]) == 0
    listed = {t["template_id"]: t for t in json.loads(capsys.readouterr().out)}
    assert set(listed) == {"acceptance_inspection", "basic_infrastructure",
                           "elevator_feasibility", "smart_facilities"}  # fmt: skip
    cited = {c["code"]: c for c in listed["acceptance_inspection"]["citations"]}
    lane = cited["GB 55037-2022"]
    assert "acc.fire_lane_width" in lane["items"] and lane["in_force_since"] == "2023-06-01"
    assert lane["verified"] is False and lane["status_checked"] is False
    assert all(c["kind"] != "programme_rule" for c in cited.values())
    assert main(["checklist-templates", path, "--sources"]) == 0
    out = capsys.readouterr().out
    assert "竣工验收检查表 v3：引用的法规、规范和政策" in out
    line = next(x for x in out.splitlines() if "第三十三条" in x and "acc.elevator_sign" in x)
    assert "《中华人民共和国特种设备安全法》第三十三条" in line and "待核实" not in line
    assert "acc.elevator_registration, acc.elevator_sign" in line
