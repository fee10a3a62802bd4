"""The six tabs in design order, imported ahead of the first click; a tab that fails to load says why."""

from __future__ import annotations

import sys
import types

from PySide6.QtWidgets import QWidget

from retrofit_app.gui.tabs import registry
from retrofit_app.gui.tabs.registry import PlaceholderTab, TabSpec, make_tab

MISSING = TabSpec("no_such_feature", "NoSuchTab", "未来功能", "fa5s.circle")


def test_a_tab_module_missing_from_the_install_says_it_failed_to_load(qtbot, context):  # noqa: ANN001
    tab = make_tab(MISSING, context)
    qtbot.addWidget(tab)
    assert isinstance(tab, PlaceholderTab)
    assert tab.message.text().startswith("“未来功能”功能未能加载：ModuleNotFoundError")
    assert "即将推出" not in tab.message.text()


def test_a_broken_module_says_it_failed_to_load(qtbot, context, monkeypatch):  # noqa: ANN001
    name = "retrofit_app.gui.tabs.broken_tab"
    module = types.ModuleType(name)

    class BrokenTab(QWidget):
        def __init__(self, context, parent=None):  # noqa: ANN001
            raise ValueError("坏了")

    BrokenTab.__module__ = name
    module.BrokenTab = BrokenTab
    monkeypatch.setitem(sys.modules, name, module)
    tab = make_tab(TabSpec("broken", "BrokenTab", "坏的", "fa5s.circle"), context)
    qtbot.addWidget(tab)
    assert isinstance(tab, PlaceholderTab)
    assert "未能加载" in tab.message.text() and "坏了" in tab.message.text()


def test_the_registry_lists_the_tabs_in_design_order():
    assert [spec.name for spec in registry.TABS] == [
        "map",
        "overview",
        "checklists",
        "consultation",
        "photos",
        "programme",
        "reports",
        "dashboard",
    ]


def test_warm_up_imports_every_tab_module_a_step_at_a_time_on_the_main_thread(qtbot):  # noqa: ANN001
    done: list[bool] = []
    registry.warm_up(on_done=lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=60_000)
    for spec in registry.TABS:
        assert f"retrofit_app.gui.tabs.{spec.name}_tab" in sys.modules
