"""A copy saved by ogr2ogr in a CRS without an EPSG code (srs_id 100000, its WKT in gpkg_spatial_ref_sys) reads, exports and takes writes right (issue 25)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape
from test_cli import cli
from test_foreign_geometry import in_nanjing, ogr

from retrofit_app.core.geo.gpkg_geometry import blob_srs_id, from_gpkg, srs_name, srs_transformer
from retrofit_app.core.storage.srs_definitions import learn

pytestmark = pytest.mark.needs("ogrinfo")

# A city grid as surveyors use: CGCS2000, Transverse Mercator on 118.5°E, no EPSG code.
LOCAL_GRID = (
    'PROJCS["Nanjing local TM",GEOGCS["China Geodetic Coordinate System 2000",'
    'DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],'
    'UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
    'PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",118.5],'
    'PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],'
    'PARAMETER["false_northing",0],UNIT["metre",1]]'
)


def _in_local_grid(project: Path, tmp_path: Path) -> Path:
    """`ogr2ogr -t_srs <WKT>` of `project`, then `check --repair` (the overview views it copied as tables)."""
    wkt = tmp_path / "local.wkt"
    wkt.write_text(LOCAL_GRID, encoding="utf-8")
    copy = tmp_path / "地方坐标系副本.gpkg"
    done = subprocess.run(["ogr2ogr", "-f", "GPKG", "-t_srs", wkt, copy, project],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(copy) as conn:
        assert conn.execute(
            "SELECT srs_id, organization FROM gpkg_spatial_ref_sys WHERE srs_id > 4326"
        ).fetchall() == [(100000, "NONE")]
        assert {s for (s,) in conn.execute("SELECT srs_id FROM gpkg_geometry_columns")} == {100000}
    cli("check", "--repair", copy)
    return copy


def _features(path: Path, out: Path) -> list[dict]:
    done = cli("export", path, "--format", "geojson", "--out", out)
    assert done.returncode == 0 and "内部错误" not in done.stderr, done.stderr
    return json.loads(out.read_text(encoding="utf-8"))["features"]


def test_a_copy_in_a_crs_without_an_epsg_code_exports_the_same_places(
    demo_path: Path, tmp_path: Path
) -> None:
    copy = _in_local_grid(demo_path, tmp_path)
    checked = cli("check", copy)
    assert checked.returncode == 0 and "坐标系" not in checked.stderr, checked.stderr
    features = _features(copy, tmp_path / "copy.geojson")
    original = _features(demo_path, tmp_path / "original.geojson")
    assert len(features) == len(original) > 100
    assert all(in_nanjing(f["geometry"]["coordinates"]) for f in features)
    for mine, theirs in zip(features, original, strict=True):
        assert mine["geometry"]["type"] == theirs["geometry"]["type"]
        here, there = (shapely.get_coordinates(shape(f["geometry"])) for f in (mine, theirs))
        assert here.shape == there.shape and abs(here - there).max() < 1e-7


def test_what_the_program_writes_there_goes_in_the_files_own_crs(tmp_path: Path) -> None:
    made = tmp_path / "new.gpkg"
    assert cli("new", made).returncode == 0
    copy = _in_local_grid(made, tmp_path)
    added = cli("add-estate", copy, "--name", "地方坐标小区", "--district", "鼓楼区",
                "--lon", "118.7701", "--lat", "32.0702")  # fmt: skip
    assert added.returncode == 0, added.stderr
    with sqlite3.connect(copy) as conn:
        blob = conn.execute("SELECT geom FROM estates WHERE name = '地方坐标小区'").fetchone()[0]
        learn(conn)  # as every connection the program opens does
    assert blob_srs_id(blob) == 100000
    assert from_gpkg(blob)["coordinates"] == pytest.approx([118.7701, 32.0702], abs=1e-9)
    # GDAL reads the stored metres back as that place too: one CRS throughout for QGIS.
    ogr(
        """
        ds = ogr.Open(sys.argv[1])
        layer = ds.GetLayerByName("estates")
        layer.SetAttributeFilter("name = '地方坐标小区'")
        feature = layer.GetNextFeature()
        geom = feature.GetGeometryRef().Clone()
        wgs = osr.SpatialReference(); wgs.ImportFromEPSG(4326)
        wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        assert 520_000 < geom.GetX() < 530_000, geom.GetX()  # metres east of 118.5°E + 500 km
        geom.TransformTo(wgs)
        assert abs(geom.GetX() - 118.7701) < 1e-7 and abs(geom.GetY() - 32.0702) < 1e-7
        """,
        copy,
    )


def test_an_srs_id_is_the_crs_its_file_defines_not_the_epsg_code_of_that_number() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, "
        "organization TEXT, organization_coordsys_id INTEGER, definition TEXT, description TEXT)"
    )
    conn.executemany("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, '')", [
        ("web", 3, "epsg", 3857, "PROJCS[...]"),  # the spec allows any number for EPSG:3857
        ("grid", 100001, "NONE", 100001, LOCAL_GRID),
        ("broken", 100002, "NONE", 100002, "PROJCS[not a crs"),
    ])  # fmt: skip
    learn(conn)
    lon, lat = srs_transformer(3).transform(13_221_000.0, 3_771_000.0)
    assert (lon, lat) == pytest.approx((118.7652, 32.0601), abs=0.01)
    lon, lat = srs_transformer(100001).transform(524_000.0, 3_549_000.0)
    assert 118.7 < lon < 118.8 and 32.0 < lat < 32.1
    assert srs_name(100001) == "srs_id 100001 (Nanjing local TM)"
    assert srs_name(3) == "EPSG:3857 (WGS 84 / Pseudo-Mercator)"
    with pytest.raises(ValueError, match="unknown_crs"):
        srs_transformer(100002)
