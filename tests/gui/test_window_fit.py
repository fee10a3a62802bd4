"""The window at 1100 × 720 logical pixels (a 1650 × 1080 screen at 150 %): nothing cut, hidden or lost."""

from __future__ import annotations

import math

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QToolBar, QToolButton

from retrofit_app.core.model import Stage
from retrofit_app.gui.labels import STAGE_COLOURS
from retrofit_app.gui.models.household_vote_model import DATE_COLUMN
from retrofit_app.gui.tabs.checklist_tree import COL_ITEM, SLOT_ROLE

MAP, CHECKLISTS, CONSULTATION = 0, 2, 3
PADDING = 6  # the style's text margins inside a cell, both sides together


@pytest.fixture
def small_window(qtbot, window):  # noqa: ANN001
    window.resize(1100, 720)
    estate = window.context.project.estates.resolve("GL-0001")
    window.context.select("estate", estate.uuid)
    qtbot.waitUntil(lambda: window.width() == 1100, timeout=2000)
    return window


def show_tab(qtbot, window, index: int):  # noqa: ANN001, ANN201
    window.tabs.setCurrentIndex(index)
    tab = window.tab(index)
    qtbot.waitExposed(tab)
    return tab


def distance(a: QColor, b: QColor) -> float:
    return math.dist((a.red(), a.green(), a.blue()), (b.red(), b.green(), b.blue()))


def test_map_toolbar_shows_every_tool_without_the_overflow_button(qtbot, small_window):  # noqa: ANN001
    tab = show_tab(qtbot, small_window, MAP)
    bar = tab.findChild(QToolBar)
    qtbot.waitUntil(lambda: bar.widgetForAction(tab.zoom_in_action).isVisible(), timeout=2000)
    overflow = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert overflow is None or not overflow.isVisible()
    hidden = [a.toolTip() or a.text() for a in bar.actions()
              if not a.isSeparator() and not bar.widgetForAction(a).isVisible()]  # fmt: skip
    assert hidden == []
    assert tab.theme_combo.toolTip() and tab.basemap_combo.accessibleName()  # what the combos are


def test_consultation_tables_show_their_words_and_the_date(qtbot, small_window):  # noqa: ANN001
    tab = show_tab(qtbot, small_window, CONSULTATION)
    table = tab.table
    assert table.model().rowCount() > 0
    right_edge = table.columnViewportPosition(DATE_COLUMN) + table.columnWidth(DATE_COLUMN)
    assert table.columnViewportPosition(0) >= 0 and right_edge <= table.viewport().width()
    date = table.model().index(0, DATE_COLUMN).data()
    assert table.fontMetrics().horizontalAdvance(date) + PADDING <= table.columnWidth(DATE_COLUMN)
    tally = tab.tally_panel.table
    assert tally.rowCount() >= 4
    for row in range(tally.rowCount()):
        for column in range(tally.columnCount()):
            text = tally.item(row, column).text()  # e.g. "1幢1单元", "公示无异议"
            assert tally.fontMetrics().horizontalAdvance(text) + PADDING <= tally.columnWidth(
                column
            ), text
    last = tally.columnViewportPosition(4) + tally.columnWidth(4)
    assert last <= tally.viewport().width(), "状态 scrolled out of the tally"
    fourth = tally.rowViewportPosition(3) + tally.rowHeight(3)
    assert fourth <= tally.viewport().height(), "fewer than four scopes in view"


def test_consultation_panels_go_below_the_table_when_too_narrow(qtbot, small_window):  # noqa: ANN001
    from PySide6.QtCore import Qt

    tab = show_tab(qtbot, small_window, CONSULTATION)
    assert tab.splitter.orientation() == Qt.Orientation.Horizontal  # 1100 px: side by side
    small_window.resize(900, 720)
    qtbot.waitUntil(lambda: tab.splitter.orientation() == Qt.Orientation.Vertical, timeout=2000)
    table = tab.table
    right_edge = table.columnViewportPosition(DATE_COLUMN) + table.columnWidth(DATE_COLUMN)
    assert right_edge <= table.viewport().width()
    small_window.resize(1400, 720)
    qtbot.waitUntil(lambda: tab.splitter.orientation() == Qt.Orientation.Horizontal, timeout=2000)


def test_checklist_items_are_not_cut(qtbot, small_window):  # noqa: ANN001
    tab = show_tab(qtbot, small_window, CHECKLISTS)
    tree = tab.tree
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    items = [r for r in rows if r.data(COL_ITEM, SLOT_ROLE) and not r.isHidden()]
    assert len(items) > 10
    width = tree.columnWidth(COL_ITEM)
    cut = [r.text(COL_ITEM) for r in items
           if tree.fontMetrics().horizontalAdvance(r.text(COL_ITEM)) + PADDING > width]  # fmt: skip
    assert cut == []


def test_stage_dot_stays_visible_on_a_selected_row(qtbot, small_window):  # noqa: ANN001
    view = small_window.tree.view
    highlight = view.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    # Every stage colour stands apart from the selection's blue (Okabe–Ito blue did not).
    assert min(distance(c, highlight) for c in STAGE_COLOURS.values()) >= 90
    estate = small_window.context.project.estates.resolve("GL-0001")
    assert estate.stage == Stage.SURVEYED
    index = view.currentIndex()
    assert view.selectionModel().isSelected(index)
    rect = view.visualRect(index)
    picture = view.viewport().grab().toImage()
    colour = STAGE_COLOURS[Stage.SURVEYED]
    # The dot is drawn in its own colour on the selected row, not tinted into the highlight.
    closest = min(
        distance(picture.pixelColor(x, rect.center().y()), colour)
        for x in range(rect.left(), rect.left() + 30)
    )
    assert closest < 30
