"""The Programme tab: an officer types an estate's plan, money, elevator shares and management;
each edit is saved at once (audited), refused edits say why in Chinese, and Ctrl+Z takes one back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from retrofit_app.core.project import Project
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.tabs.programme_tab import ProgrammeTab


def click(qtbot, button) -> None:  # noqa: ANN001
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, edit, text: str) -> None:  # noqa: ANN001
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:  # QTest types ASCII keys only: Chinese comes as an input method would give it
        edit.insert(text)


def set_cell(panel, row: int, column: str, text: str) -> None:  # noqa: ANN001
    panel.table.item(row, panel.columns.index(column)).setText(text)


def opened(qtbot, context: AppContext, tmp_path: Path) -> tuple[ProgrammeTab, Project, str]:  # noqa: ANN001
    project = Project.create(tmp_path / "计划.gpkg", user="李会计")
    estate = project.estates.create("童家巷小区", "玄武区")
    project.buildings.create(estate.uuid, "3幢")
    context.set_project(project)
    tab = ProgrammeTab(context)
    qtbot.addWidget(tab)
    context.select("estate", estate.uuid)
    return tab, project, estate.uuid


def test_the_plan_typed_in_wan_yuan_is_kept_in_fen_and_undone_in_one_step(qtbot, context, tmp_path):  # noqa: ANN001
    tab, project, estate = opened(qtbot, context, tmp_path)
    assert tab.body.isVisibleTo(tab) and not tab.empty_hint.isVisibleTo(tab)
    type_into(qtbot, tab.plan.edits["batch"], "2023年第一批")
    type_into(qtbot, tab.plan.edits["budget_fen"], "386.5")
    type_into(qtbot, tab.plan.edits["started_on"], "2023-04-10")
    click(qtbot, tab.plan.save_button)
    assert tab.plan.message.text() == "已保存"
    plan = project.programme.one("estate_plans", estate)
    assert (plan["batch"], plan["budget_fen"], plan["started_on"]) == (
        "2023年第一批",
        386_500_000,
        "2023-04-10",
    )
    type_into(qtbot, tab.plan.edits["completed_on"], "2023-04-01")
    click(qtbot, tab.plan.save_button)
    assert "不能早于" in tab.plan.message.text()
    assert project.programme.one("estate_plans", estate)["completed_on"] == ""
    context.undo_stack.undo()
    assert project.programme.one("estate_plans", estate)["budget_fen"] is None
    assert tab.plan.edits["budget_fen"].text() == ""


def test_a_fund_and_an_elevators_floor_shares_are_edited_in_their_tables(qtbot, context, tmp_path):  # noqa: ANN001
    tab, project, estate = opened(qtbot, context, tmp_path)
    funds = tab.tables["funds"]
    click(qtbot, funds.add_button)
    source = funds.columns.index("source")
    funds.table.editItem(funds.table.item(0, source))
    chooser = funds.table.findChild(QComboBox)
    assert chooser is not None and chooser.findText("住房公积金") >= 0 and chooser.findText("") < 0
    funds.table.closePersistentEditor(funds.table.item(0, source))
    set_cell(funds, 0, "source", "区级补助")
    set_cell(funds, 0, "amount_fen", "120.35")
    fund = project.programme.rows("estate_funds", estate)[0]
    assert (fund["source"], fund["amount_fen"]) == ("district", 120_350_000)
    set_cell(funds, 0, "amount_fen", "-5")
    assert "不能为负数" in funds.message.text()
    assert funds.table.item(0, funds.columns.index("amount_fen")).text() == "120.35"
    lifts, shares = tab.tables["elevators"], tab.tables["shares"]
    click(qtbot, lifts.add_button)
    lifts.table.setCurrentCell(0, 0)
    assert shares.add_button.isEnabled()
    click(qtbot, shares.add_button)
    click(qtbot, shares.add_button)
    set_cell(shares, 1, "share_fen", "3500")
    lift = project.programme.rows("elevators", estate)[0]
    assert [(s["floor"], s["share_fen"]) for s in project.programme.shares(lift["uuid"])] == [
        (2, 0),
        (3, 350_000),
    ]
    set_cell(shares, 1, "floor", "2")
    assert "第 2 层已有分摊金额" in shares.message.text()
    lifts.table.setCurrentCell(0, 0)
    click(qtbot, lifts.remove_button)
    assert project.programme.rows("elevators", estate) == []
    context.undo_stack.undo()  # the elevator comes back with its shares
    assert [s["share_fen"] for s in project.programme.shares(lift["uuid"])] == [0, 350_000]


def test_management_and_meetings_are_saved_with_their_words(qtbot, context, tmp_path):  # noqa: ANN001
    tab, project, estate = opened(qtbot, context, tmp_path)
    mode = tab.management.edits["property_mode"]  # chosen from its words, never mistyped
    assert [mode.itemText(i) for i in range(mode.count())] == [
        "", "专业物业", "居民自治", "托管", "街道兜底"]  # fmt: skip
    mode.setCurrentText("专业物业")
    type_into(qtbot, tab.management.edits["committee_members"], "7")
    click(qtbot, tab.management.save_button)
    kept = project.programme.one("estate_management", estate)
    assert (kept["property_mode"], kept["committee_members"]) == ("professional", 7)
    meetings = tab.tables["meetings"]
    click(qtbot, meetings.add_button)
    set_cell(meetings, 0, "subject", "停车位划线")
    assert project.programme.rows("governance_meetings", estate)[0]["subject"] == "停车位划线"
    audited = project.db.execute(
        "SELECT count(*) FROM audit_log WHERE table_name = 'governance_meetings' AND user_name = '李会计'"
    ).fetchone()[0]
    assert audited == 2


def test_an_elevator_shows_its_building_and_stairwell_and_moves_to_one_typed(qtbot, context, tmp_path):  # noqa: ANN001
    tab, project, estate = opened(qtbot, context, tmp_path)
    third = project.buildings.of_estate(estate)[0]
    project.buildings.add_unit(third.uuid, "1单元")
    fifth = project.buildings.create(estate, "5幢")
    project.buildings.add_unit(fifth.uuid, "2单元")
    project.programme.add("elevators", estate, building_uuid=third.uuid,
                          unit_uuid=project.buildings.units(third.uuid)[0].uuid)  # fmt: skip
    tab.refresh()
    lifts = tab.tables["elevators"]
    assert lifts.columns[:2] == ["building", "stairwell"]
    assert [lifts.table.horizontalHeaderItem(c).text() for c in (0, 1)] == ["楼栋", "单元"]
    assert [lifts.table.item(0, c).text() for c in (0, 1)] == ["3幢", "1单元"]
    set_cell(lifts, 0, "building", "5幢")  # 1单元 is not in 5幢: refused, nothing moves
    assert "1单元" in lifts.message.text()
    assert project.programme.rows("elevators", estate)[0]["building_uuid"] == third.uuid
    set_cell(lifts, 0, "stairwell", "")
    set_cell(lifts, 0, "building", "5幢")
    set_cell(lifts, 0, "stairwell", "2单元")
    lift = project.programme.rows("elevators", estate)[0]
    assert (lift["building_uuid"], lift["unit_uuid"]) == (
        fifth.uuid, project.buildings.units(fifth.uuid)[0].uuid)  # fmt: skip
    assert [lifts.table.item(0, c).text() for c in (0, 1)] == ["5幢", "2单元"]
    context.undo_stack.undo()
    assert project.programme.rows("elevators", estate)[0]["building_uuid"] == fifth.uuid
    assert project.programme.rows("elevators", estate)[0]["unit_uuid"] is None
