"""Render the app icon (resources/icons/app.svg) to PNG sizes, a Windows ICO and the window's PNG.

    python packaging/make_icons.py

Writes packaging/icons/app-16.png … app-256.png, packaging/icons/app.ico and
resources/icons/app.png (256 px, the window icon shipped with the package).
Run it after changing app.svg; the outputs are committed so a build needs no Qt SVG step.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "app.svg"
OUT = ROOT / "packaging" / "icons"
SIZES = (16, 32, 48, 64, 128, 256)


def render(size: int, target: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    if not image.save(str(target)):
        raise OSError(f"cannot write {target}")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(["make_icons"])
    OUT.mkdir(parents=True, exist_ok=True)
    pngs = []
    for size in SIZES:
        target = OUT / f"app-{size}.png"
        render(size, target)
        pngs.append(target)
    render(256, ROOT / "resources" / "icons" / "app.png")
    # Each size drawn from the SVG, not scaled down from 256 by Pillow: sharper at 16 and 32.
    images = [Image.open(p) for p in pngs]
    images[-1].save(OUT / "app.ico", sizes=[(s, s) for s in SIZES], append_images=images[:-1])
    for path in [*pngs, OUT / "app.ico"]:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
