"""Which estate a photo's GPS position falls in: point-in-polygon over estate boundaries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retrofit_app.core.geo.gpkg_geometry import GeometryError, from_gpkg
from retrofit_app.core.storage import photo_store

if TYPE_CHECKING:
    from sqlite_utils import Database


def _in_ring(x: float, y: float, ring: list[list[float]]) -> bool:
    """Even-odd ray casting; a point exactly on an edge may fall either way, which is fine for a suggestion."""
    inside = False
    for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def in_polygon(lon: float, lat: float, geometry: dict[str, Any]) -> bool:
    """Inside the outer ring and outside every hole, for a Polygon or MultiPolygon."""
    kind = geometry.get("type")
    polygons = (
        [geometry["coordinates"]]
        if kind == "Polygon"
        else geometry["coordinates"]
        if kind == "MultiPolygon"
        else []
    )
    for rings in polygons:
        if (
            rings
            and _in_ring(lon, lat, rings[0])
            and not any(_in_ring(lon, lat, hole) for hole in rings[1:])
        ):
            return True
    return False


class EstateLocator:
    """Estate boundaries read once, then asked for many photos of a batch."""

    def __init__(self, db: Database) -> None:
        self._shapes: list[tuple[str, str, dict[str, Any]]] = []
        for row in photo_store.estate_boundaries(db):
            try:
                geometry = from_gpkg(row["geom"])
            except GeometryError:
                continue  # `check` reports a broken boundary; a suggestion just skips it
            if geometry:
                self._shapes.append((row["uuid"], row["code"], geometry))

    def estate_at(self, lon: float | None, lat: float | None) -> tuple[str, str] | None:
        """(uuid, code) of the first estate whose boundary holds the point."""
        if lon is None or lat is None:
            return None
        for uuid, code, geometry in self._shapes:
            if in_polygon(lon, lat, geometry):
                return uuid, code
        return None
