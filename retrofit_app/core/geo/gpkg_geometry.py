"""GeoPackage geometry blobs (the GP header, then WKB read and written by shapely) <-> 2D GeoJSON-style dicts in WGS-84.

The one module that knows the header: magic ``GP``, version, flags (byte order, envelope
kind, empty bit), the srs_id, the envelope. The WKB after it is shapely's (GEOS), so 2D, Z,
M and ZM, Multi* and GeometryCollection read right; Z and M are dropped (we draw 2D).
A geometry stored in another coordinate system (its srs_id, an EPSG code or a CRS the file
defines in gpkg_spatial_ref_sys) is reprojected to WGS-84 with pyproj; curve types and anything else the program cannot draw raise GeometryError with a
catalogue reason, which callers turn into a sentence naming the layer and the feature.
"""

from __future__ import annotations

import functools
import json
import math
import struct
from typing import Any, overload

import numpy as np
import shapely
from shapely.geometry import shape

from retrofit_app.core.storage.srs_definitions import Source, source_of
from retrofit_app.core.words import Msg

Geometry = dict[str, Any]  # {"type": "Point", "coordinates": [lon, lat]} etc.

WGS84 = 4326
# srs_ids that mean "longitude/latitude degrees as they are": WGS-84, the GeoPackage spec's
# "undefined geographic" (0) and CGCS2000 (4490, within a metre of WGS-84, as China's maps take it).
_DEGREES = {WGS84, 0, 4490}
# ISO WKB type codes (the part below 1000) shapely reads and the program can draw from.
_SIMPLE = {1: "Point", 2: "LineString", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString",
           6: "MultiPolygon", 7: "GeometryCollection"}  # fmt: skip
_OTHER = {8: "CircularString", 9: "CompoundCurve", 10: "CurvePolygon", 11: "MultiCurve",
          12: "MultiSurface", 13: "Curve", 14: "Surface", 15: "PolyhedralSurface", 16: "TIN",
          17: "Triangle"}  # fmt: skip
_ENVELOPE_DOUBLES = {0: 0, 1: 4, 2: 6, 3: 6, 4: 8}


class GeometryError(ValueError):
    """A geometry blob that cannot be read or drawn; `reason` is a catalogue sentence (Msg)."""

    def __init__(self, reason: Msg) -> None:
        super().__init__(str(reason) + (f" {reason.params}" if reason.params else ""))
        self.reason = reason


def point(lon: float, lat: float) -> Geometry:
    return {"type": "Point", "coordinates": [float(lon), float(lat)]}


def as_dict(geom: shapely.Geometry) -> Geometry:
    """A 2D shapely geometry as a GeoJSON-style dict with lists. GEOS writes the GeoJSON (shortest
    exact digits, so every double comes back the same) and json reads it: one C call each, which
    matters because the map decodes thousands of footprints at a time."""
    found: Geometry = json.loads(shapely.to_geojson(geom))
    return found


def as_shape(geometry: Geometry) -> shapely.Geometry:
    try:
        return shape(geometry)
    except (
        AttributeError,
        KeyError,
        TypeError,
        ValueError,
        IndexError,
        shapely.errors.ShapelyError,
    ) as error:
        raise GeometryError(Msg("geometry.unreadable", detail=str(error)[:200])) from error


def bounds(geometry: Geometry) -> tuple[float, float, float, float]:
    """(min_x, min_y, max_x, max_y)."""
    found = as_shape(geometry)
    if found.is_empty:
        raise GeometryError(Msg("geometry.empty"))
    min_x, min_y, max_x, max_y = found.bounds
    return min_x, min_y, max_x, max_y


@overload
def to_gpkg(geometry: Geometry, srs_id: int = ...) -> bytes: ...
@overload
def to_gpkg(geometry: None, srs_id: int = ...) -> None: ...
@overload
def to_gpkg(geometry: Geometry | None, srs_id: int = ...) -> bytes | None: ...


def to_gpkg(geometry: Geometry | None, srs_id: int = WGS84) -> bytes | None:
    """The blob of a 2D geometry: header (an envelope unless a point), little-endian ISO WKB."""
    if geometry is None:
        return None
    geom = as_shape(geometry)
    wkb = shapely.to_wkb(geom, byte_order=1, output_dimension=2, flavor="iso")
    if geom.is_empty:
        return b"GP" + struct.pack("<BBi", 0, 0b00010001, srs_id) + wkb
    if geom.geom_type == "Point":
        return b"GP" + struct.pack("<BBi", 0, 0b00000001, srs_id) + wkb
    min_x, min_y, max_x, max_y = geom.bounds
    envelope = struct.pack("<dddd", min_x, max_x, min_y, max_y)
    return b"GP" + struct.pack("<BBi", 0, 0b00000011, srs_id) + envelope + wkb


def blob_srs_id(blob: bytes) -> int:
    """The srs_id a blob's header names."""
    _check_header(blob)
    order = "<" if blob[3] & 1 else ">"
    return int(struct.unpack_from(order + "i", blob, 4)[0])


def _check_header(blob: bytes) -> None:
    if not isinstance(blob, bytes | bytearray | memoryview) or len(blob) < 8 or blob[:2] != b"GP":
        raise GeometryError(Msg("geometry.not_gpkg"))


def _wkb_start(blob: bytes) -> int:
    envelope = (blob[3] >> 1) & 0b111
    if envelope not in _ENVELOPE_DOUBLES:
        raise GeometryError(Msg("geometry.bad_envelope"))
    start = 8 + 8 * _ENVELOPE_DOUBLES[envelope]
    if len(blob) < start + 5:
        raise GeometryError(Msg("geometry.truncated"))
    return start


def wkb_kind(wkb: bytes) -> str:
    """The geometry type a WKB names (ISO or extended codes), e.g. "CurvePolygon"."""
    order = "<" if wkb[0] == 1 else ">"
    (code,) = struct.unpack_from(order + "I", wkb, 1)
    base = (code & 0x0FFFFFFF) % 1000
    return _SIMPLE.get(base) or _OTHER.get(base) or f"WKB {code}"


def has_z_or_m(blob: bytes) -> bool:
    """Does the WKB after the header carry Z or M values (ISO 1000s, or the extended flags)?"""
    _check_header(blob)
    wkb = bytes(blob)[_wkb_start(bytes(blob)) :]
    order = "<" if wkb[0] == 1 else ">"
    (code,) = struct.unpack_from(order + "I", wkb, 1)
    return bool(code & 0xC0000000) or (code & 0x0FFFFFFF) >= 1000


def _wkb_of(blob: bytes) -> tuple[bytes, int] | None:
    """The WKB after the header and the header's srs_id; None for the header's "empty" bit.
    Raises GeometryError for a blob that is no GeoPackage geometry or names a type we cannot draw."""
    blob = bytes(blob)
    _check_header(blob)
    if blob[3] & 0b00010000:
        return None
    wkb = blob[_wkb_start(blob) :]
    kind = wkb_kind(wkb)
    if kind not in _SIMPLE.values():
        raise GeometryError(Msg("geometry.unsupported_kind", kind=kind))
    return wkb, blob_srs_id(blob)


def _from_wkb(wkb: bytes) -> shapely.Geometry:
    try:
        return shapely.from_wkb(wkb)
    except (shapely.errors.ShapelyError, ValueError) as error:
        raise GeometryError(Msg("geometry.unreadable", detail=str(error)[:200])) from error


def from_gpkg_shape(blob: bytes | None) -> shapely.Geometry | None:
    """The blob's geometry as stored (2D, in WGS-84), None for NULL or an empty geometry."""
    found = None if blob is None else _wkb_of(blob)
    if found is None:
        return None
    geom = _from_wkb(found[0])
    if geom is None or geom.is_empty:
        return None
    return to_wgs84(shapely.force_2d(geom), found[1])


Read = Geometry | None | GeometryError  # what read_many gives for each blob


def _headers_read(
    blobs: list[bytes | None], results: list[Read]
) -> tuple[list[bytes], list[int], list[int]]:
    """The WKB, place and SRS id of each blob holding a geometry; a header that cannot be read
    puts its GeometryError in `results`."""
    wkbs: list[bytes] = []
    places: list[int] = []
    srs_ids: list[int] = []
    for i, blob in enumerate(blobs):
        try:
            found = None if blob is None else _wkb_of(blob)
        except GeometryError as error:
            results[i] = error
            continue
        if found is not None:
            wkbs.append(found[0])
            places.append(i)
            srs_ids.append(found[1])
    return wkbs, places, srs_ids


def read_many(blobs: list[bytes | None]) -> list[Read]:
    """from_gpkg for a whole layer, with the GeoPackage header read per blob and GEOS called
    once for all (the map reads thousands of footprints): each a dict, None for NULL or empty,
    or the GeometryError that from_gpkg would raise."""
    results: list[Read] = [None] * len(blobs)
    wkbs, places, srs_ids = _headers_read(blobs, results)
    if not wkbs:
        return results
    geoms = shapely.force_2d(shapely.from_wkb(wkbs, on_invalid="ignore"))
    for k, (geom, srs_id) in enumerate(zip(geoms, srs_ids, strict=True)):
        try:
            if geom is None:  # the one-by-one read says what GEOS found wrong
                geom = _from_wkb(wkbs[k])
            if not _in_degrees(srs_id) and not geom.is_empty:
                geoms[k] = to_wgs84(geom, srs_id)
        except GeometryError as error:
            results[places[k]] = error
            geoms[k] = None
    simple = np.isin(shapely.get_type_id(geoms), (0, 1, 3, 6))  # Point, LineString, (Multi)Polygon
    texts = shapely.to_geojson(np.where(simple, geoms, None))
    empty = shapely.is_empty(geoms) | shapely.is_missing(geoms)
    for k, (geom, bounds) in enumerate(zip(geoms, shapely.bounds(geoms), strict=True)):
        if empty[k]:
            continue
        try:
            _check_range(bounds)
            results[places[k]] = json.loads(texts[k]) if simple[k] else drawable(geom)
        except GeometryError as error:
            results[places[k]] = error
    return results


def _check_range(bounds: Any) -> None:
    """Positions off the globe are metres (or another CRS) stored as degrees: never drawn as such."""
    min_x, min_y, max_x, max_y = (float(v) for v in bounds)
    if min_x < -180 or max_x > 180 or min_y < -90 or max_y > 90:
        x, y = (min_x, min_y) if abs(min_x) > 180 or abs(min_y) > 90 else (max_x, max_y)
        raise GeometryError(Msg("geometry.out_of_range", x=round(x, 6), y=round(y, 6)))


def _in_degrees(srs_id: int) -> bool:
    """Is a blob with this srs_id in longitude/latitude as it is (no file redefines the id)?"""
    return srs_id in _DEGREES and source_of(srs_id) == ("epsg", srs_id)


def to_wgs84(geom: shapely.Geometry, srs_id: int) -> shapely.Geometry:
    """`geom` in longitude/latitude: reprojected from srs_id with pyproj."""
    if _in_degrees(srs_id):
        return geom
    transform = srs_transformer(srs_id)
    moved = shapely.transform(geom, lambda xy: _moved(transform, xy))
    if not all(math.isfinite(v) for v in moved.bounds):
        raise GeometryError(Msg("geometry.not_in_crs", crs=srs_name(srs_id)))
    return moved


def from_wgs84(blob: bytes | None, srs_id: int | None) -> bytes | None:
    """A blob the program made (WGS-84) in the coordinate system of the layer it goes into, so a
    copy someone saved in EPSG:3857 stays one CRS throughout for QGIS (read back by to_wgs84)."""
    if blob is None or srs_id is None or _in_degrees(srs_id):
        return blob
    geom = from_gpkg_shape(blob)
    if geom is None:
        return blob
    transform = srs_transformer(srs_id)
    backward = shapely.transform(geom, lambda xy: _moved(transform, xy, inverse=True))
    return to_gpkg(as_dict(backward), srs_id)


def _moved(transform: Any, xy: Any, *, inverse: bool = False) -> Any:
    direction = "INVERSE" if inverse else "FORWARD"
    x, y = transform.transform(xy[:, 0], xy[:, 1], direction=direction)
    return np.column_stack([x, y])


def wgs84_transformer(epsg: int) -> Any:
    """pyproj's transformer from EPSG:`epsg` to WGS-84."""
    return _transformer(("epsg", epsg), f"srs_id {epsg}")


def srs_transformer(srs_id: int) -> Any:
    """pyproj's transformer to WGS-84 from a blob's srs_id: the CRS its file defines for it
    (gpkg_spatial_ref_sys: an EPSG code, or WKT for a CRS without one), else EPSG:`srs_id`
    (GDAL writes the EPSG code as the srs_id)."""
    return _transformer(source_of(srs_id), f"srs_id {srs_id}")


def _crs(source: Source) -> Any:
    from pyproj import CRS

    kind, value = source
    return CRS.from_epsg(int(value)) if kind == "epsg" else CRS.from_wkt(str(value))


@functools.lru_cache(maxsize=32)
def _transformer(source: Source, unknown: str) -> Any:
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError

    try:
        return Transformer.from_crs(_crs(source), CRS.from_epsg(WGS84), always_xy=True)
    except CRSError as error:
        raise GeometryError(Msg("geometry.unknown_crs", crs=unknown)) from error


@functools.lru_cache(maxsize=32)
def _named(source: Source, unknown: str) -> str:
    from pyproj.exceptions import CRSError

    try:
        name = _crs(source).name
    except CRSError:
        return unknown
    return f"EPSG:{source[1]} ({name})" if source[0] == "epsg" else f"{unknown} ({name})"


def crs_name(epsg: int) -> str:
    """ "EPSG:3857 (WGS 84 / Pseudo-Mercator)" for a sentence; the bare id when unknown."""
    return _named(("epsg", epsg), f"srs_id {epsg}")


def srs_name(srs_id: int) -> str:
    """A blob's srs_id for a sentence: "EPSG:3857 (…)", "srs_id 100000 (Nanjing local TM)"."""
    return _named(source_of(srs_id), f"srs_id {srs_id}")


def drawable(geom: shapely.Geometry) -> Geometry:
    """What the program draws: Point, LineString, Polygon, MultiPolygon. A MultiPoint of one
    point is that point, a MultiPolygon of one part that polygon (the buildings and boundaries
    layers hold MultiPolygons), a GeometryCollection of polygons a MultiPolygon; else GeometryError."""
    kind = geom.geom_type
    parts = list(getattr(geom, "geoms", []))
    if kind in ("MultiPoint", "MultiPolygon") and len(parts) == 1:
        return as_dict(parts[0])
    if kind in ("Point", "LineString", "Polygon", "MultiPolygon"):
        return as_dict(geom)
    if kind == "GeometryCollection":
        polygons = [p for g in parts for p in getattr(g, "geoms", [g])]
        if polygons and all(p.geom_type == "Polygon" for p in polygons):
            return as_dict(shapely.MultiPolygon(polygons))
        if len(parts) == 1 and parts[0].geom_type == "Point":
            return as_dict(parts[0])
    raise GeometryError(Msg("geometry.unsupported_kind", kind=kind))


def from_gpkg(blob: bytes | None) -> Geometry | None:
    """The blob as a 2D dict in WGS-84 the program can draw; None for NULL or empty.

    Raises GeometryError (with a catalogue reason) for a blob that is not a GeoPackage
    geometry, a type the program cannot draw (curves, lines in a point layer's place), a
    coordinate system pyproj does not know, or positions off the globe (metres stored as
    degrees), so none of these is ever drawn or exported as longitude/latitude.
    """
    geom = from_gpkg_shape(blob)
    if geom is None:
        return None
    _check_range(geom.bounds)
    return drawable(geom)


def read_or_none(blob: bytes | None) -> Geometry | None:
    """from_gpkg for readers that must go on (a list of estates, a record's form): an unreadable
    geometry reads as none; `check`, the map, the export and the report name it instead."""
    try:
        return from_gpkg(blob)
    except GeometryError:
        return None


def envelope(blob: bytes) -> tuple[float, float, float, float] | None:
    """(min_x, max_x, min_y, max_y) of a blob in its own coordinates, as the R-tree holds them:
    the header's envelope where it has one, else the WKB's bounds; None for an empty geometry."""
    blob = bytes(blob)
    _check_header(blob)
    if blob[3] & 0b00010000:
        return None
    start = _wkb_start(blob)
    if start > 8:
        order = "<" if blob[3] & 1 else ">"
        found = struct.unpack_from(order + "dddd", blob, 8)
    else:
        try:
            geom = shapely.from_wkb(blob[start:])
        except (shapely.errors.ShapelyError, ValueError) as error:
            raise GeometryError(Msg("geometry.unreadable", detail=str(error)[:200])) from error
        min_x, min_y, max_x, max_y = geom.bounds
        found = (min_x, max_x, min_y, max_y)
    return found if all(math.isfinite(v) for v in found) else None


def blob_kind(blob: bytes) -> str:
    """The geometry type a blob's WKB names, e.g. "Polygon" or "CurvePolygon"."""
    blob = bytes(blob)
    _check_header(blob)
    return wkb_kind(blob[_wkb_start(blob) :])
