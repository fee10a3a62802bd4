"""The Reports tab: building a report by clicking, in the background, with the result shown."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from retrofit_app.core.project import Project
from retrofit_app.core.settings import Settings
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.tabs.reports_tab import ReportsTab


def open_tab(qtbot, context: AppContext, demo_path: Path) -> ReportsTab:  # noqa: ANN001
    context.set_project(Project(demo_path, user="测试员"))
    tab = ReportsTab(context)
    qtbot.addWidget(tab)
    return tab


def build_survey(
    qtbot, context: AppContext, demo_path: Path, tmp_path: Path
) -> tuple[ReportsTab, int]:  # noqa: ANN001
    """The survey summary built by clicking; the tab and the report's page count."""
    tab = open_tab(qtbot, context, demo_path)
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData("survey"))
    tab.out_edit.setText(str(tmp_path / "survey.pdf"))
    with qtbot.waitSignal(tab.report_built, timeout=60_000) as built:
        qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    return tab, built.args[0].pages


def pdf_printer(path: Path):  # noqa: ANN201 - QPrinter, imported only when a test prints
    """A printer that writes a PDF file instead of printing."""
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


@pytest.mark.needs("pdftotext", "cjk-font")  # no font: the fallback warning shows
def test_clicking_build_writes_the_acceptance_report(
    qtbot, context: AppContext, boxes, demo_path: Path, tmp_path: Path
) -> None:  # noqa: ANN001
    tab = open_tab(qtbot, context, demo_path)
    estate = context.project.estates.list()[1]
    context.select("estate", estate.uuid)
    assert tab.estate_combo.currentData() == estate.uuid
    tab.grid_combo.setCurrentIndex(tab.grid_combo.findData(2))
    tab.party_edits["client"].setText("南京市鼓楼区住房和城乡建设局")
    out = tmp_path / "验收报告.pdf"
    tab.out_edit.setText(str(out))
    with qtbot.waitSignal(tab.report_built, timeout=60_000) as built:
        qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    assert built.args[0].path == out and out.exists()
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert estate.name in text and "南京市鼓楼区住房和城乡建设局" in text
    assert "页" in tab.status_label.text() and tab.open_button.isEnabled()
    assert tab.preview.page_count() == built.args[0].pages
    assert not tab.warning_label.isVisibleTo(tab) and boxes.shown == []
    reopened = ReportsTab(context)  # the parties are kept with the estate's acceptance
    qtbot.addWidget(reopened)
    reopened.estate_combo.setCurrentIndex(reopened.estate_combo.findData(estate.uuid))
    assert reopened.party_edits["client"].text() == "南京市鼓楼区住房和城乡建设局"
    record = context.project.acceptances.chosen(estate.uuid)
    assert record is not None and record.parties["client"].name == "南京市鼓楼区住房和城乡建设局"
    assert "南京市鼓楼区住房和城乡建设局" not in str(Settings.load().report.get("parties"))


def test_notice_without_consultation_shows_the_sentence(
    qtbot, context: AppContext, boxes, demo_path: Path, tmp_path: Path
) -> None:  # noqa: ANN001
    tab = open_tab(qtbot, context, demo_path)
    consulted = {
        c.estate_uuid
        for e in context.project.estates.list()
        for c in context.project.consultations.of_estate(e.uuid)
    }
    quiet = next(e for e in context.project.estates.list() if e.uuid not in consulted)
    tab.estate_combo.setCurrentIndex(tab.estate_combo.findData(quiet.uuid))
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData("notice"))
    tab.out_edit.setText(str(tmp_path / "n.pdf"))
    qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=30_000)
    assert "没有居民意见征询记录" in boxes.texts("warning")[0]
    assert not (tmp_path / "n.pdf").exists() and tab.build_button.isEnabled()


@pytest.mark.needs("pdfinfo")
def test_printing_sends_every_page_to_the_printer(
    qtbot, context: AppContext, boxes, demo_path: Path, tmp_path: Path
) -> None:  # noqa: ANN001
    from retrofit_app.gui.tabs.report_preview import print_pages

    tab, pages = build_survey(qtbot, context, demo_path, tmp_path)
    print_pages(tab.preview.document, pdf_printer(tmp_path / "printed.pdf"))
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "printed.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert f"Pages:           {pages}" in info


def test_printing_reports_each_page_and_can_be_cancelled(
    qtbot, context: AppContext, boxes, demo_path: Path, tmp_path: Path
) -> None:  # noqa: ANN001
    from retrofit_app.gui.tabs.report_preview import print_pages

    tab, pages = build_survey(qtbot, context, demo_path, tmp_path)
    assert pages >= 2
    printer = pdf_printer(tmp_path / "printed.pdf")
    seen: list[int] = []

    def stop_after_first(done: int) -> bool:
        seen.append(done)
        return done < 1

    assert print_pages(tab.preview.document, printer, stop_after_first) is False
    assert seen == [0, 1]


def _answer_box_with(monkeypatch, role) -> list[str]:  # noqa: ANN001
    """Stub the question box: record its text and answer with the button of `role`."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: asked.append(self.text()))
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: next(
        (b for b in self.buttons() if self.buttonRole(b) == role), None))  # fmt: skip
    return asked


def test_building_again_never_overwrites_the_earlier_pdf_without_asking(
    qtbot, context: AppContext, boxes, demo_path: Path, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMessageBox

    tab, _pages = build_survey(qtbot, context, demo_path, tmp_path)
    first = (tmp_path / "survey.pdf").read_bytes()
    asked = _answer_box_with(monkeypatch, QMessageBox.ButtonRole.AcceptRole)  # 另存为新文件
    tab.out_edit.setText(str(tmp_path / "survey.pdf"))
    with qtbot.waitSignal(tab.report_built, timeout=60_000) as built:
        qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    assert asked and "survey.pdf 已存在" in asked[0]
    assert built.args[0].path == tmp_path / "survey-2.pdf"
    assert (tmp_path / "survey.pdf").read_bytes() == first
    asked = _answer_box_with(monkeypatch, QMessageBox.ButtonRole.RejectRole)  # 取消
    tab.out_edit.setText(str(tmp_path / "survey.pdf"))
    qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    assert asked and not (tmp_path / "survey-3.pdf").exists()
    assert (tmp_path / "survey.pdf").read_bytes() == first


def test_the_number_field_shows_the_number_the_report_will_get(
    qtbot, context: AppContext, demo_path: Path
) -> None:  # noqa: ANN001
    tab = open_tab(qtbot, context, demo_path)
    tab.number_edit.setText("宁房改〔{year}〕{code}-{seq:02d}")
    code = context.project.estates.get(tab.estate_combo.currentData()).code
    assert f"〕{code}-01" in tab.number_preview.text() and "{" not in tab.number_preview.text()
    tab.number_edit.setText("{date.__class__}")
    assert "__class__" in tab.number_preview.text() and not tab.build_button.isEnabled()
    tab.number_edit.setText("{code}-{seq}")
    assert tab.build_button.isEnabled()
