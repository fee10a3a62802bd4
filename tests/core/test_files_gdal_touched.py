"""Project files GDAL and QGIS have touched: spatial indexes written to, partial copies named,
views-made-tables repaired, foreign app_meta tables refused, read-only commands leave no trace."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from needs import GDAL_VALIDATOR, SYSTEM_PYTHON

from retrofit_app.cli import main
from retrofit_app.core.geo.gpkg_geometry import point, to_gpkg
from retrofit_app.core.project import Project
from retrofit_app.core.storage.gpkg_functions import register_gpkg_functions

pytestmark = pytest.mark.needs("ogrinfo")

# A building beside the estate point the tests move to (118.81, 32.06).
SQUARE = {"type": "Polygon", "coordinates": [[[118.809, 32.059], [118.811, 32.059], [118.811, 32.061],
                                              [118.809, 32.061], [118.809, 32.059]]]}  # fmt: skip


def _gdal(*args: object) -> None:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def _project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "项目.gpkg"
    assert main(["new", str(path)]) == 0
    assert main(["add-estate", str(path), "--name", "童家巷小区", "--district", "玄武区",
                 "--lon", "118.79", "--lat", "32.07"]) == 0  # fmt: skip
    capsys.readouterr()
    return path


def _rtree(path: Path, table: str, name: str) -> tuple[float, float, float, float]:
    with sqlite3.connect(path) as conn:
        row = conn.execute(
            f"SELECT r.minx, r.maxx, r.miny, r.maxy FROM rtree_{table}_geom r "
            f"JOIN {table} t ON t.fid = r.id WHERE t.name = ?",
            (name,),
        ).fetchone()
    assert row is not None, f"{name} is not in the spatial index of {table}"
    return row


def _near(found: tuple[float, ...], wanted: tuple[float, ...]) -> bool:
    return all(abs(a - b) < 1e-4 for a, b in zip(found, wanted, strict=True))


def _one_sentence(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "内部错误" not in err, err
    return err


def test_a_project_gdal_indexed_takes_new_moved_and_drawn_features(tmp_path, capsys):
    path = _project(tmp_path, capsys)
    _gdal("ogrinfo", "-q", "-sql", "SELECT CreateSpatialIndex('estates','geom')", path)
    script = ("import sys; from osgeo import ogr; ds = ogr.Open(sys.argv[1], 1); "
              "ds.ExecuteSQL(\"SELECT CreateSpatialIndex('buildings','geom')\"); ds = None")  # fmt: skip
    _gdal(SYSTEM_PYTHON, "-c", script, path)

    assert main(["add-estate", str(path), "--name", "新村", "--district", "玄武区",
                 "--lon", "118.80", "--lat", "32.05"]) == 0, capsys.readouterr().err  # fmt: skip
    assert _near(_rtree(path, "estates", "新村"), (118.80, 118.80, 32.05, 32.05))
    with Project(path) as project:
        estate = next(e for e in project.estates.list() if e.name == "新村")
        project.estates.update(estate.uuid, lon=118.81, lat=32.06)
        project.buildings.create(estate.uuid, "1幢", geometry=SQUARE)
    assert _near(_rtree(path, "estates", "新村"), (118.81, 118.81, 32.06, 32.06))
    assert _near(_rtree(path, "buildings", "1幢"), (118.809, 118.811, 32.059, 32.061))
    assert main(["check", str(path)]) == 0, capsys.readouterr().err


def test_an_ogr2ogr_copy_is_named_then_repaired_by_check_and_written(tmp_path, capsys):
    path = _project(tmp_path, capsys)
    copy = tmp_path / "副本.gpkg"
    _gdal("ogr2ogr", "-f", "GPKG", copy, path)
    before = copy.read_bytes()
    refusal = _one_sentence(capsys, "estates", str(copy))
    assert "estates_overview" in refusal and "ogr2ogr" in refusal and "check --repair" in refusal
    assert copy.read_bytes() == before

    assert main(["check", "--repair", str(copy)]) == 0
    said = capsys.readouterr().out
    assert "estates_overview" in said and "已按本程序的结构重建表" in said and "households" in said
    with sqlite3.connect(copy) as conn:  # the rules ogr2ogr left behind are back
        assert conn.execute("PRAGMA foreign_key_list(buildings)").fetchall()
        assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'units_building'").fetchone()
    with sqlite3.connect(copy) as conn:
        kinds = dict(
            conn.execute("SELECT name, type FROM sqlite_master WHERE name LIKE '%_overview'")
        )
    assert kinds == {
        "estates_overview": "view",
        "buildings_overview": "view",
        "photos_overview": "view",
    }

    assert main(["add-estate", str(copy), "--name", "新村", "--district", "玄武区",
                 "--lon", "118.80", "--lat", "32.05"]) == 0, capsys.readouterr().err  # fmt: skip
    assert _near(_rtree(copy, "estates", "新村"), (118.80, 118.80, 32.05, 32.05))
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM estates_overview").fetchone()[0] == 2
    assert main(["check", str(copy)]) == 0, capsys.readouterr().err
    if GDAL_VALIDATOR.is_file():
        _gdal(SYSTEM_PYTHON, GDAL_VALIDATOR, copy)


@pytest.mark.parametrize("layers", [["estates", "buildings", "app_meta"], ["estates", "buildings"]])
def test_a_copy_of_some_layers_is_named_by_every_command(tmp_path, capsys, layers):
    path = _project(tmp_path, capsys)
    part = tmp_path / "打包图层.gpkg"
    _gdal("ogr2ogr", "-f", "GPKG", part, path, *layers)
    before = part.read_bytes()
    out = tmp_path / "out.geojson"
    for command in (["info"], ["check"], ["check", "--repair"], ["estates"],
                    ["export", "--format", "geojson", "--out", str(out)],
                    ["add-estate", "--name", "新村", "--district", "玄武区"]):  # fmt: skip
        refusal = _one_sentence(capsys, command[0], str(part), *command[1:])
        assert "不是完整的项目文件" in refusal and "households" in refusal, refusal
        assert "QGIS" in refusal and "ogr2ogr" in refusal
    assert part.read_bytes() == before and not out.exists()


@pytest.mark.parametrize("app_meta", [
    "CREATE TABLE app_meta (id INTEGER PRIMARY KEY, name TEXT)",
    "CREATE TABLE app_meta (key TEXT, value TEXT); INSERT INTO app_meta VALUES ('app', 'qfield')",
])  # fmt: skip
def test_another_programs_geopackage_with_an_app_meta_table_is_another_programs(
    tmp_path, capsys, app_meta
):
    source = tmp_path / "点.geojson"
    source.write_text('{"type": "Point", "coordinates": [118.8, 32.0]}', encoding="utf-8")
    foreign = tmp_path / "别人的.gpkg"
    _gdal("ogr2ogr", "-f", "GPKG", foreign, source, "-nln", "estates")
    with sqlite3.connect(foreign) as conn:
        conn.executescript(app_meta)
    for command in ("info", "check", "estates"):
        assert "是另一个程序的数据库" in _one_sentence(capsys, command, str(foreign))


def _blob_values(blob: bytes | None) -> tuple:
    conn = sqlite3.connect(":memory:")
    register_gpkg_functions(conn)
    return conn.execute(
        "SELECT ST_IsEmpty(?1), ST_MinX(?1), ST_MaxX(?1), ST_MinY(?1), ST_MaxY(?1), "
        "ST_GeometryType(?1), ST_SRID(?1)",
        (blob,),
    ).fetchone()


def test_the_geopackage_sql_functions_read_the_blob_header_and_envelope():
    assert _blob_values(to_gpkg(point(118.8, 32.05))) == (
        0,
        118.8,
        118.8,
        32.05,
        32.05,
        "POINT",
        4326,
    )
    assert _blob_values(to_gpkg(SQUARE)) == (0, 118.809, 118.811, 32.059, 32.061, "POLYGON", 4326)
    empty = to_gpkg({"type": "Polygon", "coordinates": []})
    assert _blob_values(empty)[:5] == (1, None, None, None, None)
    assert _blob_values(None) == (None,) * 7
    assert _blob_values(b"not a geometry")[:2] == (1, None)
    conn = sqlite3.connect(":memory:")
    register_gpkg_functions(conn)
    cases = [("GEOMETRY", "CURVEPOLYGON", 1), ("MULTISURFACE", "MULTIPOLYGON", 1),
             ("POINT", "POLYGON", 0), ("POLYGON", "GEOMETRY", 0), ("geometry", "point", 1)]  # fmt: skip
    for expected, actual, answer in cases:
        assert (
            conn.execute("SELECT GPKG_IsAssignable(?, ?)", (expected, actual)).fetchone()[0]
            == answer
        )


def _trace(path: Path) -> tuple:
    info = os.stat(path)
    return info.st_mtime_ns, info.st_size, path.read_bytes(), sorted(os.listdir(path.parent))


def test_read_only_commands_leave_the_file_and_its_folder_as_they_were(tmp_path, capsys, demo_path):
    made = _project(tmp_path, capsys)
    indexed = tmp_path / "indexed" / "索引.gpkg"
    indexed.parent.mkdir()
    indexed.write_bytes(made.read_bytes())
    _gdal("ogrinfo", "-q", "-sql", "SELECT CreateSpatialIndex('estates','geom')", indexed)
    copied = tmp_path / "copied" / "副本.gpkg"
    copied.parent.mkdir()
    _gdal("ogr2ogr", "-f", "GPKG", copied, made)
    assert main(["check", "--repair", str(copied)]) == 0
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "导出.geojson"
    for path in (demo_path, indexed, copied):
        for command in (["info"], ["check"], ["estates"], ["info", "--json"],
                        ["export", "--format", "geojson", "--out", str(out)]):  # fmt: skip
            before = _trace(path)
            assert main([command[0], str(path), *command[1:]]) == 0, capsys.readouterr().err
            assert _trace(path) == before, (path.name, command)


def test_a_field_copy_of_an_indexed_project_goes_out_and_merges_back(tmp_path, capsys):
    office = _project(tmp_path, capsys)
    for table in ("estates", "buildings"):
        _gdal("ogrinfo", "-q", "-sql", f"SELECT CreateSpatialIndex('{table}','geom')", office)
    field = tmp_path / "外业.gpkg"
    assert main(["export-package", str(office), "--estate", "XW-0001", "--out", str(field)]) == 0
    assert _near(_rtree(field, "estates", "童家巷小区"), (118.79, 118.79, 32.07, 32.07))
    with Project(field) as project:
        estate = project.estates.list()[0]
        project.estates.update(estate.uuid, lon=118.81, lat=32.06)
        project.buildings.create(estate.uuid, "1幢", geometry=SQUARE)
    assert main(["merge-package", str(office), str(field)]) == 0, capsys.readouterr().err
    assert _near(_rtree(office, "estates", "童家巷小区"), (118.81, 118.81, 32.06, 32.06))
    assert _near(_rtree(office, "buildings", "1幢"), (118.809, 118.811, 32.059, 32.061))


def test_read_only_commands_name_an_older_file_and_leave_it_as_it_was(tmp_path, capsys):
    from retrofit_app.core.storage.schema import APP_ID, schema_sql

    old = tmp_path / "旧版.gpkg"
    with sqlite3.connect(old) as conn:  # a schema 4 file, as the program before issue 25 wrote
        conn.executescript(schema_sql())
        conn.executemany("INSERT INTO app_meta (key, value) VALUES (?, ?)",
                         [("app", APP_ID), ("schema_version", "4")])  # fmt: skip
    for command in ("info", "check", "estates"):
        before = _trace(old)
        assert "旧版本的项目文件（数据版本 4）" in _one_sentence(capsys, command, str(old))
        assert _trace(old) == before
    assert main(["check", "--repair", str(old)]) == 0
    assert main(["info", str(old)]) == 0
