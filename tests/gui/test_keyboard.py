"""Keyboard use of the main window: every menu item reachable by key, no focus trap in the tabs."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu

from retrofit_app.gui.main_window import toolbar_text

MNEMONIC = re.compile(r"&[^&\s]")


def menu_actions(menu: QMenu) -> list[QAction]:
    """Every action of `menu` and its submenus (a submenu's own entry included)."""
    menu.aboutToShow.emit()  # fills menus built on demand (Recent)
    found = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        found.append(action)
        if action.menu() is not None:
            found += menu_actions(action.menu())
    return found


def test_every_menu_item_has_a_shortcut_or_a_mnemonic(qtbot, window):  # noqa: ANN001
    qtbot.waitUntil(lambda: window.exchange is not None, timeout=5000)
    menus = [a.menu() for a in window.menuBar().actions()]
    assert all(MNEMONIC.search(a.text()) for a in window.menuBar().actions())
    actions = [a for menu in menus for a in menu_actions(menu)]
    assert len(actions) >= 14  # File, Edit, Tools, Help with the field-copy actions and Recent
    missing = [
        a.text() for a in actions if a.shortcut().isEmpty() and not MNEMONIC.search(a.text())
    ]
    assert missing == []


def test_mnemonics_within_a_menu_do_not_collide(qtbot, window):  # noqa: ANN001
    qtbot.waitUntil(lambda: window.exchange is not None, timeout=5000)
    for top in window.menuBar().actions():
        keys = [
            m.group(0).lower()
            for a in top.menu().actions()
            if (m := MNEMONIC.search(a.text())) is not None
        ]
        assert len(keys) == len(set(keys)), (top.text(), keys)


def test_toolbar_shows_the_words_without_the_mnemonic(window):  # noqa: ANN001
    assert window.open_action.iconText() == "打开项目"
    assert window.undo_action.iconText() == "撤销"
    assert toolbar_text("&Open project…") == "Open project"
    assert toolbar_text("Save && close") == "Save & close"


def tab_away_from(qtbot, view: QAbstractItemView):  # noqa: ANN001, ANN201
    """Press Tab in `view`; returns the widget that has the focus then."""
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.waitUntil(view.hasFocus, timeout=1000)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert not view.hasFocus(), "Tab stays in the table"
    return QApplication.focusWidget()


def test_tab_leaves_the_consultation_tables(qtbot, window):  # noqa: ANN001
    window.activateWindow()
    window.context.select("estate", window.context.project.estates.resolve("GL-0001").uuid)
    window.tabs.setCurrentIndex(3)
    tab = window.tab(3)
    qtbot.waitUntil(tab.table.isVisible, timeout=2000)  # a tab built just now shows a moment later
    assert tab.model.rowCount() > 0 and tab.tally_panel.table.rowCount() > 0
    # In reading order: households, then the tally's rule, its scopes, then its explanation.
    assert tab_away_from(qtbot, tab.table) is tab.rule_combo
    assert tab_away_from(qtbot, tab.tally_panel.table) is tab.tally_panel.details_scroll


def test_no_table_or_tree_in_the_tabs_traps_the_tab_key(window):  # noqa: ANN001
    for index in range(window.tabs.count()):
        tab = window.tab(index)
        views = tab.findChildren(QAbstractItemView)
        trapping = [type(v).__name__ for v in views if v.tabKeyNavigation()]
        assert trapping == [], window.tabs.tabText(index)


def test_dialog_tables_do_not_trap_the_tab_key(qtbot, window):  # noqa: ANN001
    from retrofit_app.gui.dialogs.backups_dialog import BackupsDialog
    from retrofit_app.gui.dialogs.conflicts_dialog import ConflictsDialog

    project = window.context.project
    backups = BackupsDialog(project.path, lambda: None, lambda _path: None, parent=window)
    conflicts = ConflictsDialog(project, "zh", parent=window)
    for dialog in (backups, conflicts):
        qtbot.addWidget(dialog)
        assert not dialog.table.tabKeyNavigation()
