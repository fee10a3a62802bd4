"""The acceptance conclusion follows the evidence: four verdicts from projects built for them, the
override (audit log and report), the draft watermark, the rectification list and the cross-checks."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from retrofit_app.cli import main
from retrofit_app.core.checklists.acceptance_verdict import (
    Verdict,
    acceptance_verdict,
    record_override,
)
from retrofit_app.core.checklists.template_model import AnswerType
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import Owner
from retrofit_app.core.photos.model import Placement, StageTag
from retrofit_app.core.project import Project
from retrofit_app.core.reports import build_report


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def flat(path: Path) -> str:
    return "".join("".join(pdf_pages(path)).split())


@pytest.fixture
def estate(project: Project):
    """An estate at the acceptance stage: one building, one unit of four flats, an acceptance list."""
    made = project.estates.create("验收测试小区", "玄武区", code="XW-9001")
    building = project.buildings.create(made.uuid, "1幢")
    unit = project.buildings.add_unit(building.uuid, "1单元")
    for room, owner, floor in (
        ("101", "王伟", 1),
        ("102", "李娜", 1),
        ("201", "张明", 2),
        ("202", "赵强", 2),
    ):
        project.households.create(unit.uuid, room, floor=floor, area=60, owners=[Owner("", owner)])
    project.estates.update(made.uuid, stage="acceptance")
    project.checklists.create_for_estate(made.uuid, ["acceptance_inspection"])
    return project.estates.get(made.uuid)


def acceptance_list(project: Project, estate_uuid: str):
    return next(c for c in project.checklists.of_estate(estate_uuid) if c.template.acceptance)


def inspect_all(project: Project, estate_uuid: str, **answers: object) -> None:
    """Every item of the acceptance list answered as passing, except `answers` (item id → value)."""
    chosen = acceptance_list(project, estate_uuid)
    given = {"acc.has_elevator": "no", "acc.inspection_date": "2026-11-30", "acc.remarks": ""}
    given |= {key.replace("_", ".", 1): value for key, value in answers.items()}
    entries = []
    for item in chosen.template.items:
        if item.id == "acc.conclusion" or item.id == "acc.rectify_deadline":
            continue
        if item.id in given:
            value = given[item.id]
        elif item.answer_type is AnswerType.CHOICE:
            value = "pass"
        elif item.answer_type is AnswerType.NUMBER:
            value = 95 if item.maximum is None else min(95, item.maximum)  # within its range
        else:
            continue
        entries.append((item.id, "completion", value or None, None))
    project.checklists.answer_many(chosen.uuid, entries)


def defect_of(project: Project, estate_uuid: str, item_id: str):
    return next(
        d for d in project.checklists.defects.of_estate(estate_uuid) if d.item_id == item_id
    )


def test_every_item_passed_and_nothing_open_is_accepted(project, estate, tmp_path):
    inspect_all(project, estate.uuid)
    verdict = acceptance_verdict(project, estate.uuid)
    assert verdict.verdict is Verdict.ACCEPTED and not verdict.draft and not verdict.warnings
    out = tmp_path / "accepted.pdf"
    result = build_report(project, "acceptance", [estate], out)
    text = flat(out)
    assert "验收结论：同意通过竣工验收" in text and "草稿" not in text
    assert "整改后复验" not in text and "尚未验收" not in text
    assert result.verdict is not None and result.verdict.verdict is Verdict.ACCEPTED


def test_an_item_to_rectify_asks_for_reinspection_listing_who_and_by_when(
    project, estate, tmp_path
):
    inspect_all(project, estate.uuid, acc_roof="rectify")
    defect = defect_of(project, estate.uuid, "acc.roof")
    project.checklists.defects.update(defect.uuid, responsible="金陵建工", deadline="2027-01-15")
    verdict = acceptance_verdict(project, estate.uuid)
    assert verdict.verdict is Verdict.REINSPECT
    [row] = verdict.unresolved
    assert (row.defect.responsible, row.defect.deadline, row.reinspection) == (
        "金陵建工", "2027-01-15", "not_rectified",
    )  # fmt: skip
    out = tmp_path / "reinspect.pdf"
    build_report(project, "acceptance", [estate], out)
    text = flat(out)
    assert "验收结论：整改后复验" in text and "金陵建工" in text and "2027-01-15" in text
    assert "同意通过竣工验收" not in text.replace("方可通过竣工验收", "")
    # The checklist's conclusion row says the same as the conclusion page.
    assert text.count("整改后复验") >= 3  # summary under the table, conclusion row, conclusion page


def test_a_failed_required_item_is_rejected_until_rectified_and_reinspected(
    project, estate, tmp_path
):
    inspect_all(project, estate.uuid, acc_gas="fail")
    assert acceptance_verdict(project, estate.uuid).verdict is Verdict.REJECTED
    out = tmp_path / "rejected.pdf"
    build_report(project, "acceptance", [estate], out)
    text = flat(out)
    assert "验收结论：不予通过" in text and "燃气管道更新" in text and "草稿" not in text
    defects = project.checklists.defects
    gas = defect_of(project, estate.uuid, "acc.gas")
    defects.set_status(gas.uuid, "rectified")
    verdict = acceptance_verdict(project, estate.uuid)
    assert verdict.verdict is Verdict.REINSPECT and verdict.unresolved[0].reinspection == "awaiting"
    defects.set_status(gas.uuid, "open")  # re-inspection failed
    assert acceptance_verdict(project, estate.uuid).unresolved[0].reinspection == "failed"
    defects.set_status(gas.uuid, "rectified")
    defects.set_status(gas.uuid, "verified")
    verdict = acceptance_verdict(project, estate.uuid)
    assert verdict.verdict is Verdict.ACCEPTED
    assert verdict.open_items[0].reinspection == "passed"


def test_a_new_estate_is_a_draft_on_every_page_that_names_what_remains(project, estate, tmp_path):
    verdict = acceptance_verdict(project, estate.uuid)
    assert verdict.verdict is Verdict.NOT_INSPECTED and verdict.draft
    assert len(verdict.remaining) >= 20
    out = tmp_path / "draft.pdf"
    build_report(project, "acceptance", [estate], out)
    pages = pdf_pages(out)
    assert len(pages) >= 3 and all("草稿" in page for page in pages)
    text = flat(out)
    assert "验收结论：尚未验收" in text and "屋面防水" in text and "同意通过" not in text
    english = tmp_path / "draft-en.pdf"
    from retrofit_app.core.reports import ReportOptions

    build_report(project, "acceptance", [estate], english, options=ReportOptions(language="en"))
    assert all("DRAFT" in page for page in pdf_pages(english))


def test_an_estate_without_acceptance_list_or_before_works_concludes_nothing(project, tmp_path):
    bare = project.estates.create("空白小区", "玄武区", code="XW-9002")
    verdict = acceptance_verdict(project, bare.uuid)
    assert verdict.verdict is Verdict.NOT_INSPECTED and not verdict.has_checklist
    out = tmp_path / "bare.pdf"
    build_report(project, "acceptance", [project.estates.get(bare.uuid)], out)
    assert "同意通过" not in flat(out) and "尚未施工，不能进行竣工验收" in flat(out)
    project.estates.update(bare.uuid, stage="acceptance")
    build_report(project, "acceptance", [project.estates.get(bare.uuid)], out)
    assert "同意通过" not in flat(out) and "尚未录入竣工验收检查表" in flat(out)
    project.estates.update(bare.uuid, stage="surveyed")
    # Acceptance recorded while the estate is still at the survey: a warning, and no conclusion.
    project.checklists.create_for_estate(bare.uuid, ["acceptance_inspection"])
    inspect_all(project, bare.uuid)
    verdict = acceptance_verdict(project, bare.uuid)
    assert verdict.verdict is Verdict.NOT_INSPECTED
    assert [w.code for w in verdict.warnings] == ["check.before_works"]
    build_report(project, "acceptance", [project.estates.get(bare.uuid)], out)
    assert "施工之前" in flat(out) and "草稿" in flat(out)


def test_the_team_records_acceptance_over_open_items_only_with_name_and_reason(
    project_path, project, estate, tmp_path, capsys
):
    inspect_all(project, estate.uuid, acc_roof="rectify")
    # 验收合格 ticked without a reason is not taken: the report says so.
    chosen = acceptance_list(project, estate.uuid)
    project.checklists.answer(chosen.uuid, "acc.conclusion", "completion", "pass")
    verdict = acceptance_verdict(project, estate.uuid)
    assert verdict.verdict is Verdict.REINSPECT and verdict.override is None
    assert "check.recorded_pass_ignored" in [w.code for w in verdict.warnings]
    project.close()
    out = tmp_path / "override.pdf"
    reason = "屋面渗漏点已由施工单位书面承诺雨季前修复"
    code = main(["report", str(project_path), "--estate", "XW-9001", "--kind", "acceptance",
                 "--out", str(out), "--override-reason", reason, "--by", "李组长", "--json"])  # fmt: skip
    assert code == 0
    shown = json.loads(capsys.readouterr().out)["acceptance"]
    assert shown["verdict"] == "accepted" and shown["derived"] == "reinspect"
    assert shown["override"]["by"] == "李组长" and shown["override"]["reason"] == reason
    assert [o["description"] for o in shown["open_items"]]  # the open item is still listed
    text = flat(out)
    assert "验收结论：同意通过竣工验收" in text and "李组长" in text and reason in text
    assert "依检查结果应为“整改后复验”" in text
    with Project(project_path) as reopened:
        answer = acceptance_list(reopened, estate.uuid).answers[("acc.conclusion", "completion")]
        entries = reopened.audit.history(answer.uuid)
    assert entries[-1].user == "李组长" and entries[-1].new.get("note") == reason


def test_nothing_to_override_on_a_draft_and_no_override_without_a_reason(project, estate):
    with pytest.raises(RetrofitError) as caught:
        record_override(project, estate.uuid, "赶工期")
    assert caught.value.code == ErrorCode.ACCEPTANCE_OVERRIDE
    assert "尚未验收" in caught.value.sentence("zh")
    inspect_all(project, estate.uuid, acc_roof="rectify")
    with pytest.raises(RetrofitError):
        record_override(project, estate.uuid, "  ")
    assert acceptance_verdict(project, estate.uuid).verdict is Verdict.REINSPECT


def test_survey_findings_are_not_construction_defects(project, estate):
    surveyed = project.estates.create("调查小区", "玄武区", code="XW-9003")
    project.checklists.defects.add(surveyed.uuid, "楼道堆物严重（调查时发现）")
    project.estates.update(surveyed.uuid, stage="acceptance")
    project.checklists.defects.add(surveyed.uuid, "道路面层开裂", responsible="施工单位")
    verdict = acceptance_verdict(project, surveyed.uuid)
    assert [d.description for d in verdict.survey_findings] == ["楼道堆物严重（调查时发现）"]
    assert [o.defect.description for o in verdict.open_items] == ["道路面层开裂"]


def test_cross_checks_an_official_would_make(project, estate, tmp_path):
    inspect_all(project, estate.uuid, acc_roof="rectify")
    project.checklists.create_for_estate(estate.uuid, ["elevator_feasibility"])
    elevator = next(
        c for c in project.checklists.of_estate(estate.uuid) if c.template.template_id == "elevator_feasibility"
    )  # fmt: skip
    project.checklists.answer(elevator.uuid, "elev.registration_date", "completion", "2026-10-08")
    codes = [w.code for w in acceptance_verdict(project, estate.uuid).warnings]
    assert "check.elevator_not_passed" in codes  # no consultation at all
    assert "check.photo_missing" in codes  # the roof to rectify has no photo
    consultation = project.consultations.for_scope("unit", elevator.target_uuid)
    project.consultations.start_notice(consultation.uuid, "2026-12-01", 10)
    codes = [w.code for w in acceptance_verdict(project, estate.uuid).warnings]
    assert "check.in_notice" in codes and "check.elevator_not_passed" in codes
    # A photo of the problem, tied to its defect, settles that warning.
    picture = tmp_path / "roof.jpg"
    from PIL import Image

    Image.new("RGB", (64, 48), (120, 80, 40)).save(picture)
    roof = defect_of(project, estate.uuid, "acc.roof")
    project.photos.import_files(
        Placement(estate.uuid, StageTag.BEFORE, defect_uuid=roof.uuid, item_id="acc.roof"),
        [picture],
    )
    verdict = acceptance_verdict(project, estate.uuid)
    assert "check.photo_missing" not in [w.code for w in verdict.warnings]
    # Rectified: now a photo after the work is wanted.
    project.checklists.defects.set_status(roof.uuid, "rectified")
    codes = [w.code for w in acceptance_verdict(project, estate.uuid).warnings]
    assert "check.after_photo_missing" in codes
    out = tmp_path / "checks.pdf"
    build_report(project, "acceptance", [estate], out)
    text = flat(out)
    assert "核查提示" in text and "加装电梯意见征询未通过" in text and "仍在公示期内" in text
    # Every owner of the unit agrees: the consultation passes and the elevator warning goes.
    for household in project.households.of_unit(elevator.target_uuid):
        project.consultations.record_vote(consultation.uuid, household.uuid, "agree")
    codes = [w.code for w in acceptance_verdict(project, estate.uuid).warnings]
    assert "check.elevator_not_passed" not in codes and "check.in_notice" in codes
