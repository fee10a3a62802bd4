"""Start-up, `info` and the estate tree on a large project."""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import best_of, large_project, row

import retrofit_app

_BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1280, 800); w.show(); app.processEvents()
print("shown", flush=True)
"""

_APP_WINDOW = """
import sys
from retrofit_app.gui.app import show_main_window
app, window = show_main_window([sys.argv[1]])
app.processEvents()
print("shown", flush=True)
"""


def _until_shown(script: str, *args: str) -> float:
    """Seconds from launch until the script says its window is shown (teardown not counted)."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    _out, err = proc.communicate()
    if "shown" not in line:
        raise RuntimeError(err[-2000:])
    return elapsed


def bench_startup(quick: bool) -> dict:
    from retrofit_app.core.demo import build_demo

    repeat = 4 if quick else 8
    # Start as an installed program starts: pip and PyInstaller install compiled bytecode, while
    # a source tree under PYTHONDONTWRITEBYTECODE (as on this machine) would compile every module
    # on every start (0.3-0.45 of the ratio). The floor's PySide6 is compiled bytecode too.
    compileall.compile_dir(Path(retrofit_app.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        demo = Path(folder) / "demo.gpkg"
        build_demo(demo)
        # Floor and app in turns, so a burst of other work on the machine falls on both alike.
        floors, seconds = [], []
        for _ in range(repeat):
            floors.append(_until_shown(_BARE_WINDOW))
            seconds.append(_until_shown(_APP_WINDOW, str(demo)))
    # Medians: on a shared machine the fastest floor run may fall in a quiet moment that no
    # app run had (fastest of each, best_ratio, swung 1.6-2.7 between runs of this benchmark).
    return row(
        "startup_main_window_demo",
        statistics.median(seconds),
        statistics.median(floors),
        target_ratio=2.0,
        best_ratio=round(min(seconds) / min(floors), 2),
    )


def bench_info(quick: bool) -> dict:
    path = large_project()
    repeat = 2 if quick else 5
    floor_script = "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('select count(*) from households').fetchone())"
    floor = best_of(lambda: subprocess.run([sys.executable, "-c", floor_script, str(path)], check=True,
                                           capture_output=True), repeat)  # fmt: skip
    seconds = best_of(lambda: subprocess.run([sys.executable, "-m", "retrofit_app", "info", str(path), "--json"],
                                             check=True, capture_output=True), repeat)  # fmt: skip
    return row("info_large_project", seconds, floor, target_seconds=0.5)


def bench_tree(quick: bool) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from retrofit_app.core.project import Project
    from retrofit_app.core.storage import queries
    from retrofit_app.gui.estate_tree import EstateTree

    app = QApplication.instance() or QApplication([])
    path = large_project()
    repeat = 2 if quick else 5
    with Project(path, readonly=True) as project:
        floor = best_of(lambda: queries.tree_rows(project.db), repeat)

        def fill() -> None:
            tree = EstateTree.for_project(project)
            app.processEvents()
            tree.deleteLater()

        seconds = best_of(fill, repeat)
    return row("estate_tree_fill_large_project", seconds, floor, target_seconds=0.5)


def run(quick: bool) -> list[dict]:
    return [bench_startup(quick), bench_info(quick), bench_tree(quick)]
