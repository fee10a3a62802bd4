"""The elevator feasibility record of a unit: the answered checks with their evidence and photos, the
unit's consultation result (待核实 with what to settle), and the open questions."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from retrofit_app.cli import main
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import Owner
from retrofit_app.core.photos.model import Placement, StageTag
from retrofit_app.core.project import Project
from retrofit_app.core.reports import ReportOptions, build_report


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return "".join(text.split())


def pdf_images(path: Path) -> int:
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    return len(listing.stdout.splitlines()[2:])


def make_unit(project: Project, tmp_path: Path, area_202: float | None = 60):
    """1幢2单元 of four flats, its feasibility list partly answered (grade D fails), a photo of the
    space in front of the stairwell, and an elevator consultation: three agree, one objects."""
    estate = project.estates.create("可行性测试小区", "鼓楼区", code="GL-8001")
    building = project.buildings.create(estate.uuid, "1幢", storeys=6)
    unit = project.buildings.add_unit(building.uuid, "2单元")
    flats = [
        project.households.create(unit.uuid, room, floor=floor, area=area, owners=[Owner("", name)])
        for room, floor, area, name in (
            ("101", 1, 60, "王伟"), ("102", 1, 60, "李娜"),
            ("201", 2, 60, "张明"), ("202", 2, area_202, "赵强"),
        )
    ]  # fmt: skip
    project.checklists.create_for_estate(estate.uuid, ["elevator_feasibility"])
    [feasibility] = project.checklists.of_estate(estate.uuid)
    project.checklists.answer_many(
        feasibility.uuid,
        [
            ("elev.storeys", "survey", 6, ""),
            ("elev.safety_grade", "survey", "D", "鉴定报告宁鉴2025-17号"),
            ("elev.front_space", "survey", "yes", "楼前空地进深约6米"),
        ],
    )
    picture = tmp_path / "front.jpg"
    Image.new("RGB", (96, 72), (30, 120, 60)).save(picture)
    placement = Placement(estate.uuid, StageTag.BEFORE, checklist_uuid=feasibility.uuid,
                          item_id="elev.front_space", caption="楼前空地")  # fmt: skip
    project.photos.import_files(placement, [picture])
    consultation = project.consultations.for_scope("unit", unit.uuid)
    for flat, vote in zip(flats, ("agree", "agree", "agree", "object"), strict=True):
        project.consultations.record_vote(consultation.uuid, flat.uuid, vote)
    return project.estates.get(estate.uuid)


def test_a_unit_record_prints_answers_evidence_photos_consultation_and_open_questions(
    project, tmp_path
):
    estate = make_unit(project, tmp_path)
    out = tmp_path / "feasibility.pdf"
    result = build_report(project, "feasibility", [estate], out, scope="1幢 2单元")
    text = pdf_text(out)
    assert (
        "可行性测试小区1幢2单元加装电梯可行性报告" in text and "GL-8001-KX-01" in result.doc_number
    )
    # The answered checks with their evidence, the photo numbered beside its item.
    assert "房屋安全鉴定等级D级不合格鉴定报告宁鉴2025-17号" in text
    assert "楼前空地进深约6米" in text and "图1·改造前·楼前空地" in text
    assert text.index("图1") < text.index("三、居民意见征询")  # in the photo column of its item
    assert result.photos == 1 and pdf_images(out) == 1
    # The consultation: 3 of 4 owners and 180 of 240 m² agree, exactly 3/4: passed.
    assert "1幢2单元（民法典第278条）" in text and "表决结果通过" in text
    # Open questions: the failed check once, each unanswered required item once.
    assert "房屋安全鉴定等级为“D级”，不满足加装条件" in text
    assert text.count("建成年份（楼栋条件）尚未填写") == 1
    assert text.count("加装后消防车道保持畅通（净宽不小于4米）（场地条件）尚未填写") == 1
    # Items asked at the survey and again at the design count once (51 shown of the 62 of the
    # template's version 2, sourced to the codes in force: the rest are completion items, or
    # shown only after another answer, such as grade C repaired).
    assert "已填写核查项3/51项，不满足1项；意见征询：通过" in text


def test_a_result_that_cannot_be_concluded_prints_what_to_settle(project, tmp_path):
    estate = make_unit(project, tmp_path, area_202=None)
    out = tmp_path / "undecided.pdf"
    build_report(project, "feasibility", [estate], out, scope="1幢2单元")
    text = pdf_text(out)
    assert "表决结果待核实" in text and "意见征询：待核实" in text
    assert "1幢2单元202面积未知" in text  # what to settle, in the open questions too
    assert text.count("面积未知") >= 2


def test_a_building_scope_and_a_record_without_scope(project, tmp_path):
    estate = make_unit(project, tmp_path)
    out = tmp_path / "building.pdf"
    build_report(project, "feasibility", [estate], out, scope="1幢")
    assert "可行性测试小区1幢加装电梯可行性报告" in pdf_text(out)
    with pytest.raises(RetrofitError) as refused:
        build_report(project, "feasibility", [estate], tmp_path / "none.pdf")
    assert refused.value.code is ErrorCode.FEASIBILITY_NEEDS_SCOPE
    english = tmp_path / "en.pdf"
    build_report(project, "feasibility", [estate], english, scope="1幢2单元",
                 options=ReportOptions(language="en"))  # fmt: skip
    text = pdf_text(english)
    assert "Elevatorfeasibilityrecord" in text and "Openquestions" in text


def test_cli_writes_the_record(project, tmp_path, capsys):
    make_unit(project, tmp_path)
    path = project.path
    project.close()
    out = tmp_path / "cli.pdf"
    args = ["report", str(path), "--estate", "GL-8001", "--kind", "feasibility", "--out", str(out)]
    assert main([*args, "--unit", "1幢2单元"]) == 0 and "待解决事项" in pdf_text(out)
    assert main(args) != 0
    assert "--unit" in capsys.readouterr().err
