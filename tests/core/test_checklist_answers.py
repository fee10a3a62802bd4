"""Answering checklists: conditions, progress, defects, the audit trail and the accepted-stage guard."""

from __future__ import annotations

import pytest

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import Stage


@pytest.fixture
def estate(project):
    estate = project.estates.create("锁金新村", "玄武区", street="锁金村街道")
    building = project.buildings.create(estate.uuid, "3幢", storeys=6)
    for name in ("1单元", "2单元"):
        project.buildings.add_unit(building.uuid, name)
    project.checklists.create_for_estate(estate.uuid)
    return estate


def _checklist(project, estate, template_id: str, target: str | None = None):
    found = [
        c
        for c in project.checklists.of_estate(estate.uuid)
        if c.template.template_id == template_id
    ]
    if target is not None:
        found = [c for c in found if c.target_label == target]
    return found[0]


def test_checklists_follow_the_template_scope(project, estate) -> None:
    made = [
        (c.template.template_id, c.target_label) for c in project.checklists.of_estate(estate.uuid)
    ]
    assert made == [
        ("basic_infrastructure", "锁金新村"),
        ("smart_facilities", "锁金新村"),
        ("acceptance_inspection", "锁金新村"),
        ("elevator_feasibility", "3幢 1单元"),
        ("elevator_feasibility", "3幢 2单元"),
    ]
    # Running it again makes nothing new; a unit added later gets its own list.
    assert project.checklists.create_for_estate(estate.uuid) == []
    building = project.buildings.of_estate(estate.uuid)[0]
    project.buildings.add_unit(building.uuid, "3单元")
    assert len(project.checklists.create_for_estate(estate.uuid)) == 1


def test_conditional_item_appears_and_disappears_with_the_answer(project, estate) -> None:
    checklist = _checklist(project, estate, "elevator_feasibility", "3幢 1单元")
    slot = ("elev.septic_movable", "survey")

    def shown() -> bool:
        from retrofit_app.core.checklists.progress import visible_slots

        current = project.checklists.get(checklist.uuid)
        return slot in visible_slots(current.template, current.values())

    assert not shown()
    project.checklists.answer(checklist.uuid, "elev.septic_tank", "survey", "yes")
    assert shown()
    project.checklists.answer(checklist.uuid, "elev.septic_tank", "survey", "no")
    assert not shown()


def test_hidden_required_item_does_not_count_as_missing(project, estate) -> None:
    checklist = _checklist(project, estate, "elevator_feasibility", "3幢 1单元")
    before = checklist.progress.required
    project.checklists.answer(checklist.uuid, "elev.front_space", "survey", "yes")
    after = project.checklists.get(checklist.uuid).progress
    # front_depth (required) appears once there is room in front of the stairwell.
    assert after.required == before + 1
    assert after.answered == 1


def test_progress_counts_only_required_answers_due_at_the_estate_stage(project, estate) -> None:
    smart = _checklist(project, estate, "smart_facilities")
    # A surveyed estate: only survey-stage items are due.
    assert smart.due == ("survey",)
    survey_required = smart.progress.required
    assert survey_required == 2  # e-bikes in stairwells, fire-lane markings
    project.checklists.answer(smart.uuid, "smart.stairwell_ebikes", "survey", "some")
    project.checklists.answer(smart.uuid, "smart.video", "design", "yes")  # answered early: not due
    progress = project.checklists.get(smart.uuid).progress
    assert (progress.required, progress.answered, progress.answered_total) == (2, 1, 2)
    project.estates.update(estate.uuid, stage=Stage.DESIGN)
    progress = project.checklists.get(smart.uuid).progress
    assert progress.answered == 2 and progress.required > survey_required


def test_estate_progress_feeds_the_estate_list(project, estate) -> None:
    infra = _checklist(project, estate, "basic_infrastructure")
    required = project.checklists.estate_progress(estate.uuid).required
    project.checklists.answer(infra.uuid, "infra.roads", "survey", "good")
    assert project.estates.progress_by_estate()[estate.uuid] == pytest.approx(1 / required)


def test_answer_is_checked_against_the_item(project, estate) -> None:
    checklist = _checklist(project, estate, "elevator_feasibility", "3幢 1单元")
    cases = [
        ("elev.storeys", "survey", "六层"),
        ("elev.storeys", "survey", 99),
        ("elev.safety_grade", "survey", "E"),
        ("elev.registration_date", "completion", "2026-13-01"),
    ]
    for item_id, stage, value in cases:
        with pytest.raises(RetrofitError) as caught:
            project.checklists.answer(checklist.uuid, item_id, stage, value)
        assert caught.value.code is ErrorCode.INVALID_ANSWER
    with pytest.raises(RetrofitError, match="no_such_item"):
        project.checklists.answer(checklist.uuid, "elev.storeys", "completion", 6)
    assert project.checklists.answer(checklist.uuid, "elev.storeys", "survey", "6").value == 6


def test_answers_are_in_the_audit_trail_with_who_and_the_old_value(project, estate) -> None:
    checklist = _checklist(project, estate, "elevator_feasibility", "3幢 2单元")
    first = project.checklists.answer(
        checklist.uuid, "elev.title_clear", "survey", "yes", note="有不动产权证"
    )
    project.checklists.answer(checklist.uuid, "elev.title_clear", "survey", "no")
    history = project.audit.history(first.uuid)
    assert [h.action for h in history] == ["insert", "update"]
    assert all(h.user == "测试员" for h in history)
    assert history[1].old["value"] == '"yes"' and history[1].new["value"] == '"no"'
    # The note stays when only the value changes; the same answer again is no new entry.
    assert (
        project.checklists.get(checklist.uuid).answers[("elev.title_clear", "survey")].note
        == "有不动产权证"
    )
    project.checklists.answer(checklist.uuid, "elev.title_clear", "survey", "no")
    assert len(project.audit.history(first.uuid)) == 2


def test_clearing_an_answer_removes_it(project, estate) -> None:
    checklist = _checklist(project, estate, "basic_infrastructure")
    project.checklists.answer(checklist.uuid, "infra.gas", "survey", "repair")
    assert project.checklists.answer(checklist.uuid, "infra.gas", "survey", None) is None
    assert ("infra.gas", "survey") not in project.checklists.get(checklist.uuid).answers


def test_failed_item_opens_one_defect_and_a_corrected_tap_withdraws_it(project, estate) -> None:
    checklist = _checklist(project, estate, "elevator_feasibility", "3幢 1单元")
    project.checklists.answer(checklist.uuid, "elev.safety_grade", "survey", "D")
    project.checklists.answer(
        checklist.uuid, "elev.safety_grade", "survey", "D", note="鉴定报告2025"
    )
    (defect,) = project.checklists.defects.of_estate(estate.uuid)
    assert defect.item_id == "elev.safety_grade" and defect.status == "open"
    assert "D级" in defect.description
    assert project.checklists.get(checklist.uuid).progress.failed == 1
    project.checklists.answer(checklist.uuid, "elev.safety_grade", "survey", "B")
    assert project.checklists.defects.of_estate(estate.uuid) == []


def test_defect_someone_worked_on_stays_when_the_answer_changes(project, estate) -> None:
    checklist = _checklist(project, estate, "basic_infrastructure")
    project.estates.update(estate.uuid, stage=Stage.ACCEPTANCE)
    project.checklists.answer(checklist.uuid, "infra.roof", "completion", "repair")
    (defect,) = project.checklists.defects.of_estate(estate.uuid)
    project.checklists.defects.update(defect.uuid, responsible="施工单位", deadline="2026-12-31")
    project.checklists.answer(checklist.uuid, "infra.roof", "completion", "good")
    (kept,) = project.checklists.defects.of_estate(estate.uuid)
    assert (kept.responsible, kept.deadline, kept.status) == ("施工单位", "2026-12-31", "open")


def test_survey_finding_is_not_a_failure_but_the_same_at_completion_is(project, estate) -> None:
    checklist = _checklist(project, estate, "basic_infrastructure")
    project.checklists.answer(checklist.uuid, "infra.roof", "survey", "rebuild")
    assert project.checklists.defects.of_estate(estate.uuid) == []
    project.checklists.answer(checklist.uuid, "infra.roof", "completion", "rebuild")
    assert len(project.checklists.defects.of_estate(estate.uuid)) == 1


def test_defect_status_goes_open_rectified_verified(project, estate) -> None:
    defects = project.checklists.defects
    defect = defects.add(estate.uuid, "3幢雨水管破损", responsible="物业", deadline="2026-12-01")
    with pytest.raises(RetrofitError) as caught:
        defects.set_status(defect.uuid, "verified")
    assert caught.value.code is ErrorCode.DEFECT_STATUS and "待整改" in caught.value.sentence()
    assert defects.set_status(defect.uuid, "rectified").status == "rectified"
    assert defects.set_status(defect.uuid, "open").status == "open"  # failed re-inspection
    defects.set_status(defect.uuid, "rectified")
    assert defects.set_status(defect.uuid, "verified").status == "verified"
    with pytest.raises(RetrofitError):
        defects.set_status(defect.uuid, "open")
    with pytest.raises(RetrofitError, match="invalid_value"):
        defects.update(defect.uuid, deadline="下周")


def _accept(project, estate) -> None:
    project.estates.update(estate.uuid, stage=Stage.ACCEPTED)


def test_failed_acceptance_item_blocks_accepted_stage_with_the_reason(project, estate) -> None:
    project.estates.update(estate.uuid, stage=Stage.ACCEPTANCE)
    acceptance = _checklist(project, estate, "acceptance_inspection")
    project.checklists.answer(acceptance.uuid, "acc.roof", "completion", "rectify")
    with pytest.raises(RetrofitError) as caught:
        _accept(project, estate)
    assert caught.value.code is ErrorCode.STAGE_BLOCKED
    assert "屋面防水" in caught.value.sentence("zh") and "1 个整改问题" in caught.value.sentence(
        "zh"
    )
    assert "Roof waterproofing" in caught.value.sentence("en")
    assert project.estates.get(estate.uuid).stage == Stage.ACCEPTANCE


def test_open_defect_alone_blocks_accepted_stage_until_verified(project, estate) -> None:
    project.estates.update(estate.uuid, stage=Stage.ACCEPTANCE)
    acceptance = _checklist(project, estate, "acceptance_inspection")
    project.checklists.answer(acceptance.uuid, "acc.roof", "completion", "rectify")
    (defect,) = project.checklists.defects.of_estate(estate.uuid)
    project.checklists.defects.update(defect.uuid, responsible="施工单位")
    project.checklists.answer(acceptance.uuid, "acc.roof", "completion", "pass")  # re-inspected
    with pytest.raises(RetrofitError, match="stage_blocked"):
        _accept(project, estate)
    project.checklists.defects.set_status(defect.uuid, "rectified")
    with pytest.raises(RetrofitError, match="stage_blocked"):
        _accept(project, estate)
    project.checklists.defects.set_status(defect.uuid, "verified")
    _accept(project, estate)
    assert project.estates.get(estate.uuid).stage == Stage.ACCEPTED


def test_failures_outside_the_acceptance_list_do_not_block(project, estate) -> None:
    """A failed survey finding with its defect verified does not hold acceptance back."""
    elevator = _checklist(project, estate, "elevator_feasibility", "3幢 1单元")
    project.checklists.answer(elevator.uuid, "elev.storeys", "survey", 3)
    (defect,) = project.checklists.defects.of_estate(estate.uuid)
    project.checklists.defects.set_status(defect.uuid, "rectified")
    project.checklists.defects.set_status(defect.uuid, "verified")
    _accept(project, estate)
    assert project.estates.get(estate.uuid).stage == Stage.ACCEPTED


def test_hidden_failed_acceptance_item_does_not_block(project, estate) -> None:
    acceptance = _checklist(project, estate, "acceptance_inspection")
    project.checklists.answer(acceptance.uuid, "acc.has_elevator", "completion", "yes")
    project.checklists.answer(acceptance.uuid, "acc.elevator_inspection", "completion", "fail")
    with pytest.raises(RetrofitError, match="stage_blocked"):
        _accept(project, estate)
    # No elevator after all: its inspection row is hidden and its untouched defect withdrawn.
    project.checklists.answer(acceptance.uuid, "acc.has_elevator", "completion", "no")
    assert project.checklists.defects.of_estate(estate.uuid) == []
    _accept(project, estate)


def test_two_field_copies_agree_on_checklist_and_answer_identity(project, tmp_path) -> None:
    """Copies handed out before the survey make the same records, so a merge meets one, not two."""
    import shutil

    from retrofit_app.core.project import Project

    estate = project.estates.create("南湖新村", "建邺区")
    building = project.buildings.create(estate.uuid, "1幢", storeys=6)
    project.buildings.add_unit(building.uuid, "1单元")
    project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the copy must hold every row
    copies = []
    for name in ("张三.gpkg", "李四.gpkg"):
        shutil.copyfile(project.path, tmp_path / name)
        with Project(tmp_path / name, user=name[:2]) as copy:
            copy.checklists.create_for_estate(estate.uuid)
            (unit_list,) = [
                c for c in copy.checklists.of_estate(estate.uuid) if c.target_kind == "unit"
            ]
            answer = copy.checklists.answer(unit_list.uuid, "elev.title_clear", "survey", "yes")
            copies.append(
                (sorted(c.uuid for c in copy.checklists.of_estate(estate.uuid)), answer.uuid)
            )
    assert copies[0] == copies[1]


def test_an_automatic_defect_reads_in_english_for_an_english_reader(project, estate) -> None:
    checklist = _checklist(project, estate, "elevator_feasibility", "3幢 1单元")
    project.checklists.answer(checklist.uuid, "elev.safety_grade", "survey", "D")
    project.checklists.answer(checklist.uuid, "elev.storeys", "survey", 3)
    english = {d.item_id: d.description for d in project.checklists.defects.of_estate(estate.uuid, lang="en")}
    grade = checklist.template.item("elev.safety_grade")
    assert english["elev.safety_grade"] == f"3幢 1单元 · {grade.en}: {grade.option_label('D', 'en')}"
    storeys = checklist.template.item("elev.storeys")
    assert english["elev.storeys"] == f"3幢 1单元 · {storeys.en}: 3 {storeys.unit[1]}"
    chinese = {d.item_id: d.description for d in project.checklists.defects.of_estate(estate.uuid)}
    assert "D级" in chinese["elev.safety_grade"]


def test_a_defect_a_person_reworded_stays_in_their_words(project, estate) -> None:
    checklist = _checklist(project, estate, "elevator_feasibility", "3幢 1单元")
    project.checklists.answer(checklist.uuid, "elev.safety_grade", "survey", "D")
    (defect,) = project.checklists.defects.of_estate(estate.uuid)
    project.checklists.defects.update(defect.uuid, description="结构鉴定为D级，需加固")
    (shown,) = project.checklists.defects.of_estate(estate.uuid, lang="en")
    assert shown.description == "结构鉴定为D级，需加固"
