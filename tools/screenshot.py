"""Render the main window on the demo project to PNG files (for looking at it, and for the user guide).

    python tools/screenshot.py --out /tmp/shots [--project FILE] [--estate GL-0001]
                               [--search 颐和] [--language en] [--size 1280x800]
                               [--scale 1.5] [--font-size 14]

Writes one PNG per tab (01-地图.png ...). Runs offscreen unless QT_QPA_PLATFORM is
set (e.g. under xvfb-run). --scale mimics Windows' display scaling (125 %, 150 %:
QT_SCALE_FACTOR, so the PNG has that many more pixels) and --font-size its larger
text (the application font in points). Without --project it builds the demo project in a
temporary folder; settings are kept in a temporary folder too, so the user's own
settings are neither read nor changed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

# Render this checkout's code, not whichever copy of the package happens to be installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "retrofit-shots")
    parser.add_argument(
        "--project", type=Path, help="a project file (default: a fresh demo project)"
    )
    parser.add_argument("--estate", default="GL-0001", help="code or name of the estate to select (\"\": none)")
    parser.add_argument("--search", default="", help="text to type into the tree's search box")
    parser.add_argument("--language", choices=("zh_CN", "en"), default="zh_CN")
    parser.add_argument("--size", default="1280x800", help="the window in logical pixels")
    parser.add_argument("--scale", type=float, default=1.0, help="display scaling, e.g. 1.5")
    parser.add_argument("--font-size", type=int, default=0, help="application font in points")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"  # read when the QApplication starts
    scratch = Path(tempfile.mkdtemp(prefix="retrofit-shot-"))
    os.environ["RETROFIT_APP_CONFIG_DIR"] = str(scratch / "config")
    os.environ["RETROFIT_APP_DATA_DIR"] = str(scratch / "data")

    from PySide6.QtWidgets import QApplication

    from retrofit_app.core.settings import Settings
    from retrofit_app.gui.app import install_translations
    from retrofit_app.gui.context import AppContext
    from retrofit_app.gui.main_window import MainWindow

    app = QApplication(["retrofit-app"])
    if args.font_size > 0:
        font = app.font()
        font.setPointSize(args.font_size)
        app.setFont(font)
    settings = Settings(language=args.language, user_name="截图")
    _translators = install_translations(app, settings.language)
    project = scratch / (args.project.name if args.project else "示范项目-demo.gpkg")
    if args.project is None:
        from retrofit_app.core.demo import build_demo

        build_demo(project)
    else:
        # A picture must never change the user's file: work on a copy (backup API: consistent).
        from retrofit_app.core.storage.copies import save_copy

        save_copy(args.project, project)
    context = AppContext(settings)
    window = MainWindow(context)
    width, height = (int(n) for n in args.size.lower().split("x"))
    window.resize(width, height)
    window.show()
    if not window.open_project(project):
        return 1
    if args.search:
        window.tree.search.setText(args.search)
        window.tree.apply_search()
    if args.estate:  # --estate "" leaves nothing selected (a new project has no estate)
        estate = context.project.estates.resolve(args.estate)
        context.select("estate", estate.uuid)
        window.tree.view.expand(window.tree.index_of("estate", estate.uuid))
    if hasattr(window, "finish_start_up"):
        window.finish_start_up()  # the placeholder's button, icons and the Edit menu's actions
    args.out.mkdir(parents=True, exist_ok=True)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)  # builds the tab the first time
        for _ in range(5):  # let layouts and any lazy loading settle
            app.processEvents()
        path = args.out / f"{index + 1:02d}-{window.tabs.tabText(index)}.png"
        window.grab().save(str(path))
        print(path)
    context.jobs.wait_for_all()
    window.close()
    context.set_project(None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
