"""The Reports tab's 存为 PDF/A (2b or 1b), checked by two PDF/A validators (Apache PDFBox Preflight,
and what a PDF/A-2b file may leave it: tests/pdfa_preflight.py; pikepdf.pdfa). Issue 20 point 5."""

from __future__ import annotations

import pytest
from pdfa_preflight import EXCUSED, pikepdf_verdict, preflight
from PySide6.QtCore import Qt

from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.tabs.reports_tab import ReportsTab


@pytest.mark.parametrize(
    ("form", "verdict"),
    [("2b", (False, [("7.11.2", EXCUSED["7.11.2"])])), ("1b", (True, []))],
)
def test_a_notice_saved_as_pdfa_from_the_reports_tab_passes_preflight(
    qtbot, context: AppContext, tmp_path, form, verdict
):  # noqa: ANN001
    path, out = tmp_path / "项目.gpkg", tmp_path / "公示.pdf"
    with Project.create(path, user="测试员") as project:
        estate = project.estates.create("锁金新村", "玄武区", code="XW-8001")
        unit = project.buildings.add_unit(
            project.buildings.create(estate.uuid, "1幢").uuid, "1单元"
        )
        consultation = project.consultations.for_scope("unit", unit.uuid)
        for room, name in (("201", "王伟"), ("202", "李娜")):
            flat = project.households.create(
                unit.uuid, room, floor=2, area=60, owners=[Owner("", name)]
            )
            project.consultations.record_vote(
                consultation.uuid, flat.uuid, "agree", method="in_person"
            )
    context.set_project(Project(path, user="测试员"))
    tab = ReportsTab(context)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitExposed(tab)
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData("notice"))
    tab.out_edit.setText(str(out))
    panel = tab.finish_panel
    assert panel.pdfa_check.text() == "存为 PDF/A（档案馆长期保存）"
    assert not panel.pdfa_form.isEnabled()  # until PDF/A is asked for
    qtbot.mouseClick(panel.pdfa_check, Qt.MouseButton.LeftButton)
    assert panel.pdfa_check.isChecked() and panel.pdfa_form.isEnabled()
    assert [panel.pdfa_form.itemData(i) for i in range(panel.pdfa_form.count())] == ["2b", "1b"]
    assert panel.pdfa_form.currentData() == "2b"  # the default
    panel.pdfa_form.setCurrentIndex(panel.pdfa_form.findData(form))
    assert "GB/T 23286.1" in panel.pdfa_form.currentText() or form == "2b"
    with qtbot.waitSignal(tab.report_built, timeout=60_000):
        qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    assert f"已存为 PDF/A-{form}" in tab.status_label.text()
    assert preflight(out) == verdict
    approved = pikepdf_verdict(out, form)  # and a PDF/A-2 validator approves it in the form chosen
    assert approved.passed, approved.summary()
