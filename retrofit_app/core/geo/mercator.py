"""Web Mercator (EPSG:3857) metres <-> lon/lat, tile numbers, ground resolution, distances."""

from __future__ import annotations

import math

EARTH_RADIUS = 6378137.0
HALF_WORLD = math.pi * EARTH_RADIUS  # 20037508.34 m: the map spans ±HALF_WORLD in x and y
MAX_LAT = 85.0511287798066  # where Web Mercator's square world ends
TILE_SIZE = 256


def to_mercator(lon: float, lat: float) -> tuple[float, float]:
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    x = math.radians(lon) * EARTH_RADIUS
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * EARTH_RADIUS
    return x, y


def to_lon_lat(x: float, y: float) -> tuple[float, float]:
    lon = math.degrees(x / EARTH_RADIUS)
    lat = math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS)) - math.pi / 2)
    return lon, lat


def tile_span(zoom: int) -> float:
    """Width of one tile in metres at `zoom`."""
    return 2 * HALF_WORLD / (1 << zoom)


def zoom_for_resolution(metres_per_px: float) -> float:
    """The (fractional) zoom level whose tiles show `metres_per_px` at 1:1."""
    return math.log2(2 * HALF_WORLD / (TILE_SIZE * metres_per_px))


def tile_of(x: float, y: float, zoom: int) -> tuple[int, int]:
    """XYZ tile (column, row) holding the Mercator point; row 0 is the north edge (XYZ scheme)."""
    span = tile_span(zoom)
    n = (1 << zoom) - 1
    col = int((x + HALF_WORLD) // span)
    row = int((HALF_WORLD - y) // span)
    return max(0, min(n, col)), max(0, min(n, row))


def tile_bounds(col: int, row: int, zoom: int) -> tuple[float, float, float, float]:
    """(min_x, min_y, max_x, max_y) in Mercator metres of XYZ tile (col, row)."""
    span = tile_span(zoom)
    min_x = -HALF_WORLD + col * span
    max_y = HALF_WORLD - row * span
    return min_x, max_y - span, min_x + span, max_y


def scale_factor(lat: float) -> float:
    """How much Web Mercator stretches ground distances at `lat` (1 / cos lat)."""
    return 1 / math.cos(math.radians(lat))


def ground_metres(mercator_metres: float, lat: float) -> float:
    return mercator_metres / scale_factor(lat)
