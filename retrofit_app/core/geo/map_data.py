"""What the map draws, read in one go: estates (point, boundary, stage), buildings, photo points; and reference layers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrofit_app.core.geo.geojson_read import (
    Reading,
    declared_crs,
    flatten_2d,
    load_document,
    moved,
)
from retrofit_app.core.geo.gpkg_geometry import Geometry, GeometryError, from_gpkg, read_many
from retrofit_app.core.model import Stage
from retrofit_app.core.storage import geo_store
from retrofit_app.core.words import Msg

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


@dataclass(frozen=True)
class EstateShape:
    uuid: str
    code: str
    name: str
    stage: Stage
    point: tuple[float, float] | None
    boundary: Geometry | None


@dataclass(frozen=True)
class BuildingShape:
    uuid: str
    estate_uuid: str
    name: str
    geometry: Geometry


@dataclass(frozen=True)
class PhotoPoint:
    uuid: str
    estate_uuid: str
    lon: float
    lat: float
    stage_tag: str
    caption: str


@dataclass(frozen=True)
class MapData:
    estates: list[EstateShape]
    buildings: list[BuildingShape]
    photos: list[PhotoPoint]
    # Features left out, each a sentence naming the layer and the feature (Msg, say() fills it).
    notes: list[Msg] = field(default_factory=list)

    def extent(self) -> tuple[float, float, float, float] | None:
        """(west, south, east, north) of everything, or None for an empty map."""
        xs: list[float] = []
        ys: list[float] = []
        for lon, lat in self.all_positions():
            xs.append(lon)
            ys.append(lat)
        return (min(xs), min(ys), max(xs), max(ys)) if xs else None

    def all_positions(self) -> list[tuple[float, float]]:
        found = [e.point for e in self.estates if e.point]
        for e in self.estates:
            if e.boundary:
                found += list(outer_points(e.boundary))
        for b in self.buildings:
            found += list(outer_points(b.geometry))
        found += [(p.lon, p.lat) for p in self.photos]
        return found


def outer_points(geometry: Geometry) -> list[tuple[float, float]]:
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Point":
        return [tuple(coords[:2])]
    if kind == "Polygon":
        return [tuple(p[:2]) for p in coords[0]]
    if kind == "MultiPolygon":
        return [tuple(p[:2]) for poly in coords for p in poly[0]]
    return []


def geometry_or_note(
    blob: bytes | None, layer: str, name: str, notes: list[Msg]
) -> Geometry | None:
    """The blob as drawn, or None with a sentence in `notes` naming the layer and the feature
    (a curve, an unknown coordinate system, a broken blob): one feature left out, not the map."""
    try:
        return from_gpkg(blob)
    except GeometryError as error:
        notes.append(Msg("geometry.skipped", layer=Msg(layer), name=name, reason=error.reason))
        return None


def geometries_or_notes(
    blobs: list[bytes | None], layer: str, names: list[str], notes: list[Msg]
) -> list[Geometry | None]:
    """geometry_or_note for a whole layer at once (GEOS called once, not per feature)."""
    found: list[Geometry | None] = []
    for read, name in zip(read_many(blobs), names, strict=True):
        if isinstance(read, GeometryError):
            notes.append(Msg("geometry.skipped", layer=Msg(layer), name=name, reason=read.reason))
            read = None
        found.append(read)
    return found


def load_map_data(project: Project) -> MapData:
    with project.read():
        estates = geo_store.estate_layer(project.db)
        buildings = geo_store.building_layer(project.db)
        photos = geo_store.photo_points(project.db)
    notes: list[Msg] = []
    return MapData(
        _estate_shapes(estates, notes),
        _building_shapes(buildings, notes),
        _photo_points(photos, notes),
        notes,
    )


def _estate_shapes(estates: list[dict[str, Any]], notes: list[Msg]) -> list[EstateShape]:
    names = [r["name"] for r in estates]
    spots = geometries_or_notes([r["geom"] for r in estates], "layer.estates", names, notes)
    outlines = [r["boundary"] for r in estates]
    boundaries = geometries_or_notes(outlines, "layer.boundaries", names, notes)
    return [
        EstateShape(r["uuid"], r["code"], r["name"], Stage(r["stage"]), _spot(geom), boundary)
        for r, geom, boundary in zip(estates, spots, boundaries, strict=True)
    ]


def _building_shapes(buildings: list[dict[str, Any]], notes: list[Msg]) -> list[BuildingShape]:
    names = [r["name"] for r in buildings]
    footprints = geometries_or_notes(
        [r["geom"] for r in buildings], "layer.buildings", names, notes
    )
    return [
        BuildingShape(r["uuid"], r["estate_uuid"], r["name"], geometry)
        for r, geometry in zip(buildings, footprints, strict=True)
        if geometry is not None
    ]


def _photo_points(photos: list[dict[str, Any]], notes: list[Msg]) -> list[PhotoPoint]:
    """Photos where they were taken: the stored point, else the EXIF position."""
    names = [r["caption"] or r["uuid"] for r in photos]
    places = geometries_or_notes([r["geom"] for r in photos], "layer.photos", names, notes)
    points = []
    for r, geom in zip(photos, places, strict=True):
        lon, lat = _spot(geom) or (r["lon"], r["lat"])
        if lon is not None and lat is not None:
            points.append(
                PhotoPoint(r["uuid"], r["estate_uuid"], lon, lat, r["stage_tag"], r["caption"])
            )
    return points


def _spot(geometry: Geometry | None) -> tuple[float, float] | None:
    """A point's (lon, lat); None for no geometry or one that is not a point."""
    if geometry is None or geometry["type"] != "Point":
        return None
    lon, lat = geometry["coordinates"][:2]
    return lon, lat


def load_reference_layer(path: Path) -> list[dict[str, Any]]:
    """The geometries of a GeoJSON file (roads, rivers) for drawing only, 2D; features without geometry are dropped."""
    document = load_document(path)
    raw = [document] if document.get("type") == "Feature" else document.get("features") or []
    reading = Reading(declared_crs(document.get("crs")))  # a file in EPSG:3857 drawn in place
    found = []
    for feature in raw:
        geometry = (feature or {}).get("geometry") if isinstance(feature, dict) else None
        if isinstance(geometry, dict) and geometry.get("coordinates") is not None:
            coordinates = flatten_2d(geometry["coordinates"])
            if _finite(coordinates):
                if reading != Reading():
                    coordinates = moved(
                        coordinates, reading
                    )  # NaN or text in a position: that feature is not drawn
                found.append({"type": geometry.get("type"), "coordinates": coordinates})
    return found


def _finite(coords: Any) -> bool:
    """Every position of a coordinates array is numbers, none NaN or infinite."""
    stack = [coords]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif not isinstance(node, int | float) or isinstance(node, bool) or not math.isfinite(node):
            return False
    return True
