"""GeoPackage geometry blobs (header + little-endian WKB) <-> GeoJSON-style dicts.

Handles the types the project stores: Point, Polygon, MultiPolygon, in 2D.
"""

from __future__ import annotations

import struct
from typing import Any, overload

Geometry = dict[str, Any]  # {"type": "Point", "coordinates": [lon, lat]} etc.

WGS84 = 4326
_WKB_TYPES = {"Point": 1, "LineString": 2, "Polygon": 3, "MultiPolygon": 6}
_WKB_NAMES = {v: k for k, v in _WKB_TYPES.items()}


class GeometryError(ValueError):
    """A geometry blob or dict that cannot be read."""


def point(lon: float, lat: float) -> Geometry:
    return {"type": "Point", "coordinates": [float(lon), float(lat)]}


def _ring_bytes(ring: list) -> bytes:
    out = [struct.pack("<I", len(ring))]
    out.extend(struct.pack("<dd", float(x), float(y)) for x, y, *_ in ring)
    return b"".join(out)


def _wkb(geometry: Geometry) -> bytes:
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if kind not in _WKB_TYPES or coords is None:
        raise GeometryError(f"unsupported geometry: {kind}")
    head = struct.pack("<BI", 1, _WKB_TYPES[kind])
    if kind == "Point":
        x, y, *_ = coords
        return head + struct.pack("<dd", float(x), float(y))
    if kind == "LineString":
        return head + _ring_bytes(coords)
    if kind == "Polygon":
        return head + struct.pack("<I", len(coords)) + b"".join(_ring_bytes(r) for r in coords)
    parts = [_wkb({"type": "Polygon", "coordinates": p}) for p in coords]
    return head + struct.pack("<I", len(parts)) + b"".join(parts)


def _all_xy(geometry: Geometry) -> list[tuple[float, float]]:
    coords = geometry["coordinates"]
    kind = geometry["type"]
    if kind == "Point":
        return [(coords[0], coords[1])]
    if kind == "LineString":
        return [(p[0], p[1]) for p in coords]
    if kind == "Polygon":
        return [(p[0], p[1]) for ring in coords for p in ring]
    return [(p[0], p[1]) for poly in coords for ring in poly for p in ring]


def bounds(geometry: Geometry) -> tuple[float, float, float, float]:
    """(min_x, min_y, max_x, max_y)."""
    xy = _all_xy(geometry)
    if not xy:
        raise GeometryError("empty geometry")
    xs = [p[0] for p in xy]
    ys = [p[1] for p in xy]
    return min(xs), min(ys), max(xs), max(ys)


@overload
def to_gpkg(geometry: Geometry, srs_id: int = ...) -> bytes: ...
@overload
def to_gpkg(geometry: None, srs_id: int = ...) -> None: ...
@overload
def to_gpkg(geometry: Geometry | None, srs_id: int = ...) -> bytes | None: ...


def to_gpkg(geometry: Geometry | None, srs_id: int = WGS84) -> bytes | None:
    if geometry is None:
        return None
    wkb = _wkb(geometry)
    if geometry["type"] == "Point":
        return b"GP" + struct.pack("<BBi", 0, 0b00000001, srs_id) + wkb
    min_x, min_y, max_x, max_y = bounds(geometry)
    envelope = struct.pack("<dddd", min_x, max_x, min_y, max_y)
    return b"GP" + struct.pack("<BBi", 0, 0b00000011, srs_id) + envelope + wkb


_ENVELOPE_DOUBLES = {0: 0, 1: 4, 2: 6, 3: 6, 4: 8}


class _Reader:
    def __init__(self, data: bytes, offset: int) -> None:
        self.data = data
        self.offset = offset

    def take(self, fmt: str) -> tuple:
        size = struct.calcsize(fmt)
        if self.offset + size > len(self.data):
            raise GeometryError("geometry blob is truncated")
        values = struct.unpack_from(fmt, self.data, self.offset)
        self.offset += size
        return values

    def geometry(self) -> Geometry:
        (order,) = self.take("<B")
        e = "<" if order == 1 else ">"
        (code,) = self.take(e + "I")
        code %= 1000  # ISO Z/M codes: take the 2D part; we store 2D only
        kind = _WKB_NAMES.get(code)
        if kind == "Point":
            return {"type": kind, "coordinates": list(self.take(e + "dd"))}
        if kind == "LineString":
            return {"type": kind, "coordinates": self.ring(e)}
        if kind == "Polygon":
            (n,) = self.take(e + "I")
            return {"type": kind, "coordinates": [self.ring(e) for _ in range(n)]}
        if kind == "MultiPolygon":
            (n,) = self.take(e + "I")
            return {"type": kind, "coordinates": [self.geometry()["coordinates"] for _ in range(n)]}
        raise GeometryError(f"unsupported WKB type {code}")

    def ring(self, e: str) -> list[list[float]]:
        (n,) = self.take(e + "I")
        # One unpack per ring, not per point: the map decodes thousands of footprints at a time.
        flat = self.take(f"{e}{2 * n}d")
        return [[flat[i], flat[i + 1]] for i in range(0, 2 * n, 2)]


def from_gpkg(blob: bytes | None) -> Geometry | None:
    if blob is None:
        return None
    if len(blob) < 8 or blob[:2] != b"GP":
        raise GeometryError("not a GeoPackage geometry")
    flags = blob[3]
    if flags & 0b00010000:
        return None  # empty geometry
    envelope = (flags >> 1) & 0b111
    if envelope not in _ENVELOPE_DOUBLES:
        raise GeometryError("bad envelope code")
    return _Reader(blob, 8 + 8 * _ENVELOPE_DOUBLES[envelope]).geometry()
