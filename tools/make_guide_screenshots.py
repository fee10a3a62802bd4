"""Make the user guide's screenshots from the real window on the demo project.

    python tools/make_guide_screenshots.py [--language zh_CN|en] [--scale 1.0] [--out DIR]

Writes resources/guide/images/NN-<tab>.png (one per tab, via tools/screenshot.py),
00-new-project.png (the window on a new, empty project) and first-run.png (the first-start guide), as palette PNGs so the guide stays small. Run it
after changing the window; tests/gui/test_user_guide.py checks every picture the guide
names exists. Offscreen unless QT_QPA_PLATFORM is set; --scale sets QT_SCALE_FACTOR (to
look at the window as on a 150 % Windows display).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE_IMAGES = ROOT / "resources" / "guide" / "images"
TAB_FILES = ("01-map", "02-overview", "03-checklists", "04-consultation", "05-photos", "06-reports")
WINDOW_SIZE = "1100x700"  # a 1366×768 laptop screen, less the taskbar
COLOURS = 128  # screenshots are flat UI colours; 128 keeps text edges smooth


def compact_png(source: Path, target: Path) -> None:
    """Save as a palette PNG: a quarter of the size of the full-colour grab, text unchanged."""
    from PIL import Image

    with Image.open(source) as image:
        small = image.convert("RGB").quantize(COLOURS, method=Image.Quantize.MEDIANCUT)
        small.save(target, optimize=True)


def tab_shots(out: Path, language: str, env: dict[str, str]) -> list[Path]:
    raw = Path(tempfile.mkdtemp(prefix="guide-raw-"))
    command = [sys.executable, str(ROOT / "tools" / "screenshot.py"), "--out", str(raw)]
    command += ["--language", language, "--size", WINDOW_SIZE]
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    made = []
    for index, name in enumerate(TAB_FILES, start=1):
        found = sorted(raw.glob(f"{index:02d}-*.png"))
        if not found:
            raise SystemExit(f"tools/screenshot.py made no picture of tab {index}")
        target = out / f"{name}.png"
        compact_png(found[0], target)
        made.append(target)
    return made


def new_project_shot(out: Path, language: str, env: dict[str, str]) -> Path:
    """The window on a new, empty project: the tree says to make an estate first."""
    from retrofit_app.core.project import Project

    raw = Path(tempfile.mkdtemp(prefix="guide-raw-"))
    project = raw / "新项目.gpkg"
    Project.create(project).close()
    command = [sys.executable, str(ROOT / "tools" / "screenshot.py"), "--out", str(raw),
               "--project", str(project), "--estate", "", "--language", language, "--size", WINDOW_SIZE]  # fmt: skip
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    found = sorted(raw.glob("02-*.png"))
    if not found:
        raise SystemExit("tools/screenshot.py made no picture of the new project")
    target = out / "00-new-project.png"
    compact_png(found[0], target)
    return target


def first_run_shot(out: Path, language: str) -> Path:
    from PySide6.QtWidgets import QApplication

    from retrofit_app.core.settings import Settings
    from retrofit_app.gui.app import install_translations
    from retrofit_app.gui.dialogs.first_run_dialog import FirstRunDialog

    app = QApplication.instance() or QApplication(["retrofit-app"])
    _translators = install_translations(app, language)
    dialog = FirstRunDialog(Settings(language=language))
    dialog.show()
    for _ in range(5):
        app.processEvents()
    raw = Path(tempfile.mkdtemp(prefix="guide-raw-")) / "first-run.png"
    dialog.grab().save(str(raw))
    dialog.close()
    target = out / "first-run.png"
    compact_png(raw, target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=("zh_CN", "en"), default="zh_CN")
    parser.add_argument("--scale", type=float, default=1.0, help="QT_SCALE_FACTOR, e.g. 1.5")
    parser.add_argument("--out", type=Path, default=GUIDE_IMAGES)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    # Settings in a scratch folder: the first-run dialog saves its flag when it closes.
    scratch = Path(tempfile.mkdtemp(prefix="guide-settings-"))
    os.environ["RETROFIT_APP_CONFIG_DIR"] = str(scratch / "config")
    os.environ["RETROFIT_APP_DATA_DIR"] = str(scratch / "data")
    args.out.mkdir(parents=True, exist_ok=True)
    made = tab_shots(args.out, args.language, dict(os.environ))
    made.append(new_project_shot(args.out, args.language, dict(os.environ)))
    made.append(first_run_shot(args.out, args.language))
    total = sum(p.stat().st_size for p in made)
    for path in made:
        print(f"{path}  {path.stat().st_size // 1024} KB")
    print(f"total {total / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
