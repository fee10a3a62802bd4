"""The Checklists tab: a whole checklist answered with the keyboard alone, filters, conditions, guard."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from retrofit_app.core.checklists.progress import visible_slots
from retrofit_app.core.checklists.template_model import AnswerType
from retrofit_app.core.project import Project
from retrofit_app.gui.tabs.checklist_tree import COL_ANSWER, SLOT_ROLE
from retrofit_app.gui.tabs.checklists_tab import ChecklistsTab


@pytest.fixture
def unit_tab(qtbot, context, boxes, project_path: Path):  # noqa: ANN001
    project = Project.create(project_path, user="测试员")
    estate = project.estates.create("锁金新村", "玄武区")
    building = project.buildings.create(estate.uuid, "3幢", storeys=6)
    unit = project.buildings.add_unit(building.uuid, "1单元")
    project.checklists.create_for_estate(estate.uuid)
    context.set_project(project)
    tab = ChecklistsTab(context)
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    tab.show()
    qtbot.waitExposed(tab)
    context.select("unit", unit.uuid)
    return tab


def _current_slot(tab: ChecklistsTab):
    row = tab.tree.currentItem()
    item_id, stage = row.data(0, SLOT_ROLE)
    return tab.checklist.template.item(item_id), stage


def _type_into_editor(qtbot, tab: ChecklistsTab, text: str) -> None:  # noqa: ANN001
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), "Enter or a digit opens a line editor"
    editor.selectAll()
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:
        # Chinese arrives from the input method as one committed string, not as key presses.
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(editor, event)
    _commit(qtbot, editor)


def _commit(qtbot, editor) -> None:  # noqa: ANN001
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # Qt's delegate commits an editor on a queued call


def _answer_by_keyboard(qtbot, tab: ChecklistsTab) -> None:  # noqa: ANN001
    """One row, keys only: Y for yes/no rows, 1 for choices, digits or Enter + text otherwise."""
    item, _stage = _current_slot(tab)
    tree = tab.tree
    if item.answer_type is AnswerType.YES_NO_NA:
        qtbot.keyClick(tree, Qt.Key.Key_Y)
    elif item.answer_type is AnswerType.CHOICE:
        qtbot.keyClick(tree, Qt.Key.Key_1)
    elif item.answer_type is AnswerType.NUMBER:
        top = item.maximum if item.maximum is not None else float("inf")
        number = str(int(min((item.minimum or 0) + 10, top)))  # within the item's range
        qtbot.keyClicks(tree, number[0])
        editor = QApplication.focusWidget()
        qtbot.keyClicks(editor, number[1:])
        _commit(qtbot, editor)
    elif item.answer_type is AnswerType.DATE:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
        _type_into_editor(qtbot, tab, "20261130")
    else:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
        _type_into_editor(qtbot, tab, "底坑做防水，设挡水坎")


def test_whole_checklist_answered_by_keyboard_lands_in_the_file(
    qtbot, unit_tab, boxes, project_path
) -> None:  # noqa: ANN001
    tab = unit_tab
    assert tab.checklist.template.template_id == "elevator_feasibility"
    tab.tree.setFocus()
    first_rows = len(tab.tree.visible_slot_rows())
    for _ in range(200):
        slots = visible_slots(tab.checklist.template, tab.checklist.values())
        if slots <= set(tab.checklist.answers):
            break
        _answer_by_keyboard(qtbot, tab)
    else:
        pytest.fail("the keyboard did not reach every row")
    assert boxes.shown == []
    # Answering Y to "septic tank" and the like made their follow-up rows appear.
    assert len(tab.tree.visible_slot_rows()) > first_rows
    assert tab.progress.value() == tab.progress.maximum() == tab.checklist.progress.required
    answered = set(tab.checklist.answers)

    with sqlite3.connect(project_path) as conn:
        stored = conn.execute(
            "SELECT item_id, stage, value, answered_by FROM checklist_answers"
        ).fetchall()
        audited = conn.execute(
            "SELECT count(*) FROM audit_log WHERE table_name = 'checklist_answers' AND action = 'insert'"
            " AND user_name = '测试员'"
        ).fetchone()[0]
    assert {(i, s) for i, s, _v, _u in stored} == answered
    assert {u for *_, u in stored} == {"测试员"}
    assert audited == len(answered)
    values = {(i, s): v for i, s, v, _u in stored}
    assert values[("elev.title_clear", "survey")] == '"yes"'
    assert values[("elev.households", "survey")] == "11"
    assert (
        values[("elev.flood_measures", "design")] == '"底坑做防水，设挡水坎"'
    )  # shown by flood_prone = yes
    assert values[("elev.registration_date", "completion")] == '"2026-11-30"'


def test_delete_clears_and_undo_brings_the_answer_back(qtbot, unit_tab) -> None:  # noqa: ANN001
    tab = unit_tab
    tab.tree.setFocus()
    qtbot.keyClick(tab.tree, Qt.Key.Key_Down)  # storeys → year built
    qtbot.keyClick(tab.tree, Qt.Key.Key_Down)  # → structure (a choice)
    item, stage = _current_slot(tab)
    assert item.id == "elev.structure"
    qtbot.keyClick(tab.tree, Qt.Key.Key_2)
    assert tab.checklist.answers[(item.id, stage)].value == "brick_timber"
    tab.tree.setCurrentItem(tab.tree.visible_slot_rows()[2], COL_ANSWER)
    qtbot.keyClick(tab.tree, Qt.Key.Key_Delete)
    assert (item.id, stage) not in tab.checklist.answers
    tab.context.undo_stack.undo()
    assert tab.checklist.answers[(item.id, stage)].value == "brick_timber"


def test_no_answer_opens_a_defect_and_the_filters_find_it(qtbot, unit_tab) -> None:  # noqa: ANN001
    tab = unit_tab
    rows = {r.data(0, SLOT_ROLE)[0]: r for r in tab.tree.visible_slot_rows()}
    tab.tree.setCurrentItem(rows["elev.title_clear"], COL_ANSWER)
    tab.tree.setFocus()
    qtbot.keyClick(tab.tree, Qt.Key.Key_N)
    assert "不合格 1 项" in tab.summary.text() and "未关闭整改 1 个" in tab.summary.text()
    assert tab.defects.list.topLevelItemCount() == 1
    assert "3幢 1单元" in tab.defects.list.topLevelItem(0).text(0)
    for name, expected in (("failed", ["elev.title_clear"]), ("defects", ["elev.title_clear"])):
        tab.filter_combo.setCurrentIndex(tab.filter_combo.findData(name))
        assert [r.data(0, SLOT_ROLE)[0] for r in tab.tree.visible_slot_rows()] == expected
    tab.filter_combo.setCurrentIndex(tab.filter_combo.findData("unanswered"))
    assert "elev.title_clear" not in [r.data(0, SLOT_ROLE)[0] for r in tab.tree.visible_slot_rows()]


def test_estate_selection_lists_every_checklist_and_building_its_units(qtbot, unit_tab) -> None:  # noqa: ANN001
    tab = unit_tab
    estate_uuid = tab.context.selected_estate_uuid()
    tab.context.select("estate", estate_uuid)
    assert tab.checklist_combo.count() == 4
    building = tab.context.project.buildings.of_estate(estate_uuid)[0]
    estate_defect = tab.context.project.checklists.defects.add(estate_uuid, "小区南门道闸损坏")
    tab.context.select("building", building.uuid)
    assert tab.checklist_combo.count() == 1 and "3幢 1单元" in tab.checklist_combo.itemText(0)
    assert tab.defects.list.topLevelItemCount() == 0  # the estate-wide defect is not the building's
    tab.context.select("estate", estate_uuid)
    assert tab.defects.selected_uuid() in (None, estate_defect.uuid)
    assert tab.defects.list.topLevelItemCount() == 1


def test_template_manager_refuses_a_bad_file_with_its_name(
    qtbot, unit_tab, boxes, tmp_path
) -> None:  # noqa: ANN001
    from retrofit_app.gui.dialogs.template_manager_dialog import TemplateManagerDialog

    dialog = TemplateManagerDialog(unit_tab.context.project.checklists)
    qtbot.addWidget(dialog)
    assert dialog.list.topLevelItemCount() == 4
    bad = tmp_path / "鼓楼区模板.json"
    bad.write_text('{"template_id": ', encoding="utf-8")
    assert not dialog.import_file(bad)
    assert "鼓楼区模板.json" in boxes.texts("warning")[0]
    assert dialog.list.topLevelItemCount() == 4
    exported = tmp_path / "out.json"
    assert dialog.export_selected(exported) and exported.stat().st_size > 1000


def test_a_defect_added_by_hand_is_tied_to_the_current_item(qtbot, unit_tab, monkeypatch) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QInputDialog

    tab = unit_tab
    rows = {r.data(0, SLOT_ROLE)[0]: r for r in tab.tree.visible_slot_rows()}
    tab.tree.setCurrentItem(rows["elev.overhead_lines"], COL_ANSWER)
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: ("电信线缆低垂", True))
    )
    qtbot.mouseClick(tab.defects.add_button, Qt.MouseButton.LeftButton)
    (defect,) = tab.context.project.checklists.defects.of_estate(tab.checklist.estate_uuid)
    assert (defect.description, defect.item_id, defect.source) == (
        "电信线缆低垂",
        "elev.overhead_lines",
        "manual",
    )
    assert tab.defects.list.topLevelItemCount() == 1
    tab.defects.list.topLevelItem(0).setText(1, "电信公司")  # as the cell editor commits it
    tab.defects.list.topLevelItem(0).setText(2, "2026-12-20")
    stored = tab.context.project.checklists.defects.get(defect.uuid)
    assert (stored.responsible, stored.deadline) == ("电信公司", "2026-12-20")
    # Marked rectified from the panel, then verified.
    tab.defects.list.setCurrentItem(tab.defects.list.topLevelItem(0))
    qtbot.mouseClick(tab.defects.rectified_button, Qt.MouseButton.LeftButton)
    tab.defects.list.setCurrentItem(tab.defects.list.topLevelItem(0))
    qtbot.mouseClick(tab.defects.verified_button, Qt.MouseButton.LeftButton)
    assert tab.context.project.checklists.defects.get(defect.uuid).status == "verified"


def test_a_year_built_shows_as_a_year_not_a_quantity(qtbot, unit_tab) -> None:  # noqa: ANN001
    tab = unit_tab
    tab.tree.setFocus()
    qtbot.keyClick(tab.tree, Qt.Key.Key_Down)  # storeys → year built
    assert _current_slot(tab)[0].id == "elev.year_built"
    qtbot.keyClicks(tab.tree, "1")
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "988")
    _commit(qtbot, editor)
    (row,) = [r for r in tab.tree.visible_slot_rows() if r.data(0, SLOT_ROLE)[0] == "elev.year_built"]
    assert row.text(COL_ANSWER) == "1988 年"
