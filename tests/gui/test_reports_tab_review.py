"""The Reports tab offers the programme review with its period, district and format (issue 19)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from review_support import XUANWU, build_small_programme  # noqa: E402

from retrofit_app.core.project import Project  # noqa: E402
from retrofit_app.gui.tabs.reports_tab import ReportsTab  # noqa: E402


@pytest.fixture
def tab(qtbot, context, project_path: Path):  # noqa: ANN001, ANN201
    with Project.create(project_path, user="测试员") as project:
        build_small_programme(project)
    context.set_project(Project(project_path, user="测试员"))
    made = ReportsTab(context)
    qtbot.addWidget(made)
    made.kind_combo.setCurrentIndex(made.kind_combo.findData("review"))
    return made


def test_the_review_is_built_for_the_period_typed(qtbot, tab, tmp_path):  # noqa: ANN001
    panel = tab.review_panel
    assert not panel.isHidden() and not tab.estate_combo.isEnabled()
    panel.period_edit.setText("2025h1")
    panel.district_combo.setCurrentIndex(panel.district_combo.findData(XUANWU))
    assert tab.out_edit.text().endswith(f"{XUANWU}2025H1-改造评估.pdf")
    assert "2025H1-PG" in tab.status_label.text()  # the 文号 it will get
    tab.out_edit.setText(str(tmp_path / "通报.pdf"))
    with qtbot.waitSignal(tab.report_built, timeout=60_000) as built:
        qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    assert built.args[0].kind == "review" and built.args[0].pages >= 2
    assert (tmp_path / "通报.pdf").exists()


def test_the_review_as_xlsx(qtbot, tab, tmp_path):  # noqa: ANN001
    panel = tab.review_panel
    panel.period_edit.setText("2025")
    panel.format_combo.setCurrentIndex(panel.format_combo.findData("xlsx"))
    assert tab.out_edit.text().endswith(".xlsx")
    out = tmp_path / "评估.xlsx"
    tab.out_edit.setText(str(out))
    qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: str(out) in tab.status_label.text(), timeout=60_000)
    assert out.stat().st_size > 0


def test_a_bad_period_is_said_and_nothing_built(qtbot, tab, tmp_path):  # noqa: ANN001
    tab.review_panel.period_edit.setText("下半年")
    tab.out_edit.setText(str(tmp_path / "x.pdf"))
    qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    assert "2025H1" in tab.status_label.text()
    assert not (tmp_path / "x.pdf").exists()
