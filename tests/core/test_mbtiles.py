"""MBTiles basemaps: metadata, TMS row flip against XYZ addressing, formats, caching, bad files."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.geo.mbtiles import MBTiles
from retrofit_app.core.geo.mercator import tile_bounds, tile_of, to_lon_lat, to_mercator


def _image(colour: tuple[int, int, int], fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), colour).save(buffer, fmt)
    return buffer.getvalue()


def make_mbtiles(
    path: Path, tiles: dict[tuple[int, int, int], bytes], metadata: dict[str, str]
) -> Path:
    """Write an MBTiles file; `tiles` are keyed by XYZ (zoom, col, row) and stored TMS-flipped as the spec says."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    conn.execute(
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)"
    )
    conn.executemany("INSERT INTO metadata VALUES (?, ?)", metadata.items())
    conn.executemany(
        "INSERT INTO tiles VALUES (?, ?, ?, ?)",
        [(z, x, (1 << z) - 1 - y, data) for (z, x, y), data in tiles.items()],
    )
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def nanjing_tiles(tmp_path: Path) -> Path:
    # Xinjiekou at zoom 14 is XYZ tile (13597, 6651); its neighbour to the north is row 6650.
    tiles = {
        (14, 13597, 6651): _image((255, 0, 0), "PNG"),
        (14, 13597, 6650): _image((0, 0, 255), "PNG"),
        (15, 27195, 13302): _image((0, 255, 0), "PNG"),
    }
    meta = {"name": "南京底图", "format": "png", "minzoom": "14", "maxzoom": "15",
            "bounds": "118.70,31.95,118.90,32.10", "attribution": "天地图"}  # fmt: skip
    return make_mbtiles(tmp_path / "南京.mbtiles", tiles, meta)


def test_xyz_row_reads_the_tms_flipped_tile(nanjing_tiles: Path) -> None:
    with MBTiles(nanjing_tiles) as basemap:
        south = Image.open(io.BytesIO(basemap.tile(14, 13597, 6651)))
        north = Image.open(io.BytesIO(basemap.tile(14, 13597, 6650)))
        assert south.getpixel((5, 5)) == (255, 0, 0)
        assert north.getpixel((5, 5)) == (0, 0, 255)
        assert (
            basemap.tile(14, 13597, 16383 - 6651) is None
        )  # the raw TMS row is not an XYZ address


def test_metadata_gives_name_format_zooms_and_bounds(nanjing_tiles: Path) -> None:
    with MBTiles(nanjing_tiles) as basemap:
        info = basemap.info
    assert (info.name, info.format, info.min_zoom, info.max_zoom) == ("南京底图", "png", 14, 15)
    assert info.bounds == (118.70, 31.95, 118.90, 32.10)
    assert info.attribution == "天地图"


def test_missing_metadata_is_read_from_the_tiles(tmp_path: Path) -> None:
    path = make_mbtiles(tmp_path / "bare.mbtiles", {(3, 6, 3): _image((9, 9, 9), "JPEG")}, {})
    with MBTiles(path) as basemap:
        assert (basemap.info.format, basemap.info.min_zoom, basemap.info.max_zoom) == ("jpg", 3, 3)
        assert basemap.info.bounds is None
        assert basemap.tile(3, 6, 3)[:3] == b"\xff\xd8\xff"


def test_tiles_are_cached_and_the_cache_stays_small(nanjing_tiles: Path) -> None:
    with MBTiles(nanjing_tiles, cache_size=2) as basemap:
        first = basemap.tile(14, 13597, 6651)
        assert basemap.tile(14, 13597, 6651) is first
        basemap.tile(14, 13597, 6650)
        basemap.tile(15, 27195, 13302)
        assert len(basemap._cache) == 2
        assert (14, 13597, 6651) not in basemap._cache


def test_best_zoom_stays_inside_the_files_range(nanjing_tiles: Path) -> None:
    with MBTiles(nanjing_tiles) as basemap:
        assert basemap.best_zoom(10.2) == 14
        assert basemap.best_zoom(14.6) == 15
        assert basemap.best_zoom(19) == 15


def test_a_file_that_is_not_mbtiles_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "照片.mbtiles"
    bogus.write_bytes(b"\xff\xd8\xff not a database" * 100)
    with pytest.raises(RetrofitError) as caught:
        MBTiles(bogus)
    assert caught.value.code == ErrorCode.NOT_MBTILES
    assert "不是 MBTiles" in caught.value.sentence()
    with pytest.raises(RetrofitError) as caught:
        MBTiles(tmp_path / "missing.mbtiles")
    assert caught.value.code == ErrorCode.NO_SUCH_FILE


def test_tile_addressing_of_a_nanjing_point() -> None:
    x, y = to_mercator(118.7783, 32.0433)
    assert tile_of(x, y, 14) == (13597, 6651)
    min_x, min_y, max_x, max_y = tile_bounds(13597, 6651, 14)
    assert min_x <= x < max_x and min_y < y <= max_y
    lon, lat = to_lon_lat(x, y)
    assert lon == pytest.approx(118.7783, abs=1e-9) and lat == pytest.approx(32.0433, abs=1e-9)
