"""The first start: a short guide over the demo project, shown once, closed in any way."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from retrofit_app.core.settings import Settings
from retrofit_app.gui.app import quit_after_show
from retrofit_app.gui.dialogs.first_run_dialog import (
    FirstRunDialog,
    app_icon,
    show_first_run_if_new,
)


def test_the_first_start_shows_the_guide_and_a_later_one_does_not(qtbot, window):  # noqa: ANN001
    settings = window.context.settings
    assert not settings.first_run_done
    dialog = show_first_run_if_new(window, settings)
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert Settings.load().first_run_done  # saved, so the next start knows
    assert show_first_run_if_new(window, Settings.load()) is None


def test_escape_dismisses_it_for_good_too(qtbot):  # noqa: ANN001
    settings = Settings()
    dialog = FirstRunDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert Settings.load().first_run_done


def test_it_says_what_each_tab_does_and_where_the_file_is(qtbot):  # noqa: ANN001
    settings = Settings()
    dialog = FirstRunDialog(settings)
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    for tab in ("地图", "概况", "检查表", "意见征询", "照片", "报告"):
        assert tab in text
    assert str(settings.default_project_path()) in text  # the real path, not a placeholder
    assert "{" not in text
    assert "新建项目" in text and "另存副本" in text and "备份" in text


def test_in_english_it_is_english(qtbot):  # noqa: ANN001
    dialog = FirstRunDialog(Settings(language="en"))
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "Welcome" in text and "Save a Copy" in text
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in text.replace("示范项目-demo", ""))


def test_the_guide_button_opens_the_user_guide(qtbot, window):  # noqa: ANN001
    dialog = show_first_run_if_new(window, window.context.settings)
    qtbot.mouseClick(dialog.guide_button, Qt.MouseButton.LeftButton)
    assert window.user_guide_dialog.isVisible()
    assert not dialog.isVisible()


def test_the_window_icon_is_the_app_icon(qapp):  # noqa: ANN001
    icon = app_icon()
    assert not icon.isNull() and icon.availableSizes()


def test_the_packaging_smoke_hook_loads_every_tab_then_quits(window, monkeypatch, capsys):  # noqa: ANN001
    codes: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(codes.append))
    quit_after_show(window)
    assert codes == [0]
    assert f"tabs loaded {window.tabs.count()}/{window.tabs.count()}" in capsys.readouterr().out


def test_the_smoke_hook_fails_when_a_tab_does_not_load(window, monkeypatch, capsys):  # noqa: ANN001
    from retrofit_app.gui.tabs import registry

    codes: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(codes.append))
    broken = registry.PlaceholderTab("照片", "ImportError: 缺少 pillow_heif")
    monkeypatch.setattr(
        window,
        "tab",
        lambda index: broken if index == 4 else window.tabs.widget(index).ensure_loaded(),
    )
    quit_after_show(window)
    assert codes == [1]
    assert "缺少 pillow_heif" in capsys.readouterr().out


@pytest.fixture(autouse=True)
def _no_real_guide_left_open(qtbot):  # noqa: ANN001
    yield
    for widget in QApplication.topLevelWidgets():
        if type(widget).__name__ in ("FirstRunDialog", "UserGuideDialog"):
            widget.close()
