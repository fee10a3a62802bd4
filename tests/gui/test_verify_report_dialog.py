"""核验报告 on the Reports tab: a report PDF or a typed code checked against the open project (issue 20)."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pikepdf
from PySide6.QtCore import Qt

from retrofit_app.core.evidence.report_digest import short_code
from retrofit_app.core.evidence.report_signature import check_signature
from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project
from retrofit_app.core.reports import build_report
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.dialogs.verify_report_dialog import CHANGED_STYLE, VerifyReportDialog
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


def district_p12(folder: Path) -> Path:
    """The district's certificate as a PKCS#12 file made by openssl (password district-pw)."""
    key, cert, p12 = folder / "key.pem", folder / "cert.pem", folder / "district.p12"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "30", "-utf8", "-subj", "/C=CN/CN=玄武区房改办"],
                   check=True, capture_output=True)  # fmt: skip
    subprocess.run(["openssl", "pkcs12", "-export", "-inkey", key, "-in", cert, "-out", p12,
                    "-passout", "pass:district-pw"], check=True, capture_output=True)  # fmt: skip
    return p12


def test_the_reports_tab_saves_a_signed_pdfa_notice_that_pyhanko_validates(
    qtbot, context: AppContext, tmp_path, monkeypatch
):  # noqa: ANN001
    path, out = tmp_path / "项目.gpkg", tmp_path / "签名公示.pdf"
    consulted_notice(path, tmp_path / "公示.pdf")
    p12 = district_p12(tmp_path)
    context.set_project(Project(path, user="测试员"))
    tab = ReportsTab(context)
    qtbot.addWidget(tab)
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData("notice"))
    tab.out_edit.setText(str(out))
    tab.finish_panel.pdfa_check.setChecked(True)
    tab.finish_panel.sign_check.setChecked(True)
    tab.finish_panel.p12_edit.setText(str(p12))
    refused: list[str] = []
    monkeypatch.setattr(
        "retrofit_app.gui.tabs.report_finish_panel.show_error",
        lambda _parent, error, lang: refused.append(error.sentence(lang)),
    )
    monkeypatch.setattr(tab.finish_panel, "ask_password", lambda _p12: "wrong")
    qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    assert refused and "district.p12" in refused[0] and not out.exists()  # said before any work
    monkeypatch.setattr(tab.finish_panel, "ask_password", lambda _p12: "district-pw")
    with qtbot.waitSignal(tab.report_built, timeout=60_000):
        qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    assert "已存为 PDF/A-2b" in tab.status_label.text()
    assert "已由" in tab.status_label.text() and "玄武区房改办" in tab.status_label.text()
    check = check_signature(out, [(tmp_path / "cert.pem").read_bytes()])
    assert check.ok and check.covers_whole_file
    with pikepdf.open(out) as pdf, pdf.open_metadata() as meta:
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
    dialog = VerifyReportDialog(context)
    qtbot.addWidget(dialog)
    dialog.verify_pdf(out)  # the signed file still gives its digest back
    assert dialog.check is not None and dialog.check.unchanged
    assert "数字签名：玄武区房改办；签名后文件未改动" in dialog.details.toPlainText()
    data = bytearray(out.read_bytes())
    at = data.index(b"/Title")  # inside the signed bytes
    data[at + 8] ^= 0x01
    out.write_bytes(bytes(data))
    dialog.verify_pdf(out)
    assert "玄武区房改办的签名不成立" in dialog.verdict_label.text()
    assert dialog.verdict_label.styleSheet() == CHANGED_STYLE


def test_the_reports_issued_are_listed_and_one_picked_is_checked(
    qtbot, context: AppContext, tmp_path
):  # noqa: ANN001
    path = tmp_path / "项目.gpkg"
    digest, _ = consulted_notice(path, tmp_path / "公示.pdf")
    context.set_project(Project(path, user="测试员"))
    dialog = VerifyReportDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.issued_combo.count() == 2  # the prompt, then the one notice
    line = dialog.issued_combo.itemText(1)
    assert "居民意见征询结果公示" in line and short_code(digest) in line and "锁金新村" in line
    dialog.issued_combo.setCurrentIndex(1)
    dialog.issued_combo.activated.emit(1)
    assert dialog.check is not None and dialog.check.unchanged
    assert dialog.code_edit.text() == digest
