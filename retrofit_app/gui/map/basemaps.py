"""Offline basemaps on the canvas: MBTiles files, one shown at a time, tiles decoded on demand and cached as images."""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from retrofit_app.core.geo.mbtiles import MBTiles
from retrofit_app.core.geo.mercator import tile_bounds, tile_of, zoom_for_resolution
from retrofit_app.gui.map.projection import MapProjection

MAX_TILES_PER_FRAME = 400  # beyond this the view is far outside the file's zooms: draw nothing


@dataclass
class Basemap:
    source: MBTiles
    gcj02: bool = False
    images: OrderedDict[tuple[int, int, int], QImage | None] = field(default_factory=OrderedDict)
    cache_size: int = 256

    @property
    def name(self) -> str:
        return self.source.info.name

    @property
    def path(self) -> Path:
        return self.source.path

    def image(self, zoom: int, col: int, row: int) -> QImage | None:
        key = (zoom, col, row)
        if key in self.images:
            self.images.move_to_end(key)
            return self.images[key]
        data = self.source.tile(zoom, col, row)
        image = QImage.fromData(data) if data else None
        if image is not None and image.isNull():
            image = None  # a damaged tile leaves a gap rather than stopping the map
        self.images[key] = image
        if len(self.images) > self.cache_size:
            self.images.popitem(last=False)
        return image

    def tile_zoom(self, pixels_per_metre: float) -> int:
        # The nearest level: tiles are drawn between 0.7× and 1.4× their size.
        wanted = zoom_for_resolution(1 / pixels_per_metre)
        return self.source.best_zoom(math.floor(wanted + 0.5))

    def paint(
        self, painter: QPainter, rect: QRectF, pixels_per_metre: float, projection: MapProjection
    ) -> int:
        """Draw the tiles covering scene `rect`; returns how many were drawn."""
        zoom = self.tile_zoom(pixels_per_metre)
        min_x, max_y = projection.scene_to_mercator(rect.topLeft())
        max_x, min_y = projection.scene_to_mercator(rect.bottomRight())
        col0, row0 = tile_of(min_x, max_y, zoom)
        col1, row1 = tile_of(max_x, min_y, zoom)
        if (col1 - col0 + 1) * (row1 - row0 + 1) > MAX_TILES_PER_FRAME:
            return 0
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        drawn = 0
        for col in range(col0, col1 + 1):
            for row in range(row0, row1 + 1):
                image = self.image(zoom, col, row)
                if image is None:
                    continue
                bx0, by0, bx1, by1 = tile_bounds(col, row, zoom)
                target = QRectF(
                    projection.mercator_to_scene(bx0, by1), projection.mercator_to_scene(bx1, by0)
                )
                painter.drawImage(target, image)
                drawn += 1
        return drawn

    def close(self) -> None:
        self.source.close()
