"""import-geojson: estates and buildings from each geometry kind, Chinese keys, GBK files, bad features skipped."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from retrofit_app.cli import main
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.geo.geojson_import import describe_skip, import_geojson
from retrofit_app.core.project import Project


def square(lon: float, lat: float, d: float = 0.002, z: float | None = None) -> list[list[float]]:
    corners = [(lon, lat), (lon + d, lat), (lon + d, lat + d), (lon, lat + d), (lon, lat)]
    return [[x, y] if z is None else [x, y, z] for x, y in corners]


def feature(geometry: dict | None, **properties: object) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def write(path: Path, features: list[dict], encoding: str = "utf-8") -> Path:
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    path.write_bytes(text.encode(encoding))
    return path


GOOD = [
    feature({"type": "Point", "coordinates": [118.7652, 32.0601, 12.5]},
            小区名称="颐和新村", 编号="GL-0101", 区="鼓楼区", 街道="宁海路街道", 社区="颐和路社区", 地址="江苏路 21 号"),
    feature({"type": "Polygon", "coordinates": [square(118.80, 32.03)]},
            name="大光路小区", district="秦淮区", street="大光路街道"),
    feature({"type": "MultiPolygon", "coordinates": [[square(118.74, 32.00, z=8.0)], [square(118.75, 32.00)]]},
            名称="南湖新村", 区="建邺区"),
    feature({"type": "Polygon", "coordinates": [square(118.7650, 32.0600, 0.0003)]},
            kind="building", 楼栋="1幢", 小区编号="GL-0101", 层数=6),
    feature({"type": "Point", "coordinates": [118.801, 32.031]}, 类型="楼栋", name="3幢", 小区="大光路小区"),
]  # fmt: skip


def test_each_geometry_kind_creates_what_it_should(project: Project, tmp_path: Path) -> None:
    report = import_geojson(project, write(tmp_path / "小区.geojson", GOOD))
    assert (report.estates_created, report.buildings_created, report.skipped) == (3, 2, [])
    yihe = project.estates.resolve("GL-0101")
    assert (yihe.name, yihe.district, yihe.street, yihe.community, yihe.address) == (
        "颐和新村", "鼓楼区", "宁海路街道", "颐和路社区", "江苏路 21 号")  # fmt: skip
    assert (yihe.lon, yihe.lat) == (118.7652, 32.0601)  # Z dropped
    daguang = project.estates.resolve("大光路小区")
    assert daguang.code.startswith("QH-")
    assert daguang.boundary == {"type": "Polygon", "coordinates": [square(118.80, 32.03)]}
    # An estate given only as an area gets its point at the area's centre.
    assert daguang.lon == pytest.approx(118.801) and daguang.lat == pytest.approx(32.031)
    nanhu = project.estates.resolve("南湖新村")
    assert nanhu.boundary["type"] == "MultiPolygon"
    assert all(len(p) == 2 for part in nanhu.boundary["coordinates"] for p in part[0])
    [one] = project.buildings.of_estate(yihe.uuid)
    assert (one.name, one.storeys, one.geometry["type"]) == ("1幢", 6, "Polygon")
    [three] = project.buildings.of_estate(daguang.uuid)
    assert three.geometry == {"type": "Point", "coordinates": [118.801, 32.031]}


def test_importing_again_updates_by_code_then_by_name(project: Project, tmp_path: Path) -> None:
    import_geojson(project, write(tmp_path / "a.geojson", GOOD))
    changed = [
        feature({"type": "Point", "coordinates": [118.766, 32.061]}, code="GL-0101", name="颐和新村（北区）"),
        feature({"type": "Polygon", "coordinates": [square(118.80, 32.03, 0.003)]}, name="大光路小区"),
        feature({"type": "Polygon", "coordinates": [square(118.7651, 32.0601, 0.0003)]},
                kind="building", name="1幢", estate="颐和新村（北区）"),
    ]  # fmt: skip
    report = import_geojson(project, write(tmp_path / "b.geojson", changed))
    assert (report.estates_created, report.estates_updated, report.buildings_updated) == (0, 2, 1)
    assert len(project.estates.list()) == 3
    yihe = project.estates.resolve("GL-0101")
    assert (yihe.name, yihe.district, yihe.lon) == ("颐和新村（北区）", "鼓楼区", 118.766)
    assert project.estates.resolve("大光路小区").boundary["coordinates"][0][2] == [118.803, 32.033]
    [one] = project.buildings.of_estate(yihe.uuid)
    assert one.geometry["coordinates"][0][0] == [118.7651, 32.0601]


BAD = [
    feature({"type": "Point", "coordinates": [118.7, 32.0]}, 区="玄武区"),  # 0: no name
    feature({"type": "Polygon", "coordinates": [[[118.0, 32.0], [118.01, 32.01], [118.01, 32.0],
             [118.0, 32.01], [118.0, 32.0]]]}, name="蝴蝶结小区", 区="玄武区"),  # 1: self-intersecting
    feature({"type": "Polygon", "coordinates": [square(118.7, 32.0)[:-1]]}, name="未闭合小区", 区="玄武区"),  # 2
    feature({"type": "Polygon", "coordinates": [[[118.7, 32.0], [118.8, 32.0], [118.7, 32.0]]]},
            name="两点小区", 区="玄武区"),  # 3: too few points
    feature({"type": "Point", "coordinates": [32.05, 118.78]}, name="经纬颠倒小区", 区="玄武区"),  # 4: lat > 90
    feature(None, name="无图形小区", 区="玄武区"),  # 5
    feature({"type": "LineString", "coordinates": [[118.7, 32.0], [118.8, 32.1]]}, name="道路", 区="玄武区"),  # 6
    feature({"type": "Point", "coordinates": [118.7, 32.0]}, kind="building", name="9幢", 小区="不存在小区"),  # 7
    feature({"type": "Point", "coordinates": [118.7, 32.0]}, name="无区小区"),  # 8: new estate, no district
    feature({"type": "Point", "coordinates": [118.78, 32.04]}, name="正常小区", 区="玄武区"),  # 9: fine
]  # fmt: skip


def test_each_bad_feature_is_reported_with_its_index_and_skipped(
    project: Project, tmp_path: Path
) -> None:
    report = import_geojson(project, write(tmp_path / "bad.geojson", BAD))
    reasons = [(s.index, s.reason) for s in report.skipped]
    assert reasons == [
        (0, "no_name"), (1, "self_intersection"), (2, "not_closed"), (3, "too_few_points"),
        (4, "out_of_range"), (5, "no_geometry"), (6, "unsupported_kind"), (7, "no_estate"), (8, "no_district"),
    ]  # fmt: skip
    assert [e.name for e in project.estates.list()] == ["正常小区"]


def test_gbk_and_bom_files_read_the_same(project: Project, tmp_path: Path) -> None:
    gbk = write(tmp_path / "gbk.geojson", GOOD[:2], encoding="gbk")
    assert "颐和".encode("gbk") in gbk.read_bytes()
    assert import_geojson(project, gbk).estates_created == 2
    bom = tmp_path / "bom.geojson"
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps({"type": "FeatureCollection", "features": GOOD[2:3]},
                                                  ensure_ascii=False).encode("utf-8"))  # fmt: skip
    assert import_geojson(project, bom).estates_created == 1
    assert {e.name for e in project.estates.list()} == {"颐和新村", "大光路小区", "南湖新村"}


def test_a_file_that_is_not_geojson_is_refused(project: Project, tmp_path: Path) -> None:
    text = tmp_path / "名单.geojson"
    text.write_text("编号,名称\nGL-1,颐和新村\n", encoding="utf-8")
    with pytest.raises(RetrofitError) as caught:
        import_geojson(project, text)
    assert caught.value.code == ErrorCode.NOT_GEOJSON


def test_a_cancelled_import_changes_nothing(project: Project, tmp_path: Path) -> None:
    calls = iter([False, False, True])
    report = import_geojson(
        project, write(tmp_path / "a.geojson", GOOD), cancelled=lambda: next(calls)
    )
    assert report.cancelled
    assert project.estates.list() == []


def test_cli_prints_a_summary_and_each_skipped_feature(
    project_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Project.create(project_path).close()
    path = write(tmp_path / "混合.geojson", GOOD + BAD[:2])
    assert main(["import-geojson", str(project_path), str(path)]) == 1  # features were skipped
    out, err = capsys.readouterr()
    assert "小区：新建 3" in out and "楼栋：新建 2" in out and "跳过 2" in out
    assert "第 6 个要素：没有名称" in err
    assert "第 7 个要素（蝴蝶结小区）：面自相交" in err
    assert main(["import-geojson", str(project_path), str(path), "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["estates_updated"] == 3 and document["buildings_updated"] == 2
    assert [s["index"] for s in document["skipped"]] == [5, 6]


# ---------------------------------------------------------------- hostile files (issue 23)
ENGLISH_OR_PYTHON = ("Error", "Traceback", "Expecting", "exceeds", "not of type", "object has no")


def refused(project: Project, path: Path) -> RetrofitError:
    with pytest.raises(RetrofitError) as caught:
        import_geojson(project, path)
    sentence = caught.value.sentence("zh")
    assert not any(word in sentence for word in ENGLISH_OR_PYTHON), sentence
    assert path.name in sentence
    return caught.value


def raw(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "坏文件.geojson"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # 100,000 nested arrays: the parser itself would give up with a RecursionError.
        (
            '{"type":"FeatureCollection","features":' + "[" * 100_000 + "]" * 100_000 + "}",
            "嵌套层数太多",
        ),
        ('{"type":"FeatureCollection","features":[' + "[" * 40 + "]" * 40 + "]}", "嵌套层数太多"),
        # Python refuses to turn more than 4,300 digits into an int, with a ValueError of its own.
        ('{"type":"FeatureCollection","features":[],"n":' + "7" * 5000 + "}", "太长"),
        ('{"type":"FeatureCollection","features":[],"n":1e400}', "超出了可以计算的范围"),
        ('{"type":"FeatureCollection","features":{"a":1}}', "不是数组"),
    ],
    # NaN is refused where it stands, per feature (tests/core/test_geojson_as_written.py).
    ids=["deep-100000", "deep-41", "5000-digits", "1e400", "features-an-object"],
)
def test_a_hostile_file_is_refused_with_a_sentence(
    project: Project, tmp_path: Path, text: str, words: str
) -> None:
    error = refused(project, raw(tmp_path, text))
    assert error.code is ErrorCode.NOT_GEOJSON and words in error.sentence("zh")
    assert project.estates.list() == []


def test_nesting_as_deep_as_a_multipolygon_needs_is_read(project: Project, tmp_path: Path) -> None:
    multi = feature({"type": "MultiPolygon", "coordinates": [[square(118.74, 32.0)]]}, name="南湖", 区="建邺区")  # fmt: skip
    multi["properties"]["extra"] = {"a": {"b": {"c": [[[1]]]}}}
    assert import_geojson(project, write(tmp_path / "ok.geojson", [multi])).estates_created == 1


def test_a_fifo_is_refused_without_hanging(project: Project, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "管道.geojson"
    os.mkfifo(fifo)
    error = refused(project, fifo)
    assert error.code is ErrorCode.NOT_REGULAR_FILE


def test_features_of_the_wrong_shape_are_skipped_with_their_reason(
    project: Project, tmp_path: Path
) -> None:
    point = {"type": "Point", "coordinates": [118.78, 32.04]}
    many = [[118.7 + 0.01 * math.cos(i / 4000), 32.0 + 0.01 * math.sin(i / 4000)] for i in range(25_133)]  # fmt: skip
    features = [
        feature(
            {"type": "Point", "coordinates": ["118.78", "32.04"]}, name="文字坐标", 区="玄武区"
        ),
        {"type": "Feature", "geometry": point, "properties": ["name", "列表属性"]},
        feature("Point 118.78 32.04", name="文字图形", 区="玄武区"),
        feature({"type": "Polygon", "coordinates": [[*many, many[0]]]}, name="点太多", 区="玄武区"),
        feature(point, name={"zh": "对象名称"}, 区="玄武区"),
        feature({"type": "Point", "coordinates": [True, False]}, name="布尔坐标", 区="玄武区"),
        feature(point, name="正常小区", 区="玄武区"),
    ]
    report = import_geojson(project, write(tmp_path / "形状.geojson", features))
    reasons = [(s.index, s.reason) for s in report.skipped]
    assert reasons == [
        (0, "bad_coordinates"), (1, "bad_properties"), (2, "geometry_not_object"),
        (3, "too_many_vertices"), (4, "bad_value"), (5, "bad_coordinates"),
    ]  # fmt: skip
    assert [e.name for e in project.estates.list()] == ["正常小区"]
    lines = [describe_skip(s) for s in report.skipped]
    assert "最多 20000 个" in lines[3] and "属性（properties）不是对象" in lines[1]


def test_a_name_too_long_skips_its_feature_and_the_line_stays_short(
    project: Project, tmp_path: Path
) -> None:
    point = {"type": "Point", "coordinates": [118.78, 32.04]}
    features = [feature(point, name="长" * 1_000_000, 区="玄武区"), feature(point, name="短名", 区="玄武区")]  # fmt: skip
    report = import_geojson(project, write(tmp_path / "长名.geojson", features))
    [skip] = report.skipped
    assert skip.reason == "bad_value" and "最多 100 个字" in skip.detail
    assert len(describe_skip(skip)) < 200
    assert [e.name for e in project.estates.list()] == ["短名"]
