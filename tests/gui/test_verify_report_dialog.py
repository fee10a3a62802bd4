"""核验报告 on the Reports tab: a report PDF or a typed code checked against the open project (issue 20)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from retrofit_app.core.evidence.report_digest import short_code
from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project
from retrofit_app.core.reports import build_report
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.dialogs.verify_report_dialog import VerifyReportDialog
from retrofit_app.gui.tabs.reports_tab import ReportsTab


def consulted_notice(path: Path, out: Path) -> tuple[str, str]:
    """A project with two flats that voted and the notice of their unit; (digest, 201's uuid)."""
    with Project.create(path, user="测试员") as project:
        estate = project.estates.create("锁金新村", "玄武区", code="XW-8001")
        unit = project.buildings.add_unit(
            project.buildings.create(estate.uuid, "1幢").uuid, "1单元"
        )
        consultation = project.consultations.for_scope("unit", unit.uuid)
        flats = [
            project.households.create(unit.uuid, room, floor=2, area=60, owners=[Owner("", name)])
            for room, name in (("201", "王伟"), ("202", "李娜"))
        ]
        for flat in flats:
            project.consultations.record_vote(
                consultation.uuid, flat.uuid, "agree", method="in_person"
            )
        result = build_report(project, "notice", [estate], out, scope="1幢1单元")
    return result.digest or "", flats[0].uuid


def test_a_report_pdf_then_a_typed_code_after_a_sqlite3_edit(qtbot, context: AppContext, tmp_path):  # noqa: ANN001
    path, out = tmp_path / "项目.gpkg", tmp_path / "公示.pdf"
    digest, flat = consulted_notice(path, out)
    context.set_project(Project(path, user="测试员"))
    dialog = VerifyReportDialog(context)
    qtbot.addWidget(dialog)
    dialog.verify_pdf(out)
    assert dialog.check is not None and dialog.check.unchanged
    assert dialog.verdict_label.text().startswith("未改动")
    assert dialog.code_edit.text() == digest
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE votes SET choice = 'object' WHERE household_uuid = ?", [flat])
    dialog.code_edit.setText(short_code(digest).lower())
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    assert dialog.verdict_label.text().startswith("已变化")
    assert "锁金新村：表决“1幢1单元201”已改动" in dialog.details.toPlainText()
    dialog.code_edit.setText("0123-4567-89AB-CDEF")
    dialog.verify_code()
    assert dialog.check is None and "没有生成过核验码为" in dialog.verdict_label.text()


def test_the_reports_tab_opens_verify_report(qtbot, context: AppContext, tmp_path, monkeypatch):  # noqa: ANN001
    path = tmp_path / "项目.gpkg"
    consulted_notice(path, tmp_path / "公示.pdf")
    context.set_project(Project(path, user="测试员"))
    tab = ReportsTab(context)
    qtbot.addWidget(tab)
    opened: list[str] = []
    monkeypatch.setattr(VerifyReportDialog, "exec", lambda self: opened.append(self.windowTitle()))
    qtbot.mouseClick(tab.verify_button, Qt.MouseButton.LeftButton)
    assert opened == ["核验报告"]
    assert tab.verify_button.text() == "核验报告…"
