"""The Reports tab prints in the language chosen in Settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from test_reports_tab import open_tab

from retrofit_app.gui.context import AppContext


def pdf_text(path: Path) -> str:
    import subprocess

    from needs import need

    need("pdftotext")
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_english_settings_build_an_english_report(
    qtbot, context: AppContext, boxes, demo_path: Path, tmp_path: Path
) -> None:  # noqa: ANN001
    context.settings.language = "en"
    tab = open_tab(qtbot, context, demo_path)
    assert tab.options().language == "en"
    out = tmp_path / "acceptance-en.pdf"
    tab.out_edit.setText(str(out))
    with qtbot.waitSignal(tab.report_built, timeout=60_000) as built:
        qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    text = pdf_text(out)
    assert "1. Project overview" in text and f"Page 1 of {built.args[0].pages}" in text
    assert "工程概况" not in text and boxes.shown == []


def test_chinese_settings_keep_the_chinese_report(
    qtbot, context: AppContext, demo_path: Path
) -> None:  # noqa: ANN001
    context.settings.language = "zh_CN"
    tab = open_tab(qtbot, context, demo_path)
    assert tab.options().language == "zh"
