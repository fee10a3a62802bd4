"""A field copy edited outside the program (sqlite3, ogr2ogr -append, GDAL's spatial index) merges
back, also when the office changed nothing since (pygeodiff then writes no rebased changeset)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from needs import SYSTEM_PYTHON

from retrofit_app.cli import main
from retrofit_app.core.project import Project

pytestmark = pytest.mark.needs("ogrinfo")


def _gdal(*args: object) -> None:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def _office_and_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    office, field = tmp_path / "办公室.gpkg", tmp_path / "外业.gpkg"
    assert main(["new", str(office)]) == 0
    assert main(["add-estate", str(office), "--name", "童家巷小区", "--district", "玄武区",
                 "--lon", "118.79", "--lat", "32.07"]) == 0  # fmt: skip
    assert main(["export-package", str(office), "--estate", "XW-0001", "--out", str(field)]) == 0
    capsys.readouterr()
    return office, field


def _merged(office: Path, field: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["merge-package", str(office), str(field)])
    said = capsys.readouterr()
    assert code == 0, said.err
    assert "内部错误" not in said.out + said.err


def _one(path: Path, sql: str) -> tuple:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchone()


def test_a_field_copy_edited_with_sqlite3_merges_when_the_office_changed_nothing(tmp_path, capsys):
    office, field = _office_and_field(tmp_path, capsys)
    with sqlite3.connect(field) as conn:
        conn.execute("UPDATE estates SET note = '北门改建，sqlite3 改的' WHERE code = 'XW-0001'")
    _merged(office, field, capsys)
    assert _one(office, "SELECT note FROM estates WHERE code = 'XW-0001'") == (
        "北门改建，sqlite3 改的",
    )


def test_a_building_appended_by_ogr2ogr_merges_with_its_uuid_filled(tmp_path, capsys):
    office, field = _office_and_field(tmp_path, capsys)
    (estate_uuid,) = _one(field, "SELECT uuid FROM estates")
    ring = [[118.790, 32.070], [118.791, 32.070], [118.791, 32.071], [118.790, 32.070]]
    source = tmp_path / "楼.geojson"
    source.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {"name": "5幢", "estate_uuid": estate_uuid, "storeys": 6}}]},
        ensure_ascii=False), encoding="utf-8")  # fmt: skip
    _gdal("ogr2ogr", "-append", "-f", "GPKG", field, source, "-nln", "buildings")
    _merged(office, field, capsys)
    uuid, created, storeys = _one(
        office, "SELECT uuid, created_at, storeys FROM buildings WHERE name = '5幢'"
    )
    assert len(uuid) == 36 and created.endswith("Z") and storeys == 6
    assert main(["check", str(office)]) == 0, capsys.readouterr().err


_EDIT_BY_OGR = """
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1], 1)
layer = ds.GetLayerByName("estates")
feature = layer.GetNextFeature()
feature.SetField("note", "在 QGIS 里建了空间索引")
feature.SetGeometry(ogr.CreateGeometryFromWkt("POINT (118.8 32.06)"))
assert layer.SetFeature(feature) == 0
ds = None
"""


def test_a_field_copy_gdal_indexed_and_edited_in_gdal_merges(tmp_path, capsys):
    office, field = _office_and_field(tmp_path, capsys)
    _gdal("ogrinfo", "-q", "-sql", "SELECT CreateSpatialIndex('estates','geom')", field)
    _gdal(SYSTEM_PYTHON, "-c", _EDIT_BY_OGR, field)  # what QGIS does on saving an edit
    _merged(office, field, capsys)
    assert _one(office, "SELECT note FROM estates WHERE code = 'XW-0001'") == (
        "在 QGIS 里建了空间索引",
    )
    with Project(office, readonly=True) as project:
        (estate,) = project.estates.list()
        assert (round(estate.lon, 6), round(estate.lat, 6)) == (118.8, 32.06)


def test_a_trigger_named_like_a_spatial_index_but_doing_more_is_refused(tmp_path, capsys):
    office, field = _office_and_field(tmp_path, capsys)
    with sqlite3.connect(field) as conn:
        conn.execute(
            "CREATE TRIGGER rtree_estates_geom_insert AFTER INSERT ON estates "
            "BEGIN UPDATE estates SET note = 'x'; END"
        )
    assert main(["merge-package", str(office), str(field)]) != 0
    err = capsys.readouterr().err.strip()
    assert "rtree_estates_geom_insert" in err and "内部错误" not in err
