"""The Qt binding in use must not corrupt Python's None (PySide6 6.12.0 did under Python 3.11)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_none_alive(qtbot):  # noqa: ANN001
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(200):
        label.setText("小区")
    # A binding that drops a reference per call would lose 200; allow noise from the interpreter.
    assert sys.getrefcount(None) - before > -20
