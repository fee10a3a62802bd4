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
from retrofit_app.core.geo.gpkg_geometry import Geometry, GeometryError, from_gpkg
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


def load_map_data(project: Project) -> MapData:
    with project.read():
        estates = geo_store.estate_layer(project.db)
        buildings = geo_store.building_layer(project.db)
        photos = geo_store.photo_points(project.db)
    notes: list[Msg] = []
    estate_shapes = []
    for r in estates:
        geom = geometry_or_note(r["geom"], "layer.estates", r["name"], notes)
        spot = tuple(geom["coordinates"][:2]) if geom and geom["type"] == "Point" else None
        boundary = geometry_or_note(r["boundary"], "layer.boundaries", r["name"], notes)
        estate_shapes.append(
            EstateShape(r["uuid"], r["code"], r["name"], Stage(r["stage"]), spot, boundary)
        )
    building_shapes = []
    for r in buildings:
        geometry = geometry_or_note(r["geom"], "layer.buildings", r["name"], notes)
        if geometry is not None:
            building_shapes.append(BuildingShape(r["uuid"], r["estate_uuid"], r["name"], geometry))
    photo_points = []
    for r in photos:
        geom = geometry_or_note(r["geom"], "layer.photos", r["caption"] or r["uuid"], notes)
        lon, lat = (
            geom["coordinates"][:2] if geom and geom["type"] == "Point" else (r["lon"], r["lat"])
        )
        if lon is None or lat is None:
            continue
        photo_points.append(
            PhotoPoint(r["uuid"], r["estate_uuid"], lon, lat, r["stage_tag"], r["caption"])
        )
    return MapData(estate_shapes, building_shapes, photo_points, notes)


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
