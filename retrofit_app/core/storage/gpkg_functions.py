"""The SQL functions the GeoPackage spec's triggers call (ST_IsEmpty, ST_MinX…), on every connection.

GDAL's and QGIS's "Create spatial index", and every `ogr2ogr -f GPKG` copy, leave R-tree
triggers that call these on each write of a feature table: without them every write fails
with "no such function: ST_IsEmpty". The envelope comes from the blob's header (or its WKB)
through core/geo/gpkg_geometry, the one module that knows the header. A blob that cannot be
read counts as empty: it stays out of the index instead of failing the user's edit.
That module (and shapely) is imported at the first call, not with every connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from types import ModuleType

# The spec's geometry type hierarchy (Annex E): each type and the type it specialises.
_PARENT = {
    "POINT": "GEOMETRY", "CURVE": "GEOMETRY", "SURFACE": "GEOMETRY",
    "GEOMETRYCOLLECTION": "GEOMETRY", "LINESTRING": "CURVE", "CIRCULARSTRING": "CURVE",
    "COMPOUNDCURVE": "CURVE", "CURVEPOLYGON": "SURFACE", "POLYGON": "CURVEPOLYGON",
    "TRIANGLE": "POLYGON", "POLYHEDRALSURFACE": "SURFACE", "TIN": "POLYHEDRALSURFACE",
    "MULTIPOINT": "GEOMETRYCOLLECTION", "MULTICURVE": "GEOMETRYCOLLECTION",
    "MULTILINESTRING": "MULTICURVE", "MULTISURFACE": "GEOMETRYCOLLECTION",
    "MULTIPOLYGON": "MULTISURFACE",
}  # fmt: skip

_Bounds = tuple[float, float, float, float] | None


def _geometry() -> ModuleType:
    from retrofit_app.core.geo import gpkg_geometry

    return gpkg_geometry


def _read(blob: object, what: str) -> object:
    """gpkg_geometry's `what` of a blob; None for NULL, a non-blob or an unreadable blob."""
    if not isinstance(blob, bytes):
        return None
    geometry = _geometry()
    try:
        return getattr(geometry, what)(blob)
    except geometry.GeometryError:
        return None


def _bounds(blob: object) -> _Bounds:
    found = _read(blob, "envelope")
    return found if isinstance(found, tuple) else None


def _side(index: int) -> Callable[[object], float | None]:
    def side(blob: object) -> float | None:
        found = _bounds(blob)
        return None if found is None else found[index]

    return side


def _is_empty(blob: object) -> int | None:
    if blob is None:
        return None
    return 1 if _bounds(blob) is None else 0


def _geometry_type(blob: object) -> str | None:
    kind = _read(blob, "blob_kind")
    return kind.upper() if isinstance(kind, str) else None


def _srid(blob: object) -> int | None:
    srs_id = _read(blob, "blob_srs_id")
    return srs_id if isinstance(srs_id, int) else None


def _is_assignable(expected: object, actual: object) -> int:
    """1 when a geometry of type `actual` may be stored in a column declared `expected`."""
    wanted = str(expected or "").upper()
    kind: str | None = str(actual or "").upper()
    while kind:
        if kind == wanted:
            return 1
        kind = _PARENT.get(kind)
    return 0


_FUNCTIONS: dict[str, tuple[int, Callable[..., str | int | float | None]]] = {
    "ST_MinX": (1, _side(0)),
    "ST_MaxX": (1, _side(1)),
    "ST_MinY": (1, _side(2)),
    "ST_MaxY": (1, _side(3)),
    "ST_IsEmpty": (1, _is_empty),
    "ST_GeometryType": (1, _geometry_type),
    "ST_SRID": (1, _srid),
    "GPKG_IsAssignable": (2, _is_assignable),
}


# Present on the program's connections only: the triggers that keep a record out of another
# program's hard delete (qgis_schema._deleted_in_the_program) let the program's own deletes through.
PROGRAM_CONNECTION = "retrofit_app_connection"


def register_gpkg_functions(conn: sqlite3.Connection) -> None:
    """Give `conn` the functions GeoPackage triggers written by GDAL, QGIS and the spec call,
    and the mark of a connection of this program."""
    for name, (arguments, function) in _FUNCTIONS.items():
        conn.create_function(name, arguments, function, deterministic=True)
    conn.create_function(PROGRAM_CONNECTION, 0, lambda: 1, deterministic=True)
