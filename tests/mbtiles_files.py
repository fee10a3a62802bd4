"""Write an MBTiles file from XYZ-addressed tiles: the basemaps of the tests and the map benchmark."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path


def write_mbtiles(
    path: Path, tiles: Iterable[tuple[int, int, int, bytes]], metadata: dict[str, str]
) -> Path:
    """`tiles` are (zoom, col, row, data) with XYZ rows (0 at the north); they are stored TMS-flipped, as the spec says."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        conn.execute(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)"
        )
        conn.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
        conn.executemany("INSERT INTO metadata VALUES (?, ?)", metadata.items())
        conn.executemany(
            "INSERT INTO tiles VALUES (?, ?, ?, ?)",
            ((z, x, (1 << z) - 1 - y, sqlite3.Binary(data)) for z, x, y, data in tiles),
        )
        conn.commit()
    finally:
        conn.close()
    return Path(path)
