"""GeoPackage geometry blobs (the GP header, then WKB read and written by shapely) <-> 2D GeoJSON-style dicts in WGS-84.

The one module that knows the header: magic ``GP``, version, flags (byte order, envelope
kind, empty bit), the srs_id, the envelope. The WKB after it is shapely's (GEOS), so 2D, Z,
M and ZM, Multi* and GeometryCollection read right; Z and M are dropped (we draw 2D).
A geometry stored in another coordinate system (its srs_id) is reprojected to WGS-84 with
pyproj; curve types and anything else the program cannot draw raise GeometryError with a
catalogue reason, which callers turn into a sentence naming the layer and the feature.
"""

from __future__ import annotations

import functools
import math
import struct
from typing import Any, overload

import shapely
from shapely.geometry import mapping, shape

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


def _listed(value: Any) -> Any:
    """shapely's mapping gives tuples; the program's dicts (and JSON) hold lists."""
    if isinstance(value, tuple | list):
        if value and isinstance(value[0], int | float):
            return [float(v) for v in value[:2]]
        return [_listed(v) for v in value]
    return value


def as_dict(geom: shapely.Geometry) -> Geometry:
    """A shapely geometry as a 2D GeoJSON-style dict with lists."""
    found = mapping(geom)
    if found["type"] == "GeometryCollection":
        return {"type": "GeometryCollection", "geometries": [as_dict(g) for g in geom.geoms]}
    return {"type": found["type"], "coordinates": _listed(found["coordinates"])}


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


def from_gpkg_shape(blob: bytes | None) -> shapely.Geometry | None:
    """The blob's geometry as stored (2D, in WGS-84), None for NULL or an empty geometry."""
    if blob is None:
        return None
    blob = bytes(blob)
    _check_header(blob)
    if blob[3] & 0b00010000:
        return None  # the header's "empty" bit
    wkb = blob[_wkb_start(blob) :]
    kind = wkb_kind(wkb)
    if kind not in _SIMPLE.values():
        raise GeometryError(Msg("geometry.unsupported_kind", kind=kind))
    try:
        geom = shapely.from_wkb(wkb)
    except (shapely.errors.ShapelyError, ValueError) as error:
        raise GeometryError(Msg("geometry.unreadable", detail=str(error)[:200])) from error
    if geom is None or geom.is_empty:
        return None
    geom = shapely.force_2d(geom)
    return to_wgs84(geom, blob_srs_id(blob))


def to_wgs84(geom: shapely.Geometry, srs_id: int) -> shapely.Geometry:
    """`geom` in longitude/latitude: reprojected from srs_id (an EPSG code) with pyproj."""
    if srs_id in _DEGREES:
        return geom
    transform = wgs84_transformer(srs_id)
    moved = shapely.transform(geom, lambda xy: _moved(transform, xy))
    if not all(math.isfinite(v) for v in moved.bounds):
        raise GeometryError(Msg("geometry.not_in_crs", crs=crs_name(srs_id)))
    return moved


def _moved(transform: Any, xy: Any) -> Any:
    import numpy as np

    x, y = transform.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


@functools.lru_cache(maxsize=32)
def wgs84_transformer(srs_id: int) -> Any:
    """pyproj's transformer from EPSG:`srs_id` (GDAL writes the EPSG code as the srs_id) to WGS-84."""
    from pyproj import CRS, Transformer
    from pyproj.exceptions import CRSError

    try:
        source = CRS.from_epsg(srs_id)
    except CRSError as error:
        raise GeometryError(Msg("geometry.unknown_crs", crs=f"srs_id {srs_id}")) from error
    return Transformer.from_crs(source, CRS.from_epsg(WGS84), always_xy=True)


@functools.lru_cache(maxsize=32)
def crs_name(srs_id: int) -> str:
    """ "EPSG:3857 (WGS 84 / Pseudo-Mercator)" for a sentence; the bare id when unknown."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        return f"EPSG:{srs_id} ({CRS.from_epsg(srs_id).name})"
    except CRSError:
        return f"srs_id {srs_id}"


def drawable(geom: shapely.Geometry) -> Geometry:
    """What the program draws: Point, LineString, Polygon, MultiPolygon. A MultiPoint of one
    point is that point, a GeometryCollection of polygons a MultiPolygon; else GeometryError."""
    kind = geom.geom_type
    if kind in ("Point", "LineString", "Polygon", "MultiPolygon"):
        return as_dict(geom)
    parts = list(getattr(geom, "geoms", []))
    if kind == "MultiPoint" and len(parts) == 1:
        return as_dict(parts[0])
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
    min_x, min_y, max_x, max_y = geom.bounds
    if min_x < -180 or max_x > 180 or min_y < -90 or max_y > 90:  # metres taken for degrees
        x, y = (min_x, min_y) if abs(min_x) > 180 or abs(min_y) > 90 else (max_x, max_y)
        raise GeometryError(Msg("geometry.out_of_range", x=round(x, 6), y=round(y, 6)))
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
