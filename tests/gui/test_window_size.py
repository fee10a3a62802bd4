"""The window fits a 1024 × 768 screen at 100 % in Chinese and in English, whichever tab is shown."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QToolBar, QToolButton, QWidget

from retrofit_app.gui.tabs.registry import TABS
from retrofit_app.gui.view_sizing import fit_on_screen
from retrofit_app.gui.wrapping_row import WrappingRow, pack

SCREEN_WIDTH, SCREEN_HEIGHT = 1024, 768


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_tab_fits_a_1024_px_screen(qtbot, window_in, language):  # noqa: ANN001
    window = window_in(language)
    estate = window.context.project.estates.resolve("GL-0001")
    window.context.select("estate", estate.uuid)  # tabs full of data, not the empty hints
    too_wide = {}
    for spec in TABS:
        window.show_tab(spec.name)
        qtbot.wait(10)  # lets the tab lay out what it loaded
        hint = window.minimumSizeHint()
        if hint.width() > SCREEN_WIDTH or hint.height() > SCREEN_HEIGHT:
            too_wide[spec.name] = (hint.width(), hint.height())
    assert too_wide == {}


def hidden_tools(tab) -> list[str]:  # noqa: ANN001
    """Tools of the map's bars that are not on screen (cut off, or behind the » button)."""
    hidden = []
    for bar in tab.findChildren(QToolBar):
        overflow = bar.findChild(QToolButton, "qt_toolbar_ext_button")
        if overflow is not None and overflow.isVisible():
            hidden.append(f"» in {bar.windowTitle()}")
        hidden += [
            a.toolTip() or a.text()
            for a in bar.actions()
            if not a.isSeparator() and not bar.widgetForAction(a).isVisible()
        ]
    return hidden


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_map_tools_all_show_in_a_1024_px_window(qtbot, window_in, language):  # noqa: ANN001
    window = window_in(language)
    window.resize(SCREEN_WIDTH, SCREEN_HEIGHT)
    tab = window.show_tab("map")
    qtbot.waitUntil(lambda: tab.toolbars.width() > 0 and window.width() == SCREEN_WIDTH)
    qtbot.wait(50)  # the bars settle into their rows
    assert hidden_tools(tab) == []
    assert tab.toolbars.row_count() <= 2  # wrapped, not one row per group of tools
    window.resize(1600, SCREEN_HEIGHT)  # room again: one row, the map gets the height back
    qtbot.waitUntil(lambda: tab.toolbars.row_count() == 1, timeout=2000)
    assert hidden_tools(tab) == []


def test_bars_are_packed_in_order_into_as_few_rows_as_fit():
    assert pack([300, 200, 250], 800) == [[0, 1, 2]]
    assert pack([300, 200, 250], 700) == [[0, 1], [2]]
    assert pack([300, 200, 250], 400) == [[0], [1], [2]]
    assert pack([900, 100], 500) == [[0], [1]]  # a bar wider than the window still gets a row


def test_a_row_wraps_when_its_words_grow_and_joins_again_when_they_shrink(qtbot):  # noqa: ANN001
    title, button = QLabel("整改问题"), QPushButton("新增问题…")
    title.setWordWrap(True)  # as the checklist's defect title: it never widens the window
    row = WrappingRow([title, button])
    qtbot.addWidget(row)
    row.resize(title.sizeHint().width() + button.sizeHint().width() + 40, 80)
    row.show()
    qtbot.waitExposed(row)
    assert row.row_count() == 1
    title.setText("整改问题：12 个未关闭，共 30 个，其中 5 个已整改待复核")
    qtbot.waitUntil(lambda: row.row_count() == 2, timeout=2000)
    assert title.isVisible() and button.isVisible()
    title.setText("整改问题")
    qtbot.waitUntil(lambda: row.row_count() == 1, timeout=2000)


def test_a_large_dialog_is_kept_within_the_screen(qtbot):  # noqa: ANN001
    dialog = QWidget()
    qtbot.addWidget(dialog)
    room = dialog.screen().availableGeometry()
    fit_on_screen(dialog, room.width() + 500, room.height() + 300)  # the 1000 × 780 photo dialog
    assert dialog.width() <= room.width() * 0.9 and dialog.height() <= room.height() * 0.9
    fit_on_screen(dialog, 400, 300)  # a small one keeps its size
    assert (dialog.width(), dialog.height()) == (400, 300)
