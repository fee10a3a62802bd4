"""GUI fixtures: a main window on a fresh demo copy, and recorded (stubbed) message boxes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from retrofit_app.core.settings import Settings
from retrofit_app.gui.context import AppContext


@dataclass
class Boxes:
    """Every message box the code tried to show: (kind, title, text)."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, _title, text in self.shown if kind is None or k == kind]


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    record = Boxes()

    def stub(kind: str):
        def show(_parent, title, text, *args, **kwargs):  # noqa: ANN001, ANN202
            record.shown.append((kind, title, text))
            return QMessageBox.StandardButton.Ok

        return show

    for kind in ("warning", "information", "critical", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(stub(kind)))
    monkeypatch.setattr(
        QMessageBox,
        "exec",
        lambda self: record.shown.append(("exec", self.windowTitle(), self.text())),
    )
    return record


@pytest.fixture
def context(qtbot) -> AppContext:  # noqa: ANN001
    made = AppContext(Settings.load())
    made.jobs.show_progress = False
    yield made
    made.jobs.wait_for_all(10_000)
    made.set_project(None)


def _shown_on_demo(qtbot, context: AppContext, demo_path: Path):  # noqa: ANN001, ANN202
    from retrofit_app.gui.main_window import MainWindow

    main = MainWindow(context)
    qtbot.addWidget(main)
    assert main.open_project(demo_path)
    main.show()
    # Start-up finishes (icons, field-exchange actions and their scheduled backup) before the test.
    qtbot.waitUntil(lambda: main.started_up, timeout=10_000)
    assert context.jobs.wait_for_all(20_000)
    return main


@pytest.fixture
def window(qtbot, context: AppContext, boxes: Boxes, demo_path: Path):  # noqa: ANN001
    return _shown_on_demo(qtbot, context, demo_path)


@pytest.fixture
def window_in(qtbot, qapp, context: AppContext, boxes: Boxes, demo_path: Path):  # noqa: ANN001
    """window_in("en"): the main window on the demo, started in that language as the app starts it
    (Qt translators and the default QLocale); both are put back after the test."""
    from PySide6.QtCore import QLocale

    from retrofit_app.gui.app import install_translations
    from retrofit_app.gui.main_window import MainWindow

    before = QLocale()
    translators = []

    def start(language: str) -> MainWindow:
        translators.extend(install_translations(qapp, language))
        context.settings.language = language
        return _shown_on_demo(qtbot, context, demo_path)

    yield start
    for translator in translators:
        qapp.removeTranslator(translator)
    QLocale.setDefault(before)
