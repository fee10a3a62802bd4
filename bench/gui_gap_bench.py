"""Blocked event loop in the window (issue 21 point 1): the worst gap between ticks of a 10 ms
QTimer while the window does what a user does. Not a timed test: figures to read.

Usage: QT_QPA_PLATFORM=offscreen python bench/gui_gap_bench.py [--scale 1|4] [--project PATH]
       [--copy PATH] [--only district|big-estate]

Two sets of rows:
- district (on --project, by default the district project of bench/district_bench.py at --scale,
  made once into ~/.cache/retrofit-app-bench): opening the project in the window (its scheduled
  backup at opening runs in the background and is waited for after the row), selecting an estate
  and switching between two, the first opening of every tab (each its own row, the estate with the
  most photos selected), switching estates again with every tab built, a photo caption edit and
  its undo on the Photos tab (the Map tab opened before), selecting the estate with the most
  households on the Consultation tab. The window opens a copy (it writes): a temporary one made
  with SQLite's backup and removed after, or --copy PATH, made when missing and kept for the
  next run (the project itself is never written).
- big-estate (3 estates, the first with ~2,000 households, built once into the cache): selecting
  the 2,000-household estate on the Consultation tab, another, the big one again, and an estate
  edit with the Map tab opened before.
Each row: the worst gap in ms over the action and what follows it (background reads landing
included) until the jobs are done and `settle` ms have passed. Other work on the machine inflates
gaps: repeat the run and give the spread.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
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


def worst_gap_ms(app, action: Callable[[], None], settle_ms: int = 1500, jobs=None) -> float:  # noqa: ANN001
    """Run `action` on the event loop with a 10 ms timer ticking; the longest wait between ticks,
    until `settle_ms` have passed and (given `jobs`) no background job is left running."""
    from PySide6.QtCore import QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    QTimer.singleShot(30, action)
    end = time.perf_counter() + settle_ms / 1000
    give_up = end + 120
    while time.perf_counter() < end or (jobs is not None and jobs.active_count()
                                        and time.perf_counter() < give_up):  # fmt: skip
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    return max((b - a for a, b in zip(ticks, ticks[1:], strict=False)), default=0) * 1000


def _window(app):  # noqa: ANN001, ANN202
    from retrofit_app.core.settings import Settings
    from retrofit_app.gui.context import AppContext
    from retrofit_app.gui.main_window import MainWindow

    context = AppContext(Settings.load())
    context.jobs.show_progress = False
    window = MainWindow(context)
    window.resize(1400, 900)
    return context, window


def _started(app, window) -> None:  # noqa: ANN001
    window.show()
    while not window.started_up:
        app.processEvents()


def big_estate_rows(app) -> dict[str, float]:  # noqa: ANN001
    import shutil

    with tempfile.TemporaryDirectory(prefix="gap-bench-") as folder:
        path = Path(folder) / "big.gpkg"
        shutil.copyfile(big_estate_project(), path)
        context, window = _window(app)
        assert window.open_project(path)
        _started(app, window)
        context.jobs.wait_for_all()
        worst_gap_ms(app, lambda: None, settle_ms=5000)  # the window's warm-up imports, after start
        estates = context.project.estates.list()
        print(
            f"big-estate: {estates[0].name} {_households(context.project, estates[0].uuid)} households"
        )
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
        window.close()
        context.jobs.wait_for_all()
    return figures


def _households(project, estate_uuid: str) -> int:  # noqa: ANN001
    return project.conn.execute(
        "SELECT count(*) FROM households h JOIN units u ON u.uuid = h.unit_uuid "
        "JOIN buildings b ON b.uuid = u.building_uuid WHERE b.estate_uuid = ?",
        [estate_uuid],
    ).fetchone()[0]


def _copy(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup (the source is only read)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst, pages=65536)
    finally:
        dst.close()
        src.close()


def district_rows(app, path: Path) -> dict[str, float]:  # noqa: ANN001
    from retrofit_app.gui.tabs.registry import TABS

    context, window = _window(app)
    _started(app, window)
    worst_gap_ms(app, lambda: None, settle_ms=5000)  # the window's warm-up imports, after start
    figures = {}
    figures["open_project"] = worst_gap_ms(
        app, lambda: window.open_project(path), 3000, context.jobs
    )
    context.jobs.wait_for_all()  # a scheduled backup may still run
    project = context.project
    by_photos = [r[0] for r in project.conn.execute(
        "SELECT e.uuid FROM estates e LEFT JOIN photos p ON p.estate_uuid = e.uuid"
        " AND p.deleted_at IS NULL GROUP BY e.uuid ORDER BY count(p.uuid) DESC")]  # fmt: skip
    photo_estate, other = by_photos[0], by_photos[1]
    biggest = max(by_photos, key=lambda uuid: _households(project, uuid))
    print(f"district: {len(by_photos)} estates; the biggest {_households(project, biggest)} households; "
          f"{project.conn.execute('SELECT count(*) FROM photos').fetchone()[0]} photos")  # fmt: skip

    def select(uuid: str) -> Callable[[], None]:
        return lambda: context.select("estate", uuid)

    def gap(action: Callable[[], None]) -> float:
        return worst_gap_ms(app, action, jobs=context.jobs)

    figures["select_estate"] = gap(select(photo_estate))
    figures["switch_estate"] = max(gap(select(other)), gap(select(photo_estate)))
    for spec in TABS:
        if spec.name != "overview":  # built with the window
            figures[f"first_open_{spec.name}"] = gap(lambda name=spec.name: window.show_tab(name))
    figures["switch_estate_all_tabs_built"] = max(gap(select(other)), gap(select(photo_estate)))
    photos = window.show_tab("photos")
    gap(lambda: None)
    photos.gallery.setCurrentIndex(photos.model.index(0))
    gap(lambda: None)

    def edit_caption() -> None:
        photos.detail.caption_edit.setText("3幢北立面外墙渗水（基准）")
        photos.detail.caption_edit.editingFinished.emit()

    figures["photo_caption_edit"] = gap(edit_caption)
    figures["photo_caption_undo"] = gap(context.undo_stack.undo)
    window.show_tab("consultation")
    gap(select(other))
    figures["consultation_select_biggest"] = gap(select(biggest))
    window.close()
    context.jobs.wait_for_all()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="the district project's scale")
    parser.add_argument("--project", type=Path, help="another project (only read)")
    parser.add_argument(
        "--copy", type=Path, help="the window's working copy, kept for the next run"
    )
    parser.add_argument("--only", choices=("district", "big-estate"))
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    rows: dict[str, dict[str, float]] = {}
    if args.only != "big-estate":
        if args.project is None:
            from district_bench import district_project

            args.project = district_project(args.scale)
        with tempfile.TemporaryDirectory(prefix="gap-bench-") as folder:
            copy = args.copy or Path(folder) / "district.gpkg"
            if not copy.exists():
                _copy(args.project, copy)
            rows["district"] = district_rows(app, copy)
    if args.only != "district":
        rows["big-estate"] = big_estate_rows(app)
    for section, figures in rows.items():
        for name, ms in figures.items():
            print(json.dumps({"name": f"{section}:{name}", "worst_gap_ms": round(ms)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
