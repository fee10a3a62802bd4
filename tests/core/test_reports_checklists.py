"""Checklists in the PDF reports read as the checklist tab does: labels, units, verdicts, conditions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_reports_pdf import pdf_pages

from retrofit_app.core.checklists.acceptance_verdict import acceptance_verdict
from retrofit_app.core.checklists.templates import shipped_files
from retrofit_app.core.model import Stage
from retrofit_app.core.project import Project
from retrofit_app.core.reports import build_report
from retrofit_app.core.reports.checklist_facts import estate_checklists
from retrofit_app.core.words import say

ELEVATOR_ITEMS = ("电梯监督检验合格", "特种设备使用登记", "对低层住户承诺的措施已落实")


def _answer_codes() -> set[str]:
    """Every stored answer code a report must never print: yes/no/na and the choice values."""
    import json

    codes = {"yes", "no", "na"}
    for path in shipped_files():
        for item in json.loads(path.read_text(encoding="utf-8"))["items"]:
            codes |= {o["value"] for o in item["answer"].get("options", ())}
    # Single letters (safety grades A–D) are also real words in the building table.
    return {c for c in codes if len(c) > 1}


def assert_no_raw_values(text: str) -> None:
    assert "{'" not in text and "'zh'" not in text, "a template dict was printed"
    words = set(re.findall(r"[A-Za-z_]+", text))
    assert not words & _answer_codes(), sorted(words & _answer_codes())


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end)]


def inspection_rows(out: Path) -> list[list[str]]:
    """The acceptance report's check tables, one-line rows only, from 检查内容 on."""
    text = _section("\n".join(pdf_pages(out, layout=True)), "验收检查结果", "问题与整改情况")
    found = []
    for line in _without_watermark(text).splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) >= 4 and cells[0].isdigit():  # 序号, 分项, 检查内容, ...
            found.append(cells[2:])
    return found


def inspection_text(out: Path) -> str:
    """The check tables as one string without spaces, so wrapped cells read whole again."""
    text = re.sub(r"\s", "", _without_watermark("".join(pdf_pages(out))))
    return _section(text, "验收检查结果", "问题与整改情况")


def _without_watermark(text: str) -> str:
    """A draft's 草稿 across the page lands in whatever line pdftotext reads at its height."""
    return re.sub(r" {2,}草稿 {2,}| ?草稿 ?", "  ", text)


@pytest.fixture
def demo(demo_path: Path):
    with Project(demo_path, user="测试员") as opened:
        yield opened


def _estate(project: Project, code: str):  # noqa: ANN202
    return next(e for e in project.estates.list() if e.code == code)


def _acceptance_list(project: Project, estate_uuid: str):  # noqa: ANN202
    return next(c for c in project.checklists.of_estate(estate_uuid) if c.template.acceptance)


def test_demo_acceptance_report_prints_words_never_codes_or_dicts(
    demo: Project, tmp_path: Path
) -> None:
    out = tmp_path / "a.pdf"
    build_report(demo, "acceptance", [_estate(demo, "QH-0002")], out)
    text = "".join(pdf_pages(out))
    assert "验收检查结果" in text and "检查结果" in text and "合格" in text
    assert_no_raw_values(text)


def test_answers_read_as_labels_units_and_verdicts(demo: Project, tmp_path: Path) -> None:
    estate = _estate(demo, "QH-0002")
    chosen = _acceptance_list(demo, estate.uuid)
    demo.checklists.answer_many(
        chosen.uuid,
        [
            ("acc.has_elevator", "completion", "yes", None),
            ("acc.elevator_inspection", "completion", "na", None),
            ("acc.satisfaction", "completion", 72, "抽样 50 户"),
            ("acc.conclusion", "completion", "pass_after_rectify", None),
            ("acc.rectify_deadline", "completion", "2027-03-31", None),
        ],
    )
    out = tmp_path / "labels.pdf"
    build_report(demo, "acceptance", [estate], out)
    rows = inspection_rows(out)
    assert ["本次改造包含加装电梯", "是", "—"] in rows  # yes/no in words; no rule judges it
    assert ["电梯监督检验合格", "不涉及", "—"] in rows  # an option's words; n/a is not judged
    assert ["居民满意度（抽样）", "72 %", "不合格", "抽样 50 户"] in rows  # unit; below 80 fails
    # The conclusion row prints the one derived verdict; the recorded answer stands beside it.
    derived = say(f"acc_verdict.{acceptance_verdict(demo, estate.uuid).verdict}", "zh")
    checks = inspection_text(out)
    assert derived == "尚未验收" and f"验收结论：{derived}" in checks
    assert "检查表记录：整改后复验" in checks
    assert ["整改期限", "2027-03-31", "—"] in rows  # shown: the conclusion asks for a deadline
    assert_no_raw_values("".join(pdf_pages(out)))


def test_hidden_conditional_items_stay_out_of_the_report(demo: Project, tmp_path: Path) -> None:
    estate = _estate(demo, "QH-0002")
    chosen = _acceptance_list(demo, estate.uuid)
    # The elevator items keep their earlier answers in the file, but no longer apply.
    demo.checklists.answer_many(
        chosen.uuid,
        [
            ("acc.elevator_inspection", "completion", "pass", None),
            ("acc.has_elevator", "completion", "no", None),
            ("acc.conclusion", "completion", "pass", None),
            ("acc.rectify_deadline", "completion", None, None),
        ],
    )
    hidden, shown = tmp_path / "hidden.pdf", tmp_path / "shown.pdf"
    build_report(demo, "acceptance", [estate], hidden)
    assert ["本次改造包含加装电梯", "否", "—"] in inspection_rows(hidden)
    checks = inspection_text(hidden)
    assert not [name for name in ELEVATOR_ITEMS if name in checks]
    assert "整改期限" not in checks  # only asked when the conclusion is 整改后复验
    demo.checklists.answer(chosen.uuid, "acc.has_elevator", "completion", "yes")
    build_report(demo, "acceptance", [estate], shown)
    assert all(name in inspection_text(shown) for name in ELEVATOR_ITEMS)
    assert ["电梯监督检验合格", "合格", "合格"] in inspection_rows(shown)


def test_stages_not_yet_due_are_left_out_and_a_stage_column_shows(
    project: Project, tmp_path: Path
) -> None:
    estate = project.estates.create("龙江小区", "鼓楼区", stage=Stage.DESIGN)
    project.checklists.create_for_estate(estate.uuid, ["basic_infrastructure"])
    (infra,) = project.checklists.of_estate(estate.uuid)
    project.checklists.answer_many(
        infra.uuid,
        [
            ("infra.overhead_cables", "survey", "good", None),
            ("infra.gas", "survey", "repair", None),
            ("infra.gas_riser_age", "survey", 32, None),
            ("infra.parking_spaces", "survey", 120, None),
            ("infra.elevator_wanted", "survey", "na", None),
        ],
    )
    (found,) = estate_checklists(project, estate.uuid).checklists
    items = {(line.item, line.stage) for line in found.lines}
    assert ("架空线缆规整或入地", "调查") in items
    assert ("架空线缆规整或入地", "竣工") not in items  # completion is not due at design
    assert not any(line.item == "杂乱线缆位置及权属单位" for line in found.lines)  # cables good
    assert found.stages == ["调查"]
    # Answered early, a completion check is printed after all, so the list has two stages.
    project.checklists.answer(infra.uuid, "infra.water_supply", "completion", "repair")
    out = tmp_path / "design.pdf"
    build_report(project, "acceptance", [project.estates.get(estate.uuid)], out)
    rows = inspection_rows(out)
    assert ["燃气立管使用年限", "调查", "32 年", "—"] in rows
    assert ["现有机动车停车位", "调查", "120 个", "—"] in rows
    assert ["燃气管道（含老化立管）", "调查", "需维修", "—"] in rows  # judged at completion only
    assert ["供水管网及二次供水设施", "竣工", "需维修", "不合格"] in rows
    assert ["供水管网及二次供水设施", "调查", "未检查"] in rows
    assert "杂乱线缆位置及权属单位" not in inspection_text(out)
    assert_no_raw_values("".join(pdf_pages(out)))


def test_survey_summary_progress_is_the_checklist_services(demo: Project, tmp_path: Path) -> None:
    estates = demo.estates.list()[:3]
    out = tmp_path / "survey.pdf"
    build_report(demo, "survey", estates, out)
    text = re.sub(r"\s", "", "".join(pdf_pages(out)))
    for estate in estates:
        expected = demo.checklists.estate_progress(estate.uuid)
        assert estate_checklists(demo, estate.uuid).progress.required == expected.required
        if expected.required:
            assert f"{expected.answered}/{expected.required}（" in text, estate.name
    assert_no_raw_values(text)
