"""Offline basemaps from MBTiles files: metadata, zoom range, bounds, tiles read on demand with a small LRU."""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from retrofit_app.core.errors import ErrorCode, RetrofitError

_MAGIC = {b"\x89PNG": "png", b"\xff\xd8\xff": "jpg", b"RIFF": "webp"}


@dataclass(frozen=True)
class TileSetInfo:
    name: str
    format: str  # "png" | "jpg" | "webp"
    min_zoom: int
    max_zoom: int
    bounds: tuple[float, float, float, float] | None  # lon/lat west, south, east, north
    attribution: str
    scheme: str  # what the file's own rows use: always "tms" for MBTiles


def sniff_format(data: bytes) -> str:
    for magic, name in _MAGIC.items():
        if data.startswith(magic):
            return name
    return ""


class MBTiles:
    """One MBTiles file opened read-only; tiles are fetched by XYZ address (row 0 at the north)."""

    def __init__(self, path: Path, *, cache_size: int = 256) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise RetrofitError(ErrorCode.NO_SUCH_FILE, path=self.path)
        try:
            # immutable=1: nothing else writes a basemap while we show it, and it skips locking.
            self._conn = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True
            )
            self._conn.execute("SELECT 1 FROM tiles LIMIT 1").fetchall()
            meta = dict(self._conn.execute("SELECT name, value FROM metadata").fetchall())
        except sqlite3.DatabaseError as error:
            raise RetrofitError(ErrorCode.NOT_MBTILES, path=self.path) from error
        self.info = self._info(meta)
        self._cache: OrderedDict[tuple[int, int, int], bytes | None] = OrderedDict()
        self._cache_size = cache_size

    def _info(self, meta: dict[str, str]) -> TileSetInfo:
        zooms = self._conn.execute("SELECT min(zoom_level), max(zoom_level) FROM tiles").fetchone()
        min_zoom = int(meta.get("minzoom", zooms[0] if zooms[0] is not None else 0))
        max_zoom = int(meta.get("maxzoom", zooms[1] if zooms[1] is not None else 0))
        bounds = None
        if meta.get("bounds"):
            try:
                west, south, east, north = (float(v) for v in meta["bounds"].split(","))
                bounds = (west, south, east, north)
            except ValueError:
                bounds = None
        fmt = (meta.get("format") or "").lower().replace("jpeg", "jpg")
        if not fmt:
            first = self._conn.execute("SELECT tile_data FROM tiles LIMIT 1").fetchone()
            fmt = sniff_format(first[0]) if first else "png"
        return TileSetInfo(
            name=meta.get("name") or self.path.stem,
            format=fmt,
            min_zoom=min_zoom,
            max_zoom=max_zoom,
            bounds=bounds,
            attribution=meta.get("attribution", ""),
            scheme="tms",
        )

    def tile(self, zoom: int, col: int, row: int) -> bytes | None:
        """The encoded image of XYZ tile (zoom, col, row), or None when the file lacks it."""
        key = (zoom, col, row)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        tms_row = (1 << zoom) - 1 - row  # MBTiles stores rows counted from the south (TMS)
        found = self._conn.execute(
            "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
            (zoom, col, tms_row),
        ).fetchone()
        data = bytes(found[0]) if found else None
        self._cache[key] = data
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return data

    def best_zoom(self, wanted: float) -> int:
        """The file's zoom level nearest to `wanted`, never outside its range."""
        return max(self.info.min_zoom, min(self.info.max_zoom, round(wanted)))

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> MBTiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
