"""The Reports tab's acceptance record: the parties typed for one estate are that estate's, kept in
the project (audited), printed on its report and not on another estate's (issue 16 point 2)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from retrofit_app.core.project import Project
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.tabs.reports_tab import ReportsTab


def text_of(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return "".join(out.split())


def build(qtbot, tab: ReportsTab, out: Path):  # noqa: ANN001, ANN201
    tab.out_edit.setText(str(out))
    with qtbot.waitSignal(tab.report_built, timeout=60_000) as built:
        qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    return built.args[0]


@pytest.mark.needs("pdftotext")
def test_each_estate_keeps_the_parties_typed_for_it(qtbot, context: AppContext, boxes, tmp_path):  # noqa: ANN001
    path = tmp_path / "两个小区.gpkg"
    project = Project.create(path, user="测试员")
    first = project.estates.create("童家巷小区", "玄武区")
    second = project.estates.create("南湖新村", "建邺区")
    context.set_project(project)
    tab = ReportsTab(context)
    qtbot.addWidget(tab)
    panel = tab.record_panel
    # Ten parties and eight facts: the options scroll, the tab still fits a 768 px screen.
    assert panel.isVisibleTo(tab) and tab.minimumSizeHint().height() < 600
    tab.estate_combo.setCurrentIndex(tab.estate_combo.findData(first.uuid))
    panel.name_edits["contractor"].setText("金陵建设公司")
    panel.person_edits["residents"].setText("李桂兰")
    panel.field_edits["inspected_on"].setText("2026-11-20")
    panel.field_edits["works"].setText("屋面防水；雨污分流")
    one = build(qtbot, tab, tmp_path / "1.pdf")  # building saves what is typed
    tab.estate_combo.setCurrentIndex(tab.estate_combo.findData(second.uuid))
    assert panel.name_edits["contractor"].text() == ""  # the other estate's record is its own
    panel.name_edits["contractor"].setText("苏州园区建设集团")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    two = build(qtbot, tab, tmp_path / "2.pdf")
    a, b = text_of(one.path), text_of(two.path)
    assert "金陵建设公司" in a and "李桂兰" in a and "屋面防水、雨污分流" in a and "2026-11-20" in a
    assert "苏州园区建设集团" in b and "金陵建设公司" not in b
    assert one.doc_number != two.doc_number and one.doc_number in a and two.doc_number in b
    record = project.acceptances.chosen(first.uuid)
    assert record.works_list() == ["屋面防水", "雨污分流"] and record.doc_number == one.doc_number
    tab.estate_combo.setCurrentIndex(tab.estate_combo.findData(first.uuid))
    assert panel.name_edits["contractor"].text() == "金陵建设公司"
    assert one.doc_number in tab.status_label.text() or one.doc_number in tab.number_preview.text()
    entries = project.db.execute(
        "SELECT count(*) FROM audit_log WHERE table_name LIKE 'acceptance%' AND user_name = '测试员'"
    ).fetchone()[0]
    assert entries >= 6  # two acceptances, their 文号, three parties
    panel.field_edits["started_on"].setText("2026-02-30")
    assert not panel.save() and panel.message.text()  # refused with a sentence, nothing written
    assert project.acceptances.chosen(first.uuid).started_on == ""
