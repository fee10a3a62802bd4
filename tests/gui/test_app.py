"""Starting the app: which project opens first, the demo built in the background, translations, the error hook."""

from __future__ import annotations

import contextlib
import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from retrofit_app.core.settings import Settings
from retrofit_app.gui import app as app_module
from retrofit_app.gui.app import first_project, install_excepthook, install_translations


def test_the_command_line_path_wins_then_the_last_project_then_the_demo(tmp_path):  # noqa: ANN001
    settings = Settings()
    given = tmp_path / "命令行.gpkg"
    assert first_project([str(given)], settings) == (given, False)
    assert first_project([], settings) == (settings.default_project_path(), True)
    last = tmp_path / "上次.gpkg"
    last.write_bytes(b"")
    settings.last_project = str(last)
    assert first_project([], settings) == (last, False)
    last.unlink()  # a last project that has gone away falls back to the demo
    assert first_project([], settings) == (settings.default_project_path(), True)


@contextlib.contextmanager
def translated_as(qapp, language: str):  # noqa: ANN001, ANN201
    """The app's and Qt's translations for `language` while the block runs."""
    translators = install_translations(qapp, language)
    try:
        yield
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_english_translation_is_installed_when_chosen(qapp):  # noqa: ANN001
    with translated_as(qapp, "en"):
        assert QCoreApplication.translate("Tabs", "概况") == "Overview"
        assert QCoreApplication.translate("MainWindow", "打开项目(&O)…") == "&Open Project…"
    assert QCoreApplication.translate("Tabs", "概况") == "概况"


def test_chinese_is_the_default(qapp):  # noqa: ANN001
    with translated_as(qapp, Settings().language):
        assert QCoreApplication.translate("Tabs", "概况") == "概况"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own too


def test_an_unexpected_error_in_a_slot_shows_a_dialog(qtbot, boxes, monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook()
    try:
        raise ZeroDivisionError("除以零")
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())
    assert boxes.shown and boxes.shown[0][0] == "exec"
    assert "意外错误" in boxes.shown[0][2]


@pytest.mark.qt_no_exception_capture
def test_an_exception_escaping_a_real_slot_reaches_the_dialog(qtbot, boxes, monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook()

    def broken_slot() -> None:
        raise KeyError("房号")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=2000)
    assert boxes.shown[0][0] == "exec" and "意外错误" in boxes.shown[0][2]


def test_first_run_builds_the_demo_in_the_background_and_opens_it(
    qtbot, window, demo_template, tmp_path, monkeypatch
):  # noqa: ANN001
    steps: list[tuple[int, int]] = []

    def quick_demo(path, progress=None, cancelled=None, **_):  # noqa: ANN001, ANN202
        for i in range(1, 4):
            progress(i, 3)
            steps.append((i, 3))
        shutil.copyfile(demo_template, path)
        return path

    monkeypatch.setattr("retrofit_app.core.demo.build_demo", quick_demo)
    target = tmp_path / "用户数据" / "示范项目-demo.gpkg"
    app_module.build_demo_then_open(window, target)
    assert window.context.jobs.wait_for_all(10_000)
    assert steps == [(1, 3), (2, 3), (3, 3)]
    assert window.context.project.path == target.absolute()
    assert not target.with_name(target.name + ".part").exists()


def test_run_app_opens_the_project_named_on_the_command_line(qtbot, demo_path, monkeypatch, boxes):  # noqa: ANN001
    """The event loop is replaced by a look at the windows: a real exec() + quit() would leave
    the shared test QApplication with timers that no longer fire."""
    seen: dict[str, Path] = {}
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)

    def look_instead_of_exec(_app) -> int:  # noqa: ANN001
        from retrofit_app.gui.main_window import MainWindow

        for widget in QApplication.topLevelWidgets():
            if (
                isinstance(widget, MainWindow)
                and widget.isVisible()
                and widget.context.project is not None
            ):
                seen["path"] = widget.context.project.path
                seen["title"] = widget.windowTitle()
                widget.close()
                widget.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", look_instead_of_exec)
    assert app_module.run_app([str(demo_path)]) == 0
    assert seen["path"] == demo_path.absolute() and demo_path.name in seen["title"]
    assert Settings.load().last_project == str(demo_path.absolute())


def test_qt_file_dialogs_speak_chinese(qapp):  # noqa: ANN001
    with translated_as(qapp, "zh_CN"):
        assert QCoreApplication.translate("QFileDialog", "Look in:") == "查找范围："
        assert QCoreApplication.translate("QFileDialog", "Files of type:") == "文件类型："


def test_the_window_follows_retrofit_app_lang_like_the_command_line(monkeypatch):  # noqa: ANN001
    from retrofit_app.gui.app import window_language

    monkeypatch.setenv("RETROFIT_APP_LANG", "en")
    assert window_language(Settings()) == "en"
    monkeypatch.delenv("RETROFIT_APP_LANG")
    assert window_language(Settings()) == "zh_CN"
