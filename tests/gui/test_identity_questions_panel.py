"""The Consultation tab's identity questions: 同一人 recorded as one undo step, the tally follows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.tabs.consultation_tab import ConsultationTab

ID_A = "320105198602091207"


@pytest.fixture
def tab(qtbot, context: AppContext, project_path: Path) -> ConsultationTab:  # noqa: ANN001
    project = Project.create(project_path, user="周主任")
    estate = project.estates.create("锁金新村", "玄武区", code="XW-8001")
    building = project.buildings.create(estate.uuid, "3幢")
    unit = project.buildings.add_unit(building.uuid, "1单元")
    consultation = project.consultations.for_scope("unit", unit.uuid)
    for room, name, id_number, choice in (("101", "张三", "", "agree"), ("102", "张三", ID_A, "agree"),
                                          ("201", "李四", "", "object")):  # fmt: skip
        household = project.households.create(
            unit.uuid, room, area=60, owners=[Owner("", name, id_number)]
        )
        project.consultations.record_vote(consultation.uuid, household.uuid, choice)
    context.set_project(project)
    made = ConsultationTab(context)
    qtbot.addWidget(made)
    made.resize(1300, 700)
    made.show()
    context.select("unit", unit.uuid)
    return made


def test_clicking_same_person_records_it_and_the_scope_can_conclude(qtbot, tab, project_path):  # noqa: ANN001
    panel = tab.identity_panel
    assert panel.isVisible() and panel.list.count() == 1
    assert "3幢1单元101" in panel.list.item(0).text() and ID_A not in panel.list.item(0).text()
    assert tab.tally_panel.scopes[0].result.passed is None
    with qtbot.waitSignal(panel.changed, timeout=2000):
        qtbot.mouseClick(panel.same_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()
    result = tab.tally_panel.scopes[0].result
    assert (result.owners_total, result.passed) == (2, False)  # 1 of 2 owners agree
    with Project(project_path, readonly=True) as other:
        estate = other.estates.resolve("XW-8001")
        (question,) = other.consultations.identity.questions(estate.uuid)
        assert question.decision == "same"
        decided = other.consultations.identity.decided(estate.uuid)[question.key]
        assert decided["decided_by"] == "周主任"

    tab.context.undo_stack.undo()
    assert panel.isVisible() and panel.list.count() == 1
    assert tab.tally_panel.scopes[0].result.passed is None
    tab.context.undo_stack.redo()
    assert not panel.isVisible() and tab.tally_panel.scopes[0].result.owners_total == 2
