"""Blocked event loop in the window (issue 21 point 1): the worst gap between ticks of a 10 ms
QTimer while the window selects a 2,000-household estate on the Consultation tab, and while it
records an edit and its undo with the Map tab opened before. Not a timed test: figures to read.

Usage: QT_QPA_PLATFORM=offscreen python bench/gui_gap_bench.py
The project (3 estates, the first with ~2,000 households) is built once into ~/.cache/retrofit-app-bench.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import cached_demo  # noqa: E402

from retrofit_app.core.demo.estates import DemoSize  # noqa: E402

BIG = DemoSize(estates=3, buildings=(31, 31), units=(4, 4), storeys=(8, 8))  # ~1,984 flats each


def big_estate_project() -> Path:
    return cached_demo("big-estate", BIG)


def worst_gap_ms(app, action: Callable[[], None], settle_ms: int = 1500) -> float:  # noqa: ANN001
    """Run `action` on the event loop with a 10 ms timer ticking; the longest wait between ticks."""
    from PySide6.QtCore import QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    QTimer.singleShot(30, action)
    end = time.perf_counter() + settle_ms / 1000
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    return max((b - a for a, b in zip(ticks, ticks[1:], strict=False)), default=0) * 1000


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from retrofit_app.core.settings import Settings
    from retrofit_app.gui.context import AppContext
    from retrofit_app.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory(prefix="gap-bench-") as folder:
        path = Path(folder) / "big.gpkg"
        shutil.copyfile(big_estate_project(), path)
        context = AppContext(Settings.load())
        context.jobs.show_progress = False
        window = MainWindow(context)
        window.resize(1400, 900)
        assert window.open_project(path)
        window.show()
        while not window.started_up:
            app.processEvents()
        context.jobs.wait_for_all()
        worst_gap_ms(app, lambda: None, settle_ms=5000)  # the window's warm-up imports, after start
        estates = context.project.estates.list()
        households = context.project.conn.execute(
            "SELECT count(*) FROM households h JOIN units u ON u.uuid = h.unit_uuid "
            "JOIN buildings b ON b.uuid = u.building_uuid WHERE b.estate_uuid = ?",
            [estates[0].uuid],
        ).fetchone()[0]
        print(f"estate {estates[0].name}: {households} households")
        figures = {}
        window.show_tab("consultation")
        figures["consultation_select_big"] = worst_gap_ms(
            app, lambda: context.select("estate", estates[0].uuid)
        )
        figures["consultation_select_other"] = worst_gap_ms(
            app, lambda: context.select("estate", estates[1].uuid)
        )
        figures["consultation_select_big_again"] = worst_gap_ms(
            app, lambda: context.select("estate", estates[0].uuid)
        )
        window.show_tab("map")
        worst_gap_ms(app, lambda: None)
        window.show_tab("overview")
        first = estates[1]

        def edit() -> None:
            context.project.estates.update(first.uuid, note="改了备注")
            context.notify_changed("estates")

        figures["edit_after_map_opened"] = worst_gap_ms(app, edit)
        for name, ms in figures.items():
            print(f"{name}: worst gap {ms:.0f} ms")
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
