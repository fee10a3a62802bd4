"""export --format geojson|csv|xlsx: what the office hands on, and the GeoJSON round trip."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from retrofit_app.cli import main
from retrofit_app.core.geo import estate_table
from retrofit_app.core.geo.geojson_export import export_geojson
from retrofit_app.core.geo.geojson_import import import_geojson
from retrofit_app.core.geo.gpkg_geometry import point, to_gpkg
from retrofit_app.core.project import Project
from retrofit_app.core.storage import records


def _add_photo(project: Project, estate_uuid: str) -> None:
    with project.write() as db:
        records.insert_row(
            db, "photos",
            {"estate_uuid": estate_uuid, "sha256": "ab" * 32, "geom": to_gpkg(point(118.7655, 32.0602)),
             "lon": 118.7655, "lat": 32.0602, "stage_tag": "before", "caption": "北门破损",
             "byte_size": 1000, "imported_at": "2026-11-27T08:00:00Z"},
            project.user, stamp=False,
        )  # fmt: skip


def test_geojson_holds_estates_boundaries_buildings_and_photo_points(
    demo_path: Path, tmp_path: Path
) -> None:
    with Project(demo_path) as project:
        first = project.estates.list()[0]
        _add_photo(project, first.uuid)
        written = export_geojson(project, tmp_path / "导出.geojson")
        buildings = sum(len(project.buildings.of_estate(e.uuid)) for e in project.estates.list())
        estates = project.estates.list()
        located = project.conn.execute(
            "SELECT count(*) FROM photos WHERE deleted_at IS NULL AND (geom IS NOT NULL OR lon IS NOT NULL)"
        ).fetchone()[0]
    document = json.loads((tmp_path / "导出.geojson").read_text(encoding="utf-8"))
    kinds = [f["properties"]["kind"] for f in document["features"]]
    assert written == len(document["features"])
    assert kinds.count("building") == buildings
    assert kinds.count("photo") == located
    points = [
        f
        for f in document["features"]
        if f["properties"]["kind"] == "estate" and f["geometry"]["type"] == "Point"
    ]
    assert len(points) == len(estates)
    one = next(f["properties"] for f in points if f["properties"]["code"] == first.code)
    assert one["name"] == first.name and one["stage"] == str(first.stage) and one["photos"] >= 1
    assert "progress" in one and one["buildings"] >= 1
    photo = next(f for f in document["features"] if f["properties"]["kind"] == "photo")
    assert (
        photo["properties"]["caption"] == "北门破损"
        and photo["properties"]["estate_code"] == first.code
    )


def test_geojson_round_trip_rebuilds_the_same_estates(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "round.geojson"
    with Project(demo_path) as project:
        export_geojson(project, out)
        before = {
            e.code: (e.name, e.district, e.street, e.lon, e.lat, e.boundary)
            for e in project.estates.list()
        }
        shapes = {
            (b.name, json.dumps(b.geometry))
            for e in project.estates.list()
            for b in project.buildings.of_estate(e.uuid)
        }
    with Project.create(tmp_path / "新.gpkg") as fresh:
        report = import_geojson(fresh, out)
        assert report.skipped == []
        after = {
            e.code: (e.name, e.district, e.street, e.lon, e.lat, e.boundary)
            for e in fresh.estates.list()
        }
        rebuilt = {
            (b.name, json.dumps(b.geometry))
            for e in fresh.estates.list()
            for b in fresh.buildings.of_estate(e.uuid)
        }
    assert after == before
    assert rebuilt == shapes


def test_csv_and_xlsx_list_every_estate_with_counts(demo_path: Path, tmp_path: Path) -> None:
    assert (
        main(["export", str(demo_path), "--format", "csv", "--out", str(tmp_path / "小区.csv")])
        == 0
    )
    assert (
        main(["export", str(demo_path), "--format", "xlsx", "--out", str(tmp_path / "小区.xlsx")])
        == 0
    )
    raw = (tmp_path / "小区.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    rows = list(csv.reader((tmp_path / "小区.csv").read_text(encoding="utf-8-sig").splitlines()))
    with Project(demo_path, readonly=True) as project:
        estates = project.estates.list()
        counts = project.counts()
    assert rows[0][:3] == ["编号 code", "名称 name", "区 district"]
    assert [r[0] for r in rows[1:]] == [e.code for e in estates]
    assert sum(int(r[9]) for r in rows[1:]) == counts.units
    assert sum(int(r[10]) for r in rows[1:]) == counts.households
    sheet = load_workbook(tmp_path / "小区.xlsx").active
    assert [c.value for c in sheet[1]] == rows[0]
    assert sheet.cell(2, 2).value == estates[0].name and sheet.max_row == len(estates) + 1


def test_another_feature_can_add_columns(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = project.estates.create("颐和新村", "鼓楼区")
    project.estates.create("大光路小区", "秦淮区")
    provider = lambda _p: (["消防检查 fire"], {a.uuid: ["合格"]})  # noqa: E731
    monkeypatch.setattr(estate_table, "COLUMN_PROVIDERS", [provider])
    headers, table = estate_table.estate_table(project)
    assert headers[-1] == "消防检查 fire"
    assert [row[-1] for row in table] == ["合格", ""]


def test_export_refuses_an_unknown_format(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["export", str(demo_path), "--format", "shp", "--out", str(tmp_path / "x.shp")])
    assert "invalid choice" in capsys.readouterr().err
