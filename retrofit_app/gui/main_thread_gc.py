"""Python's cycle collector run on the window's thread only.

Left automatic, the collector runs in whichever thread happens to allocate when a threshold is
crossed: a background job (a backup copying a project's tables builds many small objects) could
collect cycles holding Qt widgets, and Qt objects deleted off the GUI thread crash the window.
So automatic collection is off and a timer on the GUI thread collects as the thresholds say.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

_INTERVAL_MS = 500
_installed: list[QObject] = []


class _Collector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(_INTERVAL_MS)

    def collect(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.threshold[generation]:
                gc.collect(generation)
                return


def install() -> None:
    """Once per process, on the GUI thread, once the application object exists."""
    app = QCoreApplication.instance()
    if app is None or _installed:
        return
    _installed.append(_Collector(app))
