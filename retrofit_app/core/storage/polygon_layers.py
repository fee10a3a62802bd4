"""Estate boundaries as a MULTIPOLYGON layer (schema 10, issue 25).

Until schema 9 the layer was declared GEOMETRY. QGIS then opens it while empty (a new project)
as a table without geometry, so the first boundary cannot be drawn there. (Buildings stay
GEOMETRY: a building may be a footprint or only a point, e.g. from a web map's GeoJSON.)
A MULTIPOLYGON layer holds only MultiPolygons (GeoPackage requirement 32), so a polygon is
written as a MultiPolygon of one part. That is a matter of bytes: the GeoPackage header (srs_id, envelope) stays, and the polygon's
WKB goes inside a MultiPolygon's WKB of the same byte order and dimensions.
"""

from __future__ import annotations

import sqlite3
import struct

POLYGON_LAYERS = ("estate_boundaries",)
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_POLYGON, _MULTIPOLYGON = 3, 6


def multi_polygon_blob(blob: bytes) -> bytes:
    """A GeoPackage blob of a Polygon (2D, Z, M or ZM) as a MultiPolygon of that one part;
    any other blob (a MultiPolygon already, an empty geometry, not a GeoPackage blob) as it is."""
    data = bytes(blob)
    if len(data) < 8 or data[:2] != b"GP" or data[3] & 0b00010000:
        return data
    start = 8 + _ENVELOPE_BYTES.get((data[3] >> 1) & 0b111, -1_000_000)
    if start < 8 or len(data) < start + 5 or data[start] not in (0, 1):
        return data
    order = "<" if data[start] == 1 else ">"
    (code,) = struct.unpack_from(order + "I", data, start + 1)
    if (code & 0x0FFFFFFF) % 1000 != _POLYGON:
        return data
    multi = struct.pack(order + "BII", data[start], code - _POLYGON + _MULTIPOLYGON, 1)
    return data[:start] + multi + data[start:]


def declare_multipolygon(conn: sqlite3.Connection) -> None:
    """The 9 → 10 step: the layer declared MULTIPOLYGON, in the table's own text and in
    gpkg_geometry_columns, and every stored polygon made a MultiPolygon.

    The declared type is changed in place (writable_schema), as SQLite's documentation allows for
    a change that leaves the stored rows as they are: GEOMETRY and MULTIPOLYGON have the same
    (NUMERIC) affinity. A table another program wrote differently keeps its own text.
    """
    names = ", ".join("?" * len(POLYGON_LAYERS))
    texts = conn.execute(
        f"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ({names})"
        " AND instr(sql, 'geom GEOMETRY,') > 0",
        POLYGON_LAYERS,
    ).fetchone()[0]
    if texts:
        version = conn.execute("PRAGMA schema_version").fetchone()[0]
        conn.execute("PRAGMA writable_schema = ON")
        try:
            conn.execute(
                "UPDATE sqlite_master SET sql = replace(sql, 'geom GEOMETRY,', 'geom MULTIPOLYGON,')"
                f" WHERE type = 'table' AND name IN ({names})",
                POLYGON_LAYERS,
            )
            conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
        finally:
            conn.execute("PRAGMA writable_schema = OFF")
    conn.execute(
        "UPDATE gpkg_geometry_columns SET geometry_type_name = 'MULTIPOLYGON'"
        f" WHERE upper(geometry_type_name) = 'GEOMETRY' AND table_name IN ({names})",
        POLYGON_LAYERS,
    )
    for table in POLYGON_LAYERS:
        found = conn.execute(f"SELECT fid, geom FROM {table} WHERE geom IS NOT NULL").fetchall()
        changed = [(multi, fid) for fid, geom in found if (multi := multi_polygon_blob(geom)) != geom]
        conn.executemany(f"UPDATE {table} SET geom = ? WHERE fid = ?", changed)
