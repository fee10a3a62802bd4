"""QGIS-ready: GDAL's validate_gpkg.py and ogrinfo accept the demo project after importing and drawing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from retrofit_app.core.geo.geojson_import import import_geojson
from retrofit_app.core.project import Project

VALIDATOR = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")
SYSTEM_PYTHON = Path("/usr/bin/python3")

pytestmark = pytest.mark.needs("validate_gpkg", "ogrinfo")


def test_demo_validates_after_importing_and_drawing(demo_path: Path, tmp_path: Path) -> None:
    ring = [
        [118.790, 32.040],
        [118.793, 32.040],
        [118.794, 32.042],
        [118.790, 32.043],
        [118.790, 32.040],
    ]
    source = tmp_path / "新增.geojson"
    source.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [[ring]]},
         "properties": {"名称": "双塘新村", "区": "秦淮区", "街道": "双塘街道"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [118.791, 32.041, 9.0]},
         "properties": {"kind": "楼栋", "name": "1幢", "小区": "双塘新村"}},
    ]}, ensure_ascii=False), encoding="utf-8")  # fmt: skip
    with Project(demo_path) as project:
        assert import_geojson(project, source).skipped == []
        first = project.estates.list()[0]
        drawn = [[118.76, 32.06], [118.762, 32.06], [118.762, 32.062], [118.76, 32.06]]
        project.estates.update(
            first.uuid,
            lon=118.761,
            lat=32.0605,
            boundary={"type": "Polygon", "coordinates": [drawn]},
        )
    result = subprocess.run(
        [str(SYSTEM_PYTHON), str(VALIDATOR), str(demo_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "" and result.stderr.strip() == ""
    info = subprocess.run(
        ["ogrinfo", "-ro", "-so", "-q", str(demo_path), "estate_boundaries"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert info.returncode == 0
    listing = subprocess.run(
        ["ogrinfo", "-ro", "-q", str(demo_path)], capture_output=True, text=True, timeout=60
    ).stdout
    for layer in (
        "estates (Point)",
        "buildings",
        "photos (Point)",
        "estates_overview (Point)",
        "buildings_overview",
    ):
        assert layer in listing
    # The overview layer shows place names, not uuids.
    row = subprocess.run(
        ["ogrinfo", "-ro", "-q", str(demo_path), "estates_overview", "-where", "name = '双塘新村'"],
        capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip
    assert "district (String) = 秦淮区" in row and "street (String) = 双塘街道" in row
