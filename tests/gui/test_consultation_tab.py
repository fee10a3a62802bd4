"""The Consultation tab: record a vote through the dialog, edit inline, watch the tally, import a roster."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from retrofit_app.core.project import Project
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.models.household_vote_model import VOTE_COLUMN
from retrofit_app.gui.tabs.consultation_tab import ConsultationTab


@pytest.fixture
def tab(qtbot, context: AppContext, demo_path: Path) -> ConsultationTab:  # noqa: ANN001
    project = Project(demo_path, user="测试员")
    context.set_project(project)
    estate = project.estates.resolve("颐和新村")
    # The demo's 2幢1单元 is still collecting votes: some owners have not been asked.
    unit = next(
        c
        for c in project.consultations.of_estate(estate.uuid)
        if (c.building_name, c.unit_name) == ("2幢", "1单元")
    )
    made = ConsultationTab(context)
    qtbot.addWidget(made)
    made.resize(1300, 700)
    made.show()
    context.select("unit", unit.scope_uuid)
    return made


def first_row(tab: ConsultationTab, choice: str | None) -> int:
    return next(
        i for i, h in enumerate(tab.model.rows()) if (h.vote.choice if h.vote else None) == choice
    )


def test_model_passes_the_model_tester(tab, qtmodeltester):  # noqa: ANN001
    qtmodeltester.check(tab.model)


def test_recording_a_vote_through_the_dialog_lands_in_the_file_with_its_audit_entry(
    qtbot, tab, demo_path
):  # noqa: ANN001
    row = first_row(tab, None)
    household = tab.model.row_at(row)
    before = tab.tally_panel.scopes[0].result.owners_voted
    tab.table.setCurrentIndex(tab.model.index(row, 0))
    dialog = tab.open_vote_dialog()
    # Nobody asked this household yet: nothing is pre-chosen and Save waits for a choice.
    assert dialog.vote_combo.currentData() is None and not dialog.save_button.isEnabled()
    dialog.vote_combo.setCurrentIndex(dialog.vote_combo.findData("object"))
    assert dialog.save_button.isEnabled()
    dialog.reason_edit.setText("影响采光")  # QTest.keyClicks only types ASCII
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData("phone"))
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert tab.tally_panel.scopes[0].result.owners_voted == before + 1
    assert "反对" in tab.model.data(tab.model.index(row, VOTE_COLUMN))
    assert tab.history_list.count() == 1 and "测试员" in tab.history_list.item(0).text()
    with Project(demo_path, readonly=True) as other:
        vote = other.consultations.vote_of(household.household_uuid)
        assert (vote.choice, vote.method, vote.reason) == ("object", "phone", "影响采光")
        history = other.consultations.vote_history(household.household_uuid)
        assert [(e.action, e.user, e.new["choice"]) for e in history] == [
            ("insert", "测试员", "object")
        ]


def test_inline_vote_editing_updates_the_tally(tab):  # noqa: ANN001
    row = first_row(tab, None)
    agree_before = tab.tally_panel.scopes[0].result.owners_agree
    assert tab.model.flags(tab.model.index(row, VOTE_COLUMN)) & Qt.ItemFlag.ItemIsEditable
    assert tab.model.setData(tab.model.index(row, VOTE_COLUMN), "agree")
    assert tab.tally_panel.scopes[0].result.owners_agree == agree_before + 1
    assert "同意" in tab.tally_panel.details.text()


def test_phone_and_id_numbers_are_masked_in_the_table(tab):  # noqa: ANN001
    texts = [
        tab.model.data(tab.model.index(r, c)) for r in range(tab.model.rowCount()) for c in (12, 13)
    ]
    assert any("****" in t for t in texts)
    assert not any(t and t.replace("、", "").isdigit() and len(t) >= 11 for t in texts)


def test_importing_a_roster_from_the_tab_adds_households(qtbot, tab, context, tmp_path, boxes):  # noqa: ANN001
    roster = tmp_path / "名册.csv"
    roster.write_bytes(
        "楼栋,单元,房号,面积,产权人,意见\n9,1,101,60,王伟,同意\n9,1,102,70,李娜,\n".encode("gbk")
    )
    context.select("estate", context.selected_estate_uuid())
    tab.import_roster_file(roster)
    assert context.jobs.wait_for_all(10_000)
    assert {("9幢", "101"), ("9幢", "102")} <= {(h.building, h.room) for h in tab.model.rows()}
    assert not boxes.shown


def test_a_roster_with_rejected_rows_imports_nothing_when_the_user_says_no(
    qtbot, tab, context, tmp_path, boxes
):  # noqa: ANN001
    roster = tmp_path / "名册.csv"
    roster.write_bytes(
        "楼栋,单元,房号,面积,产权人,意见\n9,1,101,60,王伟,同意\n9,1,102,70,李娜,支持\n".encode("gbk")
    )
    context.select("estate", context.selected_estate_uuid())
    tab.import_roster_file(roster)
    assert context.jobs.wait_for_all(10_000)
    assert boxes.texts("question") and "第 3 行" in boxes.texts("question")[0]
    assert "9幢" not in {h.building for h in tab.model.rows()}


def test_a_roster_row_without_area_or_owner_is_imported_and_the_user_told_what_to_settle(
    qtbot, tab, context, tmp_path, boxes
):  # noqa: ANN001
    roster = tmp_path / "名册.csv"
    roster.write_bytes(
        "楼栋,单元,房号,面积,产权人,租户,意见\n9,1,101,0,王伟,,同意\n9,1,102,70,,陈租,同意\n"
        "9栋,一单元,201,70,李娜,,同意\n".encode("gbk")
    )
    context.select("estate", context.selected_estate_uuid())
    tab.import_roster_file(roster)
    assert context.jobs.wait_for_all(10_000)
    assert {("9幢", "101"), ("9幢", "102"), ("9幢", "201")} <= {
        (h.building, h.room) for h in tab.model.rows()
    }
    (told,) = boxes.texts("information")
    assert "第 2 行（9幢1单元101）已保留为待核实户" in told and "第 3 行（9幢1单元102）" in told
    assert "“9栋”与“9幢”是同一楼栋" in told and not boxes.texts("question")


def test_undo_puts_the_previous_vote_back_and_redo_records_it_again(tab, context):  # noqa: ANN001
    row = first_row(tab, "agree")
    household = tab.model.row_at(row)
    agree_before = tab.tally_panel.scopes[0].result.owners_agree
    assert tab.model.setData(tab.model.index(row, VOTE_COLUMN), "object")
    assert tab.tally_panel.scopes[0].result.owners_agree == agree_before - 1
    context.undo_stack.undo()
    service = context.project.consultations
    assert service.vote_of(household.household_uuid).choice == "agree"
    assert tab.tally_panel.scopes[0].result.owners_agree == agree_before
    context.undo_stack.redo()
    assert service.vote_of(household.household_uuid).choice == "object"


def test_undoing_a_first_vote_removes_it(tab, context):  # noqa: ANN001
    row = first_row(tab, None)
    household = tab.model.row_at(row)
    assert tab.model.setData(tab.model.index(row, VOTE_COLUMN), "abstain")
    context.undo_stack.undo()
    assert context.project.consultations.vote_of(household.household_uuid) is None
    assert tab.model.data(tab.model.index(row, VOTE_COLUMN)) == "未征询"
    actions = [
        e.action for e in context.project.consultations.vote_history(household.household_uuid)
    ]
    assert actions == ["insert", "delete"]  # the audit log keeps the removed vote


def test_a_scope_moves_through_notice_to_no_objection_in_the_tab(tab, context, boxes):  # noqa: ANN001
    tab.tally_panel.table.setCurrentCell(0, 0)
    tab.start_notice(10)
    assert tab.tally_panel.table.item(0, 4).text() == "公示中"
    # On the day it is posted the notice has not run: the tab says why and nothing changes.
    tab.conclude("no_objection")
    assert tab.tally_panel.table.item(0, 4).text() == "公示中"
    assert any("不能记录“公示无异议”" in text for text in boxes.texts("warning"))
    # A notice posted on 26 Sep 2025 ran to 9 Oct (the National Day days off move its end).
    uuid = tab.tally_panel.scopes[0].consultation.uuid
    context.project.consultations.start_notice(uuid, "2025-09-26", 10)
    tab.conclude("no_objection")
    assert tab.tally_panel.table.item(0, 4).text() == "公示无异议"
    consultation = tab.tally_panel.scopes[0].consultation
    assert consultation.status == "no_objection" and consultation.reviewed_by


def test_the_household_model_pages_rows_in_as_the_view_asks(qtmodeltester):  # noqa: ANN001
    from retrofit_app.core.consultation.service import HouseholdVote
    from retrofit_app.gui.models.household_vote_model import PAGE, HouseholdVoteModel

    rows = [
        HouseholdVote(
            f"h{i}",
            "1幢",
            "1单元",
            "u",
            "b",
            str(100 + i),
            1,
            60.0,
            "individual",
            False,
            "",
            (),
            None,
        )
        for i in range(2 * PAGE + 7)
    ]
    model = HouseholdVoteModel(lambda _row, _choice: None)
    model.set_rows(rows)
    assert model.rowCount() == PAGE and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * PAGE + 7 and not model.canFetchMore()
    qtmodeltester.check(model)


def test_a_photo_of_the_signed_form_can_be_attached_as_proof(qtbot, tab, context, tmp_path):  # noqa: ANN001
    from PIL import Image

    from retrofit_app.core.photos.model import Placement
    from retrofit_app.core.photos.service import PhotoService

    row = first_row(tab, None)
    household = tab.model.row_at(row)
    form = tmp_path / "签字表.jpg"
    Image.new("RGB", (64, 48), "white").save(form)
    placement = Placement(estate_uuid=tab.estate_uuid, building_uuid=household.building_uuid,
                          household_uuid=household.household_uuid, caption="签字表 " + household.room)  # fmt: skip
    PhotoService(context.project).import_files(placement, [form])
    tab.table.setCurrentIndex(tab.model.index(row, 0))
    dialog = tab.open_vote_dialog()
    assert (
        dialog.proof_combo.itemText(1) == "签字表 " + household.room
    )  # the household's own photo first
    dialog.proof_combo.setCurrentIndex(1)
    dialog.vote_combo.setCurrentIndex(dialog.vote_combo.findData("agree"))
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert context.project.consultations.vote_of(
        household.household_uuid
    ).proof_photo_uuid == dialog.proof_combo.itemData(1)


def test_the_tab_shows_what_residents_ask_for_most(tab, context):  # noqa: ANN001
    opinions = context.project.consultations.opinions
    for _ in range(9):
        opinions.add(tab.estate_uuid, "suggestion", "希望增加充电桩", category="ebike_charging")
    context.notify_changed("households")
    assert tab.opinions_label.text().startswith("居民意见建议：电动车充电 ")


def test_a_written_objection_during_the_notice_is_recorded_through_the_dialog(qtbot, tab, context):  # noqa: ANN001
    tab.tally_panel.table.setCurrentCell(0, 0)
    tab.start_notice(10)
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    dialog = tab.open_opinion_dialog()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("notice_objection"))
    assert dialog.consultation_combo.isEnabled() and not dialog.rating_combo.isEnabled()
    assert dialog.household_combo.currentData() == tab.model.row_at(0).household_uuid
    dialog.text_edit.setText("井道挡住二楼采光")  # QTest.keyClicks only types ASCII
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    inside, outside = context.project.consultations.opinions.notice_objections(
        dialog.saved.consultation_uuid
    )
    assert [o.text for o in inside] == ["井道挡住二楼采光"] and outside == []
    texts = [tab.objections_list.item(i).text() for i in range(tab.objections_list.count())]
    assert any("井道挡住二楼采光" in t for t in texts)


def test_verifying_a_vote_can_be_undone_and_redone(qtbot, tab, context):  # noqa: ANN001
    row = next(i for i, h in enumerate(tab.model.rows()) if h.vote and not h.vote.review_state)
    household = tab.model.row_at(row)
    tab.table.setCurrentIndex(tab.model.index(row, 0))
    qtbot.mouseClick(tab.verify_button, Qt.MouseButton.LeftButton)
    service = context.project.consultations
    assert service.vote_of(household.household_uuid).review_state == "verified"
    context.undo_stack.undo()
    assert service.vote_of(household.household_uuid).review_state == ""
    context.undo_stack.redo()
    assert service.vote_of(household.household_uuid).review_state == "verified"


def test_a_scope_that_cannot_be_concluded_reads_to_settle_first_not_passed(qtbot):  # noqa: ANN001
    from fractions import Fraction

    from retrofit_app.core.consultation.rules import rule_set
    from retrofit_app.core.consultation.service import ScopeTally
    from retrofit_app.core.consultation.tally import Flat, tally
    from retrofit_app.gui.tabs.consultation_panels import TallyPanel

    flats = [Flat(str(n), f"10{n}", Fraction(60), (f"name:业主{n}",), choice="agree") for n in range(1, 6)]
    flats.append(Flat("6", "106", Fraction(60), (), choice="agree", problems=("tenant_only",)))
    panel = TallyPanel("zh")
    qtbot.addWidget(panel)
    panel.set_scopes([ScopeTally("unit", "u", "1幢", "1单元", None, tally(flats, rule_set(None)))])
    assert panel.table.item(0, 3).text() == "待核实"
    text = panel.details.text()
    assert "待核实" in text and "106 只登记了承租人" in text and "通过" not in text.replace("待核实", "")


PADDING = 6  # the style's text margins inside a cell, both sides together
ROOM_COLUMN = 2


def test_columns_widen_when_a_longer_word_comes_into_them(qtbot, tab, context):  # noqa: ANN001
    """The columns are measured once for each set of rows (issue 21), not at every layout
    pass, but again when the rows change: a flat's longer room number is shown in full."""
    table = tab.table

    def shown_in_full(text: str) -> bool:
        return table.fontMetrics().horizontalAdvance(text) + PADDING <= table.columnWidth(
            ROOM_COLUMN
        )

    # As long as the column may grow (a longer one shows "…" and the tooltip has it all).
    room = "101"
    while table.fontMetrics().horizontalAdvance(room + "东") + PADDING <= (
        table.horizontalHeader().maximumSectionSize()
    ):
        room += "东"
    assert not shown_in_full(room)
    household = tab.model.row_at(first_row(tab, None))
    context.project.households.update(household.household_uuid, room=room)
    context.notify_changed("households")
    qtbot.waitUntil(lambda: shown_in_full(room), timeout=2000)
    assert room in {tab.model.data(tab.model.index(r, ROOM_COLUMN))
                    for r in range(tab.model.rowCount())}  # fmt: skip


def test_an_estate_chosen_behind_another_tab_is_shown_when_the_tab_comes_to_the_front(
    qtbot, window, context  # noqa: ANN001
):
    """The Consultation, Checklists and Reports tabs read another estate only when they are in
    front (issue 21: every tab read it at each selection), and then show that estate."""
    estates = context.project.estates.list()
    first, second = estates[0], estates[1]
    context.select("estate", first.uuid)
    consultation = window.show_tab("consultation")
    checklists = window.show_tab("checklists")
    reports = window.show_tab("reports")
    window.show_tab("overview")
    context.select("estate", second.uuid)
    assert consultation.scope_label.text().startswith(first.name)  # not read while behind
    assert window.show_tab("consultation") is consultation
    assert consultation.scope_label.text().startswith(f"{second.name}：")
    households = context.project.consultations.households_with_votes(second.uuid)
    assert consultation.model.total() == len(households)
    window.show_tab("checklists")
    wanted = [c.uuid for c in context.project.checklists.of_estate(second.uuid)]
    assert wanted and [c.uuid for c in checklists.checklists] == wanted
    window.show_tab("reports")
    assert reports.estate_combo.currentData() == second.uuid
