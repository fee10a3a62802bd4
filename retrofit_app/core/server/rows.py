"""Rows of the project file's tables as the server takes them, and back.

The one difference between the two sides is geometry: a GeoPackage blob (GP header, then
WKB) in the file, PostGIS geometry on the server. Going up, a blob is read with the
program's own reader (core/geo/gpkg_geometry: any srs the file defines, in WGS-84) and sent
as hex EWKB with SRID 4326, which COPY and INSERT both take as geometry text; coming down,
the server's WKB (ST_AsBinary) becomes a blob in EPSG:4326 again. Everything else travels
as it is: text, integers, doubles, bytes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

import shapely

from retrofit_app.core.geo.gpkg_geometry import as_dict, from_gpkg_shape, to_gpkg
from retrofit_app.core.server.tables import Table, _q, qualified

Row = tuple[Any, ...]


def up(table: Table, row: Sequence[Any]) -> Row:
    """A file row (table.names order) as the server takes it."""
    if not table.geometry_at:
        return tuple(row)
    out = list(row)
    for i in table.geometry_at:
        if out[i] is not None:
            geom = from_gpkg_shape(out[i])
            out[i] = (
                None
                if geom is None
                else shapely.to_wkb(
                    shapely.set_srid(geom, 4326), hex=True, include_srid=True, output_dimension=2
                )
            )
    return tuple(out)


def down(table: Table, row: Sequence[Any]) -> Row:
    """A server row (table.names order, geometry as WKB) as the file stores it."""
    if not table.geometry_at:
        return tuple(row)
    out = list(row)
    for i in table.geometry_at:
        if out[i] is not None:
            out[i] = to_gpkg(as_dict(shapely.from_wkb(bytes(out[i]))))
    return tuple(out)


def file_rows(
    conn: sqlite3.Connection, table: Table, where: str = "", args: Sequence[Any] = ()
) -> Iterator[Row]:
    """(fid, values…) of `table` in the file, server-ready (geometry as EWKB), in fid order."""
    cols = ", ".join(["fid", *(_q(c) for c in table.names)])
    for row in conn.execute(f"SELECT {cols} FROM {_q(table.name)} {where} ORDER BY fid", args):
        yield (row[0], *up(table, row[1:]))


def server_select(schema: str, table: Table, columns: list[str] | None = None) -> str:
    """SELECT of `table`'s columns on the server (geometry as WKB), fid first."""
    wanted = set(columns or table.names)
    parts = [
        f"ST_AsBinary({_q(c.name)})" if c.geometry else _q(c.name)
        for c in table.columns
        if c.name in wanted
    ]
    return f"SELECT fid, {', '.join(parts)} FROM {qualified(schema, table.name)}"


def insert_file_rows(conn: sqlite3.Connection, table: Table, rows: list[tuple[int, Row]]) -> None:
    """Write server rows (fid, file-ready values) into the file's `table`."""
    cols = ", ".join(["fid", *(_q(c) for c in table.names)])
    marks = ", ".join("?" * (len(table.names) + 1))
    conn.executemany(
        f"INSERT INTO {_q(table.name)} ({cols}) VALUES ({marks})",
        [(fid, *values) for fid, values in rows],
    )
