"""Map: one frame of the Map tab (300 estates, 3,000 buildings, a basemap) and opening a 10 MB MBTiles file.

Floors, measured in the same run: QPainter drawing the same boundary and footprint paths and
the same tiles straight onto an image (no scene, no items); and sqlite3 opening the MBTiles
file and reading its metadata table.
"""

from __future__ import annotations

import io
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))  # mbtiles_files: the test basemaps

from common import row  # noqa: E402
from mbtiles_files import write_mbtiles  # noqa: E402
from PIL import Image  # noqa: E402

from retrofit_app.core.geo.gpkg_geometry import to_gpkg  # noqa: E402
from retrofit_app.core.geo.mbtiles import MBTiles  # noqa: E402
from retrofit_app.core.geo.mercator import tile_of, to_mercator  # noqa: E402
from retrofit_app.core.project import Project  # noqa: E402
from retrofit_app.core.storage import records  # noqa: E402

WEST, SOUTH, EAST, NORTH = 118.70, 31.98, 118.90, 32.12
SIZE = (1100, 750)


def square(lon: float, lat: float, d: float) -> list[list[float]]:
    return [[lon, lat], [lon + d, lat], [lon + d, lat + d * 0.7], [lon, lat + d * 0.7], [lon, lat]]


def make_project(path: Path, estates: int, buildings_each: int) -> Path:
    rng = random.Random(6)
    with Project.create(path, user="bench") as project, project.write() as db:
        for i in range(estates):
            lon, lat = rng.uniform(WEST, EAST - 0.005), rng.uniform(SOUTH, NORTH - 0.004)
            estate = project.estates.create(
                f"小区{i}", "鼓楼区", lon=lon + 0.0015, lat=lat + 0.001,
                boundary={"type": "Polygon", "coordinates": [square(lon, lat, 0.003)]},
            )  # fmt: skip
            for b in range(buildings_each):
                blon, blat = lon + 0.0002 + (b % 5) * 0.0005, lat + 0.0002 + (b // 5) * 0.0008
                records.insert_row(db, "buildings", {
                    "estate_uuid": estate.uuid, "name": f"{b + 1}幢",
                    "geom": to_gpkg({"type": "Polygon", "coordinates": [square(blon, blat, 0.0004)]}),
                }, "bench")  # fmt: skip
    return path


def make_basemap(path: Path, zooms: range, noisy: bool) -> Path:
    rng = random.Random(1)

    def tiles():  # noqa: ANN202
        for z in zooms:
            c0, r0 = tile_of(*to_mercator(WEST, NORTH), z)
            c1, r1 = tile_of(*to_mercator(EAST, SOUTH), z)
            for c in range(c0, c1 + 1):
                for r in range(r0, r1 + 1):
                    if noisy:  # incompressible tiles, so the file really is that big
                        image = Image.frombytes("RGB", (256, 256), rng.randbytes(256 * 256 * 3))
                    else:
                        image = Image.new("RGB", (256, 256), (230 - (c + r) % 3 * 8, 228, 220))
                    buffer = io.BytesIO()
                    image.save(buffer, "PNG")
                    yield z, c, r, buffer.getvalue()

    return write_mbtiles(path, tiles(), {"name": "bench", "format": "png"})


def frame_times(
    project_path: Path, basemap_path: Path, frames: int
) -> tuple[list[float], list[float]]:
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from retrofit_app.core.settings import Settings
    from retrofit_app.gui.context import AppContext
    from retrofit_app.gui.tabs.map_tab import MapTab

    app = QApplication.instance() or QApplication([])
    context = AppContext(Settings())
    context.set_project(Project(project_path))
    tab = MapTab(context)
    tab.resize(*SIZE)
    tab.show()
    app.processEvents()
    tab.add_basemap(basemap_path)
    tab.zoom_to_all()
    view = tab.view
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)

    def ours() -> None:
        painter = QPainter(image)
        view.render(painter)
        painter.end()

    # The floor: the same paths and tiles painted directly, with the view's transform.
    rect = view.visible_scene_rect()
    shapes = tab.layers.estate_batch.shapes + tab.layers.building_batch.shapes
    paths = [(s.path, s.pen, s.brush) for s in shapes]
    basemap = view.basemap

    def floor() -> None:
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setTransform(view.viewportTransform())
        basemap.paint(painter, rect, view.pixels_per_metre(), tab.projection)
        for path, pen, brush in paths:
            painter.setPen(pen)
            painter.setBrush(brush)
            painter.drawPath(path)
        painter.end()

    ours(), floor()  # warm the tile cache for both
    timed = {"ours": [], "floor": []}
    for _ in range(frames):
        for name, func in (("ours", ours), ("floor", floor)):
            start = time.perf_counter()
            func()
            timed[name].append(time.perf_counter() - start)
    context.set_project(None)
    return timed["ours"], timed["floor"]


def run(quick: bool) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        project = make_project(base / "map.gpkg", 300, 10)
        basemap = make_basemap(base / "basemap.mbtiles", range(11, 15), noisy=False)
        ours, floor = frame_times(project, basemap, 7 if quick else 21)
        results.append(row("map_frame_300_estates_3000_buildings", statistics.median(ours), statistics.median(floor),
                           limit_seconds=0.030))  # fmt: skip

        big = make_basemap(base / "big.mbtiles", range(10, 15), noisy=True)  # over 10 MB
        repeat = 5 if quick else 20

        def open_ours() -> float:
            start = time.perf_counter()
            MBTiles(big).close()
            return time.perf_counter() - start

        def open_floor() -> float:
            start = time.perf_counter()
            conn = sqlite3.connect(big)
            conn.execute("SELECT name, value FROM metadata").fetchall()
            conn.close()
            return time.perf_counter() - start

        results.append(row("mbtiles_open", statistics.median(open_ours() for _ in range(repeat)),
                           statistics.median(open_floor() for _ in range(repeat)),
                           file_mb=round(big.stat().st_size / 1e6, 1)))  # fmt: skip
    return results
