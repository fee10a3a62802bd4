"""The coordinate systems a GeoPackage defines for itself: an srs_id is the file's own number, an EPSG code only when gpkg_spatial_ref_sys says so.

QGIS and ogr2ogr give a CRS that has no EPSG code (a city's local grid, a custom WKT) an
srs_id such as 100000 with organization NONE and the CRS in `definition` (WKT); the spec
also lets an srs_id differ from the EPSG code it stands for. Read on every connection
(connection.py), kept per srs_id for gpkg_geometry to build its pyproj transformer from.
Plain rows (EPSG, srs_id = code) are not kept: there the srs_id is the EPSG code. When two
open files give one srs_id different definitions, the file opened last is followed.
"""

from __future__ import annotations

import sqlite3
import threading

# srs_id -> ("epsg", code) or ("wkt", definition)
Source = tuple[str, int | str]
_KNOWN: dict[int, Source] = {}
_LOCK = threading.Lock()
_UNDEFINED = {"", "undefined"}


def _source(organization: object, code: object, definition: object) -> Source | None:
    """Where a row's CRS comes from; None for "the srs_id is the EPSG code" or nothing usable."""
    if str(organization or "").strip().upper() == "EPSG" and isinstance(code, int):
        return ("epsg", code)
    text = str(definition or "").strip()
    return None if text.lower() in _UNDEFINED else ("wkt", text)


def learn(conn: sqlite3.Connection) -> None:
    """Note the srs_ids `conn`'s file defines other than by their own EPSG code."""
    try:
        found = conn.execute(
            "SELECT srs_id, organization, organization_coordsys_id, definition "
            "FROM gpkg_spatial_ref_sys"
        ).fetchall()
    except sqlite3.Error:  # not (yet) a GeoPackage: nothing to learn
        return
    with _LOCK:
        for srs_id, organization, code, definition in found:
            if not isinstance(srs_id, int):
                continue
            source = _source(organization, code, definition)
            if source is None or source == ("epsg", srs_id):
                _KNOWN.pop(srs_id, None)
            else:
                _KNOWN[srs_id] = source


def source_of(srs_id: int) -> Source:
    """What defines `srs_id`: the definition an open file gave it, else the EPSG code it is."""
    with _LOCK:
        return _KNOWN.get(srs_id, ("epsg", srs_id))
