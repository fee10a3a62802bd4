"""Is a polygon drawable and valid: closed rings, enough points, lon/lat in range, no self-crossing."""

from __future__ import annotations

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


def ring_self_intersects(ring: list[tuple[float, float]]) -> bool:
    """A closed ring crosses itself when two non-neighbouring edges meet.

    O(n²) on purpose: estate boundaries and footprints have tens of vertices, not thousands.
    """
    edges = list(zip(ring[:-1], ring[1:], strict=True))
    n = len(edges)
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                # Neighbours share a vertex; they only count if they fold back onto each other.
                shared = edges[i][1] if j == i + 1 else edges[i][0]
                a, b = edges[i]
                c, d = edges[j]
                other_i = a if shared == b else b
                other_j = d if shared == c else c
                if _orient(a, b, other_j) == 0 and _on_segment(a, b, other_j):
                    return True
                if _orient(c, d, other_i) == 0 and _on_segment(c, d, other_i):
                    return True
                continue
            if segments_cross(*edges[i], *edges[j]):
                return True
    return False


def _points(raw: Any) -> list[tuple[float, float]] | None:
    try:
        return [(float(p[0]), float(p[1])) for p in raw]
    except (TypeError, ValueError, IndexError):
        return None


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
        pts = _points([coords]) if isinstance(coords, list | tuple) else None
        if not pts:
            return GeometryProblem.BAD_COORDINATES
        x, y = pts[0]
        return None if -180 <= x <= 180 and -90 <= y <= 90 else GeometryProblem.OUT_OF_RANGE
    if kind == "Polygon":
        polygons = [coords]
    elif kind == "MultiPolygon":
        polygons = coords
    else:
        return GeometryProblem.UNSUPPORTED
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
