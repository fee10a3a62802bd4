"""Scene coordinates of the map: Web Mercator metres around an origin, y pointing down, optionally shifted to GCJ-02."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPolygonF

from retrofit_app.core.geo.gcj02 import gcj02_to_wgs84, wgs84_to_gcj02
from retrofit_app.core.geo.mercator import EARTH_RADIUS, MAX_LAT, to_lon_lat, to_mercator

# Central Nanjing: the origin when a project has no positions yet.
DEFAULT_CENTRE = (118.7969, 32.0603)


class MapProjection:
    """Our data is WGS-84; when the basemap is GCJ-02 the data is shifted onto it (the tiles never move).

    Scene units are Mercator metres relative to `origin`, so coordinates stay small and exact
    as floats, and y grows downwards as Qt expects.
    """

    def __init__(
        self, origin: tuple[float, float] = DEFAULT_CENTRE, *, gcj02: bool = False
    ) -> None:
        self.origin = to_mercator(*origin)
        self.gcj02 = gcj02

    def set_origin(self, lon_lat: tuple[float, float]) -> None:
        self.origin = to_mercator(*lon_lat)

    def mercator_to_scene(self, x: float, y: float) -> QPointF:
        return QPointF(x - self.origin[0], self.origin[1] - y)

    def scene_to_mercator(self, point: QPointF) -> tuple[float, float]:
        return point.x() + self.origin[0], self.origin[1] - point.y()

    def to_scene(self, lon: float, lat: float) -> QPointF:
        if self.gcj02:
            lon, lat = wgs84_to_gcj02(lon, lat)
        return self.mercator_to_scene(*to_mercator(lon, lat))

    def to_lon_lat(self, point: QPointF) -> tuple[float, float]:
        """The WGS-84 position under a scene point (undoing the GCJ-02 shift when it is on)."""
        lon, lat = to_lon_lat(*self.scene_to_mercator(point))
        return gcj02_to_wgs84(lon, lat) if self.gcj02 else (lon, lat)

    def ring(self, coords: list) -> QPolygonF:
        if self.gcj02:
            return QPolygonF([self.to_scene(p[0], p[1]) for p in coords])
        # Inlined Web Mercator: building thousands of footprints calls this for every vertex.
        ox, oy = self.origin
        points = []
        for p in coords:
            lat = max(-MAX_LAT, min(MAX_LAT, p[1]))
            points.append(
                QPointF(
                    math.radians(p[0]) * EARTH_RADIUS - ox,
                    oy - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * EARTH_RADIUS,
                )
            )
        return QPolygonF(points)

    def lon_lat_rect(self, west: float, south: float, east: float, north: float) -> QRectF:
        return QRectF(self.to_scene(west, north), self.to_scene(east, south)).normalized()
