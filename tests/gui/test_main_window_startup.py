"""Start-up: the first picture is the real window on the project, and the rest comes right after it.

Issue 2, benchmark (a): the window must show within twice a bare PySide6 window.
What the first picture does not need waits until after it; these tests keep it so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QToolButton

# Runs in a fresh interpreter: what is imported at start-up can only be seen there.
_START = """
import json, sys
import PySide6.QtCore, PySide6.QtWidgets
qt_lazy = "Qt" not in vars(PySide6.QtCore)  # PySide6 >= 6.8 builds a class on first use
from retrofit_app.gui.app import show_main_window
app, window = show_main_window([sys.argv[1]])
app.processEvents()
tree = window.tree.model
print(json.dumps({
    "modules": sorted(sys.modules),
    "qt_lazy": qt_lazy,
    "qt_built": [
        name for module, name in ((PySide6.QtCore, "Qt"), (PySide6.QtCore, "QEvent"),
                                  (PySide6.QtWidgets, "QMessageBox"))
        if name in vars(module)
    ],
    "visible": window.isVisible(),
    "title": window.windowTitle(),
    "districts": [tree.item(row).text() for row in range(tree.rowCount())],
    "tab": type(window.tabs.currentWidget().tab).__name__,
    "empty_hint": window.tabs.currentWidget().tab.empty_hint.isVisible(),
    "menus": [action.text() for action in window.menuBar().actions()],
}, ensure_ascii=False))
"""

# Each is imported later, when used or in MainWindow.finish_start_up.
NOT_AT_START = (
    "qtawesome",
    "sqlite_utils",
    "retrofit_app.gui.dialogs.settings_dialog",
    "retrofit_app.gui.dialogs.user_guide_dialog",
    "retrofit_app.gui.dialogs.first_run_dialog",
    "retrofit_app.gui.unexpected_error_dialog",
    "retrofit_app.gui.exchange_actions",
    "retrofit_app.gui.tree_drop",
    "retrofit_app.gui.tabs.map_tab",
    "retrofit_app.core.project_file",
    "retrofit_app.core.storage.copies",
    "retrofit_app.core.storage.backups",
    "retrofit_app.gui.formatting",  # with decimal and fractions
)


def _start(project: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _START, str(project)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_first_picture_is_the_window_on_the_project_without_what_waits(demo_path):  # noqa: ANN001
    started = _start(demo_path)
    assert started["visible"] and started["title"].startswith(demo_path.name)
    assert {"鼓楼区", "秦淮区"} <= set(started["districts"])  # the tree is filled
    assert started["tab"] == "OverviewTab" and started["empty_hint"]
    assert started["menus"] == ["文件(&F)", "编辑(&E)", "工具(&T)", "帮助(&H)"]
    loaded = set(started["modules"])
    assert [name for name in NOT_AT_START if name in loaded] == []
    if started["qt_lazy"]:
        # Naming `Qt` on the way to the first picture builds its 93 enum classes; a Python
        # showEvent builds QEvent's; a QMessageBox import builds the dialog classes.
        assert started["qt_built"] == []


def test_after_the_first_picture_the_rest_is_in_place(qtbot, window):  # noqa: ANN001
    assert window.user_guide_action in window.help_menu.actions()
    assert window.tree_drop is not None and window.tree.view.viewport().acceptDrops()
    button = window.toolbar.widgetForAction(window.open_action)
    assert isinstance(button, QToolButton)
    assert button.toolButtonStyle() == button.toolButtonStyle().ToolButtonTextBesideIcon
    dots = [
        item.icon() for (kind, _uuid), item in window.tree.model.items.items() if kind == "estate"
    ]
    assert dots and not any(dot.isNull() for dot in dots)  # the stage dots, drawn after show
    window.finish_start_up()  # a second call adds nothing twice
    guide_actions = [a for a in window.help_menu.actions() if a is window.user_guide_action]
    assert len(guide_actions) == 1
