"""The 统计 dashboard (issue 19): filters narrow the figures, a click on a figure or a bar lists the
estates behind it, and a click on an estate selects it in the window."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from review_support import XUANWU, build_small_programme  # noqa: E402

from retrofit_app.core.project import Project  # noqa: E402
from retrofit_app.gui.tabs.dashboard_tab import DashboardTab  # noqa: E402


@pytest.fixture
def tab(qtbot, context, project_path: Path):  # noqa: ANN001, ANN201
    with Project.create(project_path, user="测试员") as project:
        uuids = build_small_programme(project)
    context.set_project(Project(project_path, user="测试员"))
    made = DashboardTab(context)
    qtbot.addWidget(made)
    made.period_edit.setText("2025H1")
    made.reload()
    qtbot.waitUntil(
        lambda: made.figures is not None and made.figures.period.label == "2025H1", timeout=20_000
    )
    made.uuids = uuids
    return made


def row_of(tab: DashboardTab, name: str) -> int:
    return next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text() == name)


def cells(tab: DashboardTab, name: str) -> list[str]:
    row = row_of(tab, name)
    return [tab.table.item(row, c).text() for c in range(2, 6)]  # after the name and its unit


def test_the_whole_project_then_one_district_against_its_target(qtbot, tab):  # noqa: ANN001
    assert cells(tab, "开工小区") == ["1", "3", "33%", "1"]
    assert cells(tab, "完工小区")[0] == "2"
    tab.district_combo.setCurrentIndex(tab.district_combo.findData(XUANWU))
    qtbot.waitUntil(lambda: tab.figures.scope.district == XUANWU, timeout=20_000)
    assert cells(tab, "开工小区") == ["1", "2", "50%", "0"]
    assert cells(tab, "完工小区")[0] == "1"
    # Only the district's streets are offered.
    streets = {tab.street_combo.itemData(i) for i in range(tab.street_combo.count())}
    assert streets == {"", "梅园", "新街口"}


def test_a_period_changes_the_figures_and_a_bad_one_is_said(qtbot, tab):  # noqa: ANN001
    tab.period_edit.setText("2025H2")
    tab.period_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: tab.figures.period.label == "2025H2", timeout=20_000)
    assert cells(tab, "开工小区")[0] == "1"  # 兰园小区 on 07-01
    assert cells(tab, "完工小区")[0] == "0"
    tab.period_edit.setText("2025H3")
    tab.period_edit.editingFinished.emit()
    assert "2025H1" in tab.problem_label.text()
    assert tab.figures.period.label == "2025H2"  # the last good figures stay


def test_clicking_a_figure_lists_its_estates_and_an_estate_selects_it(qtbot, tab, context):  # noqa: ANN001
    row = row_of(tab, "开工小区")
    rect = tab.table.visualItemRect(tab.table.item(row, 1))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    names = [tab.estates_list.item(i).text() for i in range(tab.estates_list.count())]
    assert names[0].startswith("梅园新村（XW-01）")
    assert names[1].startswith("石鼓路小区（QH-02）") and names[1].endswith("（未计入）")
    item = tab.estates_list.item(0)
    rect = tab.estates_list.visualItemRect(item)
    qtbot.mouseClick(tab.estates_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert context.selected_estate_uuid() == tab.uuids["A"]


def test_a_bar_and_a_slice_show_the_estates_behind_them(tab):  # noqa: ANN001
    completed = tab.progress_sets[1]  # 完工, district by district (玄武区, 秦淮区)
    completed.clicked.emit(1)
    assert tab.shown_figure.measure == "estates_completed"
    assert [r.code for r in tab.shown_figure.estates] == ["QH-01"]
    assert tab.progress_sets[0].at(0) == 1  # 玄武区 started one
    central = next(s for s in tab.investment_pie.slices() if s.label().startswith("中央补助"))
    central.clicked.emit()
    assert tab.shown_figure.part == "central" and [r.code for r in tab.shown_figure.estates] == [
        "XW-01"
    ]
    assert [tab.elevator_sets[1].at(i) for i in range(4)] == [2, 2, 1, 1]  # cumulative by stage


def test_a_target_typed_for_the_period_and_district_shown_counts_and_undoes(qtbot, tab, context):  # noqa: ANN001
    """完工小区 has no 2025H1 target: typing 4 sets the whole project's (2 of 4 = 50%); in 玄武区
    it sets the district's own; investment is typed in 万元; with a street chosen nothing is typed."""
    tab.show()
    project = context.project
    target = tab.table.item(row_of(tab, "完工小区"), 3)
    assert target.flags() & Qt.ItemFlag.ItemIsEditable
    assert not tab.table.item(row_of(tab, "完工小区"), 2).flags() & Qt.ItemFlag.ItemIsEditable
    target.setText("4")
    qtbot.waitUntil(lambda: cells(tab, "完工小区")[1:3] == ["4", "50%"], timeout=20_000)
    kept = [(t["period"], t["measure"], t["target"], t["district_uuid"]) for t in project.programme.targets()
            if t["measure"] == "estates_completed"]  # fmt: skip
    assert kept == [("2025H1", "estates_completed", 4, None)]
    tab.table.item(row_of(tab, "本期实际投资"), 3).setText("3")  # 万元: 1.2 of 3 = 40%
    qtbot.waitUntil(lambda: cells(tab, "本期实际投资")[1:3] == ["3", "40%"], timeout=20_000)
    context.undo_stack.undo()
    qtbot.waitUntil(lambda: cells(tab, "本期实际投资")[1:3] == ["2", "60%"], timeout=20_000)
    context.undo_stack.undo()  # the target typed where there was none goes again
    qtbot.waitUntil(lambda: cells(tab, "完工小区")[1] == "", timeout=20_000)
    assert not [t for t in project.programme.targets() if t["measure"] == "estates_completed"]
    tab.district_combo.setCurrentIndex(tab.district_combo.findData(XUANWU))
    qtbot.waitUntil(lambda: tab.figures.scope.district == XUANWU, timeout=20_000)
    tab.table.item(row_of(tab, "完工小区"), 3).setText("1")
    qtbot.waitUntil(lambda: cells(tab, "完工小区")[1:3] == ["1", "100%"], timeout=20_000)
    assert tab.district_combo.currentData() == XUANWU  # a change kept the district chosen
    assert [t["district_uuid"] is not None for t in project.programme.targets()
            if t["measure"] == "estates_completed"] == [True]  # fmt: skip
    tab.street_combo.setCurrentIndex(tab.street_combo.findData("梅园"))
    qtbot.waitUntil(lambda: tab.figures.scope.street == "梅园", timeout=20_000)
    assert not tab.table.item(row_of(tab, "完工小区"), 3).flags() & Qt.ItemFlag.ItemIsEditable
