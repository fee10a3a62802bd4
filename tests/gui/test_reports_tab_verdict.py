"""The Reports tab shows the acceptance conclusion before a report is built, and takes the
team's override only with a reason (who and when from the project, kept in the audit log)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from retrofit_app.core.checklists.template_model import AnswerType
from retrofit_app.core.project import Project
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.tabs.reports_tab import ReportsTab


def open_tab(qtbot, context: AppContext, demo_path: Path) -> ReportsTab:  # noqa: ANN001
    context.set_project(Project(demo_path, user="验收组 李组长"))
    tab = ReportsTab(context)
    qtbot.addWidget(tab)
    tab.show()
    return tab


def roof_to_rectify(project: Project, estate_uuid: str) -> str:
    """Every acceptance item passed but the roof (限期整改); returns the acceptance list's uuid."""
    project.estates.update(estate_uuid, stage="acceptance")
    project.checklists.create_for_estate(estate_uuid, ["acceptance_inspection"])
    chosen = next(c for c in project.checklists.of_estate(estate_uuid) if c.template.acceptance)
    entries = [("acc.has_elevator", "completion", "no", None)]
    for item in chosen.template.items:
        if item.section == "conclusion" or item.id == "acc.has_elevator":
            continue
        # A passing figure within the item's range (a fire lane of 50 m, satisfaction 95 %).
        number = min(95, item.maximum) if item.maximum is not None else 95
        value = {AnswerType.CHOICE: "pass", AnswerType.NUMBER: number}.get(item.answer_type)
        if value is not None:
            entries.append(
                (item.id, "completion", "rectify" if item.id == "acc.roof" else value, None)
            )
    entries.append(("acc.inspection_date", "completion", "2026-11-30", None))
    project.checklists.answer_many(chosen.uuid, entries)
    return chosen.uuid


def test_the_tab_shows_a_draft_before_the_report_is_built(qtbot, context, demo_path) -> None:  # noqa: ANN001
    tab = open_tab(qtbot, context, demo_path)
    context.select("estate", context.project.estates.list()[0].uuid)
    panel = tab.verdict_panel
    assert panel.isVisible() and "尚未验收" in panel.headline.text()
    assert "草稿" in panel.details.text() and "尚未检查" in panel.details.text()
    assert not panel.override_button.isVisible()
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData("survey"))
    assert not panel.isVisible()


def test_accepting_over_an_open_item_asks_for_a_reason_and_records_who(
    qtbot, context, demo_path, monkeypatch, boxes
) -> None:  # noqa: ANN001
    tab = open_tab(qtbot, context, demo_path)
    project = context.project
    estate = project.estates.list()[4]
    checklist_uuid = roof_to_rectify(project, estate.uuid)
    context.select("estate", estate.uuid)
    tab._show_verdict()
    panel = tab.verdict_panel
    assert "整改后复验" in panel.headline.text() and panel.override_button.isEnabled()
    # Cancelled, or no reason: nothing is recorded.
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: ("  ", True))
    )
    qtbot.mouseClick(panel.override_button, Qt.MouseButton.LeftButton)
    assert "整改后复验" in panel.headline.text()
    reason = "屋面渗漏点已书面承诺雨季前修复"
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: (reason, True))
    )
    qtbot.mouseClick(panel.override_button, Qt.MouseButton.LeftButton)
    assert "同意通过竣工验收" in panel.headline.text()
    assert "验收组 李组长" in panel.details.text() and reason in panel.details.text()
    assert not panel.override_button.isVisible()
    answer = next(
        c for c in project.checklists.of_estate(estate.uuid) if c.uuid == checklist_uuid
    ).answers[("acc.conclusion", "completion")]
    last = project.audit.history(answer.uuid)[-1]
    assert last.user == "验收组 李组长" and last.new.get("note") == reason
