"""Is a polygon drawable and valid: closed rings, enough points, lon/lat in range, no self-crossing."""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable
from enum import StrEnum
from typing import Any


class GeometryProblem(StrEnum):
    UNSUPPORTED = "unsupported"
    TOO_FEW_POINTS = "too_few_points"
    NOT_CLOSED = "not_closed"
    OUT_OF_RANGE = "out_of_range"
    SELF_INTERSECTION = "self_intersection"
    BAD_COORDINATES = "bad_coordinates"


def _orient(a: tuple, b: tuple, c: tuple) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _on_segment(a: tuple, b: tuple, p: tuple) -> bool:
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def segments_cross(a: tuple, b: tuple, c: tuple, d: tuple) -> bool:
    """Do segments ab and cd touch or cross (collinear overlap counts)?"""
    d1, d2 = _orient(c, d, a), _orient(c, d, b)
    d3, d4 = _orient(a, b, c), _orient(a, b, d)
    if ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4)):
        return True
    return (
        (d1 == 0 and _on_segment(c, d, a))
        or (d2 == 0 and _on_segment(c, d, b))
        or (d3 == 0 and _on_segment(a, b, c))
        or (d4 == 0 and _on_segment(a, b, d))
    )


def _folds_back(first: tuple, second: tuple, shared: tuple) -> bool:
    """Two edges that share the vertex `shared` meet elsewhere only by folding back along a line."""
    a, b = first
    c, d = second
    other_first = a if shared == b else b
    other_second = d if shared == c else c
    return (_orient(a, b, other_second) == 0 and _on_segment(a, b, other_second)) or (
        _orient(c, d, other_first) == 0 and _on_segment(c, d, other_first)
    )


def _order_at(ends: list, slopes: list[float], x: float) -> Callable[[int], tuple[float, float]]:
    """The sort key of edge k on the sweep line at `x`: its height there, then its slope."""

    def key(k: int) -> tuple[float, float]:
        (x0, y0), (x1, y1) = ends[k]
        if x <= x0 or x1 == x0:
            return y0, slopes[k]
        if x >= x1:
            return y1, slopes[k]
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0), slopes[k]

    return key


def ring_self_intersects(ring: list[tuple[float, float]]) -> bool:
    """A closed ring crosses itself when two non-neighbouring edges meet (or neighbours fold back).

    A Shamos-Hoey sweep from west to east: edges enter and leave a list ordered south to north
    at the sweep line, and only edges that become neighbours in that list are compared, so a
    20,000-vertex boundary takes well under a second (comparing every pair took minutes).
    """
    edges = list(zip(ring[:-1], ring[1:], strict=True))
    n = len(edges)
    if any(a == b for a, b in edges):
        return True  # a repeated vertex: a zero-length edge folds back onto its neighbour

    def meet(i: int, j: int) -> bool:
        return _edges_meet(edges, i, j)

    ends, slopes = _west_to_east(edges)
    events = sorted([(ends[i][0], 0, i) for i in range(n)] + [(ends[i][1], 1, i) for i in range(n)])
    active: list[int] = []
    for point, leaving, i in events:
        at_sweep = _order_at(ends, slopes, point[0])
        if not leaving:
            place = bisect.bisect_left(active, (point[1], slopes[i]), key=at_sweep)
            active.insert(place, i)
            # The new edge against its neighbours below and above.
            pairs = [
                (active[k], active[k + 1]) for k in (place - 1, place) if 0 <= k < len(active) - 1
            ]
            if any(meet(a, b) for a, b in pairs):
                return True
        else:
            place = _remove(active, i, point[1], at_sweep)
            if 0 < place < len(active) and meet(active[place - 1], active[place]):
                return True
    return False


def _edges_meet(edges: list[tuple[tuple, tuple]], i: int, j: int) -> bool:
    """Edges i and j meet: cross or touch, or (neighbours) fold back onto each other."""
    if abs(i - j) == 1:
        return _folds_back(edges[i], edges[j], edges[min(i, j)][1])
    if abs(i - j) == len(edges) - 1:
        return _folds_back(edges[i], edges[j], edges[0][0])
    return segments_cross(*edges[i], *edges[j])


def _west_to_east(edges: list[tuple[tuple, tuple]]) -> tuple[list, list[float]]:
    """Each edge from its west (then south) end to its east end, and its slope (which orders
    edges leaving one point)."""
    ends = [(a, b) if a <= b else (b, a) for a, b in edges]
    slopes = [(q[1] - p[1]) / (q[0] - p[0]) if q[0] != p[0] else math.inf for p, q in ends]
    return ends, slopes


def _remove(
    active: list[int], i: int, y: float, at_sweep: Callable[[int], tuple[float, float]]
) -> int:
    """Take edge i out of the sweep line's list; its place there is returned."""
    # Found by its place at the sweep line; a slip of rounding falls back to a scan.
    low = bisect.bisect_left(active, (y, -math.inf), key=at_sweep)
    high = bisect.bisect_right(active, (y, math.inf), lo=low, key=at_sweep)
    try:
        place = active.index(i, low, max(high, low + 1))
    except ValueError:
        place = active.index(i)
    del active[place]
    return place


def _number(value: Any) -> bool:
    """A finite JSON number: not text ("118.8"), not true/false, not NaN."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _points(raw: Any) -> list[tuple[float, float]] | None:
    """The (x, y) of each position, or None when a position is not at least two numbers."""
    if not isinstance(raw, list | tuple):
        return None
    points = []
    for p in raw:
        if not isinstance(p, list | tuple) or len(p) < 2 or not (_number(p[0]) and _number(p[1])):
            return None
        points.append((float(p[0]), float(p[1])))
    return points


def check_ring(raw: Any, *, lon_lat: bool = True) -> GeometryProblem | None:
    ring = _points(raw)
    if ring is None:
        return GeometryProblem.BAD_COORDINATES
    if len(ring) < 4:
        return GeometryProblem.TOO_FEW_POINTS
    if ring[0] != ring[-1]:
        return GeometryProblem.NOT_CLOSED
    if lon_lat and any(not (-180 <= x <= 180 and -90 <= y <= 90) for x, y in ring):
        return GeometryProblem.OUT_OF_RANGE
    if len(set(ring[:-1])) < 3:
        return GeometryProblem.TOO_FEW_POINTS
    if ring_self_intersects(ring):
        return GeometryProblem.SELF_INTERSECTION
    return None


def check_geometry(geometry: Any) -> GeometryProblem | None:
    """None when `geometry` (a GeoJSON-style dict, 2D) is a valid Point, Polygon or MultiPolygon."""
    if not isinstance(geometry, dict):
        return GeometryProblem.UNSUPPORTED
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Point":
        return _check_point(coords)
    if kind == "Polygon":
        return _check_polygons([coords])
    if kind == "MultiPolygon":
        return _check_polygons(coords)
    return GeometryProblem.UNSUPPORTED


def _check_point(coords: Any) -> GeometryProblem | None:
    pts = _points([coords]) if isinstance(coords, list | tuple) else None
    if not pts:
        return GeometryProblem.BAD_COORDINATES
    x, y = pts[0]
    return None if -180 <= x <= 180 and -90 <= y <= 90 else GeometryProblem.OUT_OF_RANGE


def _check_polygons(polygons: Any) -> GeometryProblem | None:
    if not isinstance(polygons, list) or not polygons:
        return GeometryProblem.BAD_COORDINATES
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return GeometryProblem.BAD_COORDINATES
        for ring in polygon:
            problem = check_ring(ring)
            if problem:
                return problem
    return None
