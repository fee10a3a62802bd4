"""GeoJSON as GDAL and web maps write it (issue 25, points 2 and 7): read right, or skipped per feature in one sentence."""

from __future__ import annotations

import json
import math
import subprocess
import time
from pathlib import Path

import pytest
from test_cli import cli
from test_foreign_geometry import ogr

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.geo.gcj02 import wgs84_to_gcj02
from retrofit_app.core.geo.geojson_import import describe_skip, import_geojson
from retrofit_app.core.project import Project

pytestmark = pytest.mark.needs("ogrinfo", "validate_gpkg")


def box(x: float, y: float, size: float = 0.002) -> list[list[float]]:
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


def estate(name: str, geometry: dict, **more: object) -> dict:
    properties = {"name": name, "区": "鼓楼区", **more}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def through_gdal(tmp_path: Path, document: dict, *options: str, name: str = "out.geojson") -> Path:
    """`document` rewritten by ogr2ogr (GeoJSON by default, or -f GeoJSONSeq ...)."""
    source = tmp_path / "source.geojson"
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / name
    done = subprocess.run(["ogr2ogr", *(options or ("-f", "GeoJSON")), out, source],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out


def names(project: Project) -> dict[str, tuple[float, float]]:
    return {e.name: (e.lon, e.lat) for e in project.estates.list()}


@pytest.mark.parametrize("rs", [False, True], ids=["newline", "record-separator"])
def test_geojsonseq_from_ogr2ogr_imports_every_line(
    project: Project, tmp_path: Path, rs: bool
) -> None:
    document = collection(*(estate(f"序列小区{i}", {"type": "Point", "coordinates": [118.76 + i / 1000, 32.06]}) for i in range(3)))  # fmt: skip
    options = ("-f", "GeoJSONSeq", *(("-lco", "RS=YES") if rs else ()))
    path = through_gdal(tmp_path, document, *options, name="out.geojsonl")
    assert path.read_bytes().startswith(b"\x1e") == rs
    report = import_geojson(project, path)
    assert report.skipped == [] and report.estates_created == 3
    assert names(project)["序列小区2"] == pytest.approx((118.762, 32.06))


def test_a_broken_line_of_geojsonseq_skips_that_line_only(project: Project, tmp_path: Path) -> None:
    good = json.dumps(
        estate("好行", {"type": "Point", "coordinates": [118.76, 32.06]}), ensure_ascii=False
    )
    path = tmp_path / "seq.geojsonl"
    path.write_text(
        f'{good}\n{{"type": "Feature", \n{good.replace("好行", "又一行")}\n', encoding="utf-8"
    )
    report = import_geojson(project, path)
    assert report.estates_created == 2
    assert [describe_skip(s) for s in report.skipped] == [
        "第 2 个要素：第 2 行第 20 列不是有效的 JSON"
    ]


def test_a_bare_geometry_is_read_and_its_feature_named_for_what_it_lacks(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "bare.geojson"
    ogr(
        """
        geometry = ogr.CreateGeometryFromWkt("POLYGON ((118.76 32.06, 118.77 32.06, 118.77 32.07, 118.76 32.06))")
        open(sys.argv[1], "w").write(geometry.ExportToJson())
        """,
        path,
    )
    report = import_geojson(project, path)
    assert [describe_skip(s) for s in report.skipped] == ["第 1 个要素：没有名称"]


def test_point_multipoint_and_geometry_collection_features(
    project: Project, tmp_path: Path
) -> None:
    document = collection(
        estate("点小区", {"type": "Point", "coordinates": [118.76, 32.06, 8.5]}),
        estate("单点小区", {"type": "MultiPoint", "coordinates": [[118.77, 32.07]]}),
        estate("多点小区", {"type": "MultiPoint", "coordinates": [[118.77, 32.07], [118.78, 32.08]]}),
        estate("集合小区", {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "coordinates": [box(118.79, 32.05)]},
            {"type": "Polygon", "coordinates": [box(118.80, 32.05)]}]}),
        estate("线小区", {"type": "LineString", "coordinates": [[118.7, 32.0], [118.8, 32.1]]}),
    )  # fmt: skip
    report = import_geojson(project, through_gdal(tmp_path, document))
    assert report.estates_created == 3
    assert sorted(describe_skip(s) for s in report.skipped) == [
        "第 3 个要素（多点小区）：图形类型 MultiPoint 不能导入（只接受点、面、多面）",
        "第 5 个要素（线小区）：图形类型 LineString 不能导入（只接受点、面、多面）",
    ]
    found = {e.name: e for e in project.estates.list()}
    assert (found["点小区"].lon, found["单点小区"].lat) == (118.76, 32.07)
    assert found["集合小区"].boundary["type"] == "MultiPolygon"


def test_repeated_vertices_of_a_country_like_layer_are_valid(
    project: Project, tmp_path: Path
) -> None:
    features = []
    for i in range(
        40
    ):  # each outline with a repeated vertex, as ogr2ogr exports of country layers have
        ring = box(118.5 + (i % 8) / 50, 31.9 + (i // 8) / 50, 0.01)
        ring.insert(2, list(ring[1]))
        features.append(estate(f"国{i}", {"type": "Polygon", "coordinates": [ring]}))
    report = import_geojson(project, through_gdal(tmp_path, collection(*features)))
    assert report.skipped == [] and report.estates_created == 40


def test_invalid_polygons_are_skipped_with_what_geos_finds(
    project: Project, tmp_path: Path
) -> None:
    shell = box(118.70, 32.00, 0.01)
    document = collection(
        estate("洞在外", {"type": "Polygon", "coordinates": [shell, box(118.75, 32.05, 0.001)]}),
        estate("洞重叠", {"type": "Polygon", "coordinates": [shell, box(118.701, 32.001, 0.004), box(118.703, 32.003, 0.004)]}),
        estate("部分重叠", {"type": "MultiPolygon", "coordinates": [[shell], [box(118.705, 32.005, 0.01)]]}),
        estate("蝴蝶结", {"type": "Polygon", "coordinates": [[[118.7, 32.0], [118.71, 32.01], [118.71, 32.0], [118.7, 32.01], [118.7, 32.0]]]}),
    )  # fmt: skip
    report = import_geojson(project, through_gdal(tmp_path, document))
    assert report.estates_created == 0
    assert [describe_skip(s) for s in report.skipped] == [
        "第 1 个要素（洞在外）：面的洞在外环之外",
        "第 2 个要素（洞重叠）：面的洞互相重叠或嵌套",
        "第 3 个要素（部分重叠）：多面的各部分互相重叠",
        "第 4 个要素（蝴蝶结）：面自相交",
    ]


def test_a_web_mercator_file_from_ogr2ogr_is_reprojected(project: Project, tmp_path: Path) -> None:
    document = collection(
        estate("墨卡托小区", {"type": "Polygon", "coordinates": [box(118.76, 32.06)]})
    )
    path = through_gdal(tmp_path, document, "-f", "GeoJSON", "-t_srs", "EPSG:3857")
    assert "3857" in json.loads(path.read_text(encoding="utf-8"))["crs"]["properties"]["name"]
    report = import_geojson(project, path)
    assert report.skipped == [] and report.estates_created == 1
    boundary = project.estates.list()[0].boundary
    assert boundary["coordinates"][0][2] == pytest.approx([118.762, 32.062], abs=1e-7)


def test_a_crs_pyproj_does_not_know_is_named(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "unknown.geojson"
    document = collection(estate("某小区", {"type": "Point", "coordinates": [1, 2]}))
    document["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::999999"}}
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(RetrofitError) as error:
        import_geojson(project, path)
    assert "文件声明的坐标系 srs_id 999999 无法换算为经纬度" in error.value.sentence("zh")


def test_gcj02_coordinates_are_converted_when_declared(project_path: Path, tmp_path: Path) -> None:
    Project.create(project_path, user="测试员").close()
    gcj = wgs84_to_gcj02(118.7652, 32.0601)
    path = tmp_path / "picker.geojson"
    path.write_text(json.dumps(collection(estate("拾取小区", {"type": "Point", "coordinates": list(gcj)}))), encoding="utf-8")  # fmt: skip
    done = cli("import-geojson", project_path, path, "--gcj02")
    assert done.returncode == 0, done.stderr
    with Project(project_path, readonly=True) as project:
        lon, lat = names(project)["拾取小区"]
    assert (lon, lat) == pytest.approx((118.7652, 32.0601), abs=1e-6)
    metres = math.hypot((gcj[0] - lon) * 94_000, (gcj[1] - lat) * 111_000)
    assert 300 < metres < 800  # what the option saves: about 500 m


def test_a_storey_count_that_is_not_a_whole_number_is_left_out_with_a_warning(
    project: Project, tmp_path: Path
) -> None:
    home = estate("层数小区", {"type": "Polygon", "coordinates": [box(118.76, 32.06, 0.01)]})

    def building(name: str, storeys: object) -> dict:
        return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [box(118.761, 32.061, 0.0005)]},
                "properties": {"kind": "楼栋", "name": name, "小区": "层数小区", "层数": storeys}}  # fmt: skip

    document = collection(home, building("1幢", "6.0"), building("2幢", "六"), building("3幢", 7))
    path = tmp_path / "storeys.geojson"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    report = import_geojson(project, path)
    assert report.buildings_created == 3
    assert [describe_skip(s) for s in report.skipped] == [
        "第 3 个要素（2幢）的“storeys”值 六 不是整数，已忽略该项"
    ]
    uuid = project.estates.list()[0].uuid
    assert {b.name: b.storeys for b in project.buildings.of_estate(uuid)} == {
        "1幢": 6,
        "2幢": None,
        "3幢": 7,
    }


def test_malformed_members_are_refused_per_feature(project: Project, tmp_path: Path) -> None:
    point = {"type": "Point", "coordinates": [118.76, 32.06]}
    document = collection(
        {"type": "Feature", "geometry": point, "properties": ["name", "列表"]},
        estate("字符串图形", "POINT (118.76 32.06)"),  # type: ignore[arg-type]
        estate("正常", point),
        estate("非数坐标", {"type": "Point", "coordinates": [float("nan"), 32.06]}),
        estate(float("nan"), point),  # type: ignore[arg-type]
    )
    path = tmp_path / "bad.geojson"
    path.write_text(
        json.dumps(document, ensure_ascii=False), encoding="utf-8"
    )  # NaN as JS writes it
    report = import_geojson(project, path)
    assert report.estates_created == 1
    assert [describe_skip(s) for s in report.skipped] == [
        "第 1 个要素：属性（properties）不是对象",
        "第 2 个要素（字符串图形）：图形（geometry）不是对象",
        "第 4 个要素（非数坐标）：坐标无法读取（每个点须是两个数字）",
        "第 5 个要素：属性值无效",
    ]


def test_absurd_nesting_is_refused_in_a_sentence(project: Project, tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    whole = tmp_path / "deep.geojson"
    whole.write_text('{"type": "FeatureCollection", "features": [' + deep + "]}", encoding="utf-8")
    with pytest.raises(RetrofitError) as error:
        import_geojson(project, whole)
    assert "嵌套" in error.value.sentence("zh")
    good = json.dumps(
        estate("好行", {"type": "Point", "coordinates": [118.76, 32.06]}), ensure_ascii=False
    )
    lines = tmp_path / "deep.geojsonl"  # in GeoJSONSeq only that line is refused
    lines.write_text(f"{good}\n{deep}\n", encoding="utf-8")
    report = import_geojson(project, lines)
    assert report.estates_created == 1 and len(report.skipped) == 1
    assert "嵌套" in describe_skip(report.skipped[0])


def test_a_twenty_thousand_vertex_ring_imports_in_about_a_second(
    project: Project, tmp_path: Path
) -> None:
    n = 19_999  # and the closing position: 20,000, the most one feature may have
    ring = [[118.8 + 0.01 * math.cos(2 * math.pi * i / n), 32.05 + 0.01 * math.sin(2 * math.pi * i / n)] for i in range(n)]  # fmt: skip
    path = tmp_path / "big.geojson"
    path.write_text(json.dumps(collection(estate("大边界", {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}))), encoding="utf-8")  # fmt: skip
    start = time.perf_counter()
    report = import_geojson(project, path)
    assert report.estates_created == 1
    assert time.perf_counter() - start < 10  # about 1 s here; generous for a shared CI machine


def test_our_buildings_layer_copied_by_ogr2ogr_comes_back_as_buildings(
    demo_path: Path, tmp_path: Path
) -> None:
    layer = tmp_path / "buildings.geojson"
    done = subprocess.run(["ogr2ogr", "-f", "GeoJSON", layer, demo_path, "buildings"],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    with Project(demo_path) as project:
        before = len(project.estates.list())
        report = import_geojson(project, layer)
        assert len(project.estates.list()) == before
    assert report.estates_created == 0 and report.buildings_created == 0
    assert report.buildings_updated > 0 and report.skipped == []


def test_a_web_mercator_reference_layer_is_drawn_in_place(tmp_path: Path) -> None:
    from retrofit_app.core.geo.map_data import load_reference_layer

    road = {"type": "LineString", "coordinates": [[118.76, 32.06], [118.77, 32.07]]}
    path = through_gdal(tmp_path, collection({"type": "Feature", "geometry": road, "properties": {}}),
                        "-f", "GeoJSON", "-t_srs", "EPSG:3857")  # fmt: skip
    drawn = load_reference_layer(path)
    for got, sent in zip(drawn[0]["coordinates"], road["coordinates"], strict=True):
        assert got == pytest.approx(sent, abs=1e-7)


def test_our_own_export_re_imports_as_what_it_is(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "导出.geojson"
    assert cli("export", demo_path, "--format", "geojson", "--out", out).returncode == 0
    with Project(demo_path) as project:
        before = {e.uuid: (e.lon, e.lat, e.boundary) for e in project.estates.list()}
        report = import_geojson(project, out)
        after = {e.uuid: (e.lon, e.lat, e.boundary) for e in project.estates.list()}
    assert report.estates_created == 0 and report.buildings_created == 0
    assert report.estates_updated > 0 and report.buildings_updated > 0
    assert report.skipped == [] and after == before
