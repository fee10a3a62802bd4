"""Geometries and coordinate systems as GDAL writes them (issue 25, points 1 and 2): read right, or one sentence per feature.

Every file here is made by GDAL itself in the test (ogr2ogr, or OGR's Python binding run by
the system Python), then read by the program's commands and functions.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest
from test_cli import cli

from retrofit_app.core.geo.map_data import load_map_data
from retrofit_app.core.integrity import check_project
from retrofit_app.core.project import Project
from retrofit_app.core.words import say

pytestmark = pytest.mark.needs("validate_gpkg", "ogrinfo")

SYSTEM_PYTHON = "/usr/bin/python3"
NANJING = (118.3, 119.3, 31.2, 32.7)  # west, east, south, north: where the demo's estates are


def ogr(script: str, *args: object) -> None:
    """Run `script` with GDAL's Python binding (python3-gdal), as a GIS colleague's tool would."""
    code = "from osgeo import ogr, osr\nogr.UseExceptions()\nimport sys\n" + textwrap.dedent(script)
    done = subprocess.run(
        [SYSTEM_PYTHON, "-c", code, *map(str, args)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def set_geometry(path: Path, layer: str, wkt: str, where: str = "") -> None:
    """Replace one feature's geometry through OGR (the first one, or the first `where` picks)."""
    ogr(
        """
        ds = ogr.Open(sys.argv[1], update=1)
        layer = ds.GetLayerByName(sys.argv[2])
        if sys.argv[4]:
            layer.SetAttributeFilter(sys.argv[4])
        feature = layer.GetNextFeature()
        feature.SetGeometryDirectly(ogr.CreateGeometryFromWkt(sys.argv[3]))
        layer.SetFeature(feature)
        ds = None
        """,
        path,
        layer,
        wkt,
        where,
    )


def in_nanjing(coords: object) -> bool:
    """Every position of a GeoJSON coordinates array is 2D and inside Nanjing."""
    if isinstance(coords, list) and coords and isinstance(coords[0], int | float):
        west, east, south, north = NANJING
        return len(coords) == 2 and west <= coords[0] <= east and south <= coords[1] <= north
    return isinstance(coords, list) and all(in_nanjing(c) for c in coords)


def exported(project_path: Path, tmp_path: Path) -> tuple[list[dict], str]:
    out = tmp_path / "out.geojson"
    done = cli("export", project_path, "--format", "geojson", "--out", out)
    assert done.returncode == 0, done.stderr
    assert "内部错误" not in done.stderr
    return json.loads(out.read_text(encoding="utf-8"))["features"], done.stderr


def first_building(project_path: Path) -> tuple[str, str]:
    with Project(project_path, readonly=True) as project:
        estate = project.estates.list()[0]
        building = project.buildings.of_estate(estate.uuid)[0]
        return estate.code, building.name


def test_a_polygon_z_boundary_saved_by_qgis_reads_as_its_2d_outline(
    demo_path: Path, tmp_path: Path
) -> None:
    ring = "118.760 32.060 12, 118.765 32.060 12, 118.765 32.064 13, 118.760 32.064 13, 118.760 32.060 12"
    set_geometry(demo_path, "estate_boundaries", f"POLYGON Z (({ring}))")
    features, _ = exported(demo_path, tmp_path)
    boundaries = [f for f in features if f["properties"].get("part") == "boundary"]
    assert boundaries and all(in_nanjing(f["geometry"]["coordinates"]) for f in boundaries)
    assert [118.765, 32.064] in boundaries[0]["geometry"]["coordinates"][0]
    with Project(demo_path, readonly=True) as project:
        assert not [p for p in check_project(project) if "geometry" in p.code]


def test_a_multipolygon_z_and_zm_building_draw_and_export_in_2d(
    demo_path: Path, tmp_path: Path
) -> None:
    code, name = first_building(demo_path)
    square = (
        "118.7650 32.0600 {z}, 118.7652 32.0600 {z}, 118.7652 32.0602 {z}, 118.7650 32.0600 {z}"
    )
    # Two parts: a MultiPolygon of one part reads as that polygon (the program's own boundaries)
    other = "118.7660 32.0600 {z}, 118.7662 32.0600 {z}, 118.7662 32.0602 {z}, 118.7660 32.0600 {z}"
    set_geometry(
        demo_path,
        "buildings",
        f"MULTIPOLYGON Z ((({square.format(z=18)})), (({other.format(z=18)})))",
        f"name = '{name}'",
    )
    features, _ = exported(demo_path, tmp_path)
    building = next(f for f in features if f["properties"].get("name") == name
                    and f["properties"].get("kind") == "building")  # fmt: skip
    assert building["geometry"]["type"] == "MultiPolygon"
    assert building["geometry"]["coordinates"][0][0][1] == [118.7652, 32.06]
    zm = square.format(z="18 7")
    zm2 = other.format(z="18 7")
    set_geometry(demo_path, "buildings", f"MULTIPOLYGON ZM ((({zm})), (({zm2})))", f"name = '{name}'")
    snapshot = tmp_path / "map.png"
    done = cli("map-snapshot", demo_path, "--estate", code, "--out", snapshot)
    assert done.returncode == 0, done.stderr
    assert snapshot.read_bytes()[:4] == b"\x89PNG"
    with Project(demo_path, readonly=True) as project:
        data = load_map_data(project)
    drawn = next(b for b in data.buildings if b.name == name)
    assert drawn.geometry["coordinates"][0][0][0] == [118.765, 32.06]


def test_a_curvepolygon_building_is_left_out_with_a_sentence_naming_it(
    demo_path: Path, tmp_path: Path
) -> None:
    code, name = first_building(demo_path)
    curve = "CURVEPOLYGON (CIRCULARSTRING (118.765 32.06, 118.766 32.061, 118.765 32.06))"
    set_geometry(demo_path, "buildings", curve, f"name = '{name}'")
    features, stderr = exported(demo_path, tmp_path)
    assert f"楼栋图层的“{name}”未使用：本程序不能绘制 CurvePolygon 类型的图形" in stderr
    assert any(f["properties"].get("kind") == "estate" for f in features)
    done = cli("map-snapshot", demo_path, "--estate", code, "--out", tmp_path / "m.png")
    assert done.returncode == 0, done.stderr
    done = cli(
        "report", demo_path, "--kind", "survey", "--estate", code, "--out", tmp_path / "r.pdf"
    )
    assert "内部错误" not in done.stderr and "Traceback" not in done.stderr
    with Project(demo_path, readonly=True) as project:
        data = load_map_data(project)
        sentences = [p.sentence("en") for p in check_project(project)]
    assert [say(n, "en", **n.params) for n in data.notes] == [
        f'buildings layer, "{name}" left out: this program cannot draw a CurvePolygon'
    ]
    assert (
        f'buildings layer, "{name}": the geometry cannot be used: this program cannot draw a CurvePolygon'
        in sentences
    )


def test_a_copy_saved_in_web_mercator_is_reprojected_never_exported_as_degrees(
    demo_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "墨卡托副本.gpkg"
    done = subprocess.run(["ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:3857", copy, demo_path],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    cli("check", "--repair", copy)  # the overview views ogr2ogr copied as tables
    features, _ = exported(copy, tmp_path)
    assert features and all(in_nanjing(f["geometry"]["coordinates"]) for f in features)
    original, _ = exported(demo_path, tmp_path)
    first = original[0]["geometry"]["coordinates"]
    assert features[0]["geometry"]["coordinates"] == pytest.approx(first, abs=1e-7)
    # What the program writes there goes in the layer's CRS too, so QGIS sees one CRS.
    done = cli("add-estate", copy, "--name", "新写入小区", "--district", "鼓楼区",
               "--lon", "118.7701", "--lat", "32.0702")  # fmt: skip
    assert done.returncode == 0, done.stderr
    import sqlite3

    with sqlite3.connect(copy) as conn:
        blob = conn.execute("SELECT geom FROM estates WHERE name = '新写入小区'").fetchone()[0]
    from retrofit_app.core.geo.gpkg_geometry import blob_srs_id, from_gpkg, from_gpkg_shape

    assert blob_srs_id(blob) == 3857
    assert from_gpkg(blob)["coordinates"] == pytest.approx([118.7701, 32.0702], abs=1e-9)
    ogr(
        """
        ds = ogr.Open(sys.argv[1])
        layer = ds.GetLayerByName("estates")
        layer.SetAttributeFilter("name = '新写入小区'")
        feature = layer.GetNextFeature()  # kept: its geometry lives inside it
        x = feature.GetGeometryRef().GetX()
        assert 13_000_000 < x < 13_300_000, x  # metres, as the layer says
        """,
        copy,
    )
    assert from_gpkg_shape(blob) is not None
    done = cli("check", copy)
    assert "新写入小区" not in done.stderr and "图形" not in done.stderr


def test_cgcs2000_and_a_projected_cgcs2000_zone_read_as_lon_lat(tmp_path: Path) -> None:
    from retrofit_app.core.geo.gpkg_geometry import from_gpkg

    made = tmp_path / "zones.gpkg"
    ogr(
        """
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(sys.argv[1])
        for epsg in (4490, 4549):  # CGCS2000; CGCS2000 / 3-degree Gauss-Kruger CM 120E
            srs = osr.SpatialReference(); srs.ImportFromEPSG(epsg)
            srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            layer = ds.CreateLayer(f"l{epsg}", srs, ogr.wkbPoint)
            wgs = osr.SpatialReference(); wgs.ImportFromEPSG(4326)
            wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            point = ogr.CreateGeometryFromWkt("POINT (118.7652 32.0601)")
            point.AssignSpatialReference(wgs); point.TransformTo(srs)
            feature = ogr.Feature(layer.GetLayerDefn()); feature.SetGeometry(point)
            layer.CreateFeature(feature)
        ds = None
        """,
        made,
    )
    import sqlite3

    with sqlite3.connect(made) as conn:
        blobs = [conn.execute(f"SELECT geom FROM l{e}").fetchone()[0] for e in (4490, 4549)]
    for blob in blobs:
        assert from_gpkg(blob)["coordinates"] == pytest.approx([118.7652, 32.0601], abs=1e-6)


def test_an_unknown_coordinate_system_is_named_not_drawn(tmp_path: Path) -> None:
    import struct

    from retrofit_app.core.geo.gpkg_geometry import GeometryError, from_gpkg

    blob = b"GP" + struct.pack("<BBi", 0, 1, 999999) + struct.pack("<BIdd", 1, 1, 1.3e7, 3.7e6)
    with pytest.raises(GeometryError) as error:
        from_gpkg(blob)
    assert say(error.value.reason, "zh", **error.value.reason.params) == (
        "坐标系 srs_id 999999 无法识别，未换算为经纬度"
    )


def test_check_names_an_estate_point_in_metres_and_an_invalid_boundary(
    demo_path: Path,
) -> None:
    with Project(demo_path, readonly=True) as project:
        estates = project.estates.list()
    moved, crossed = estates[0], next(e for e in estates[1:] if e.boundary)
    set_geometry(demo_path, "estates", "POINT (13220724.96 3771206.42)", f"uuid = '{moved.uuid}'")
    hole_outside = "POLYGON ((118.76 32.06, 118.77 32.06, 118.77 32.07, 118.76 32.06), (118.80 32.10, 118.81 32.10, 118.81 32.11, 118.80 32.10))"
    set_geometry(demo_path, "estate_boundaries", hole_outside, f"estate_uuid = '{crossed.uuid}'")
    with Project(demo_path, readonly=True) as project:
        sentences = [p.sentence("zh") for p in check_project(project)]
    assert (
        f"小区图层的“{moved.name}”坐标超出经纬度范围（13220724.96, 3771206.42），可能是坐标系错误"
        in sentences
    )
    assert f"小区边界图层的“{crossed.name}”图形无效：面的洞在外环之外" in sentences
    features, stderr = exported(demo_path, demo_path.parent)
    assert (
        f"小区图层的“{moved.name}”未使用：坐标超出经纬度范围（13220724.96, 3771206.42）" in stderr
    )
    assert all(in_nanjing(f["geometry"]["coordinates"]) for f in features)


def test_repair_drops_z_and_makes_a_crossed_boundary_valid(demo_path: Path) -> None:
    from retrofit_app.core.geo.geometry_repair import repair_geometries

    code, name = first_building(demo_path)
    with Project(demo_path, readonly=True) as project:
        crossed = next(e for e in project.estates.list() if e.boundary)
    square = "118.7650 32.0600 18, 118.7652 32.0600 18, 118.7652 32.0602 18, 118.7650 32.0600 18"
    set_geometry(demo_path, "buildings", f"POLYGON Z (({square}))", f"name = '{name}'")
    bowtie = "POLYGON ((118.76 32.06, 118.77 32.07, 118.77 32.06, 118.76 32.07, 118.76 32.06))"
    set_geometry(demo_path, "estate_boundaries", bowtie, f"estate_uuid = '{crossed.uuid}'")
    with Project(demo_path) as project:
        assert any(p.code == "invalid_geometry" for p in check_project(project))
        done = [say(m, "zh", **m.params) for m in repair_geometries(project)]
        assert f"已修复楼栋图层的“{name}”：去掉了高程（Z/M）值" in done
        assert (
            f"已修复小区边界图层的“{crossed.name}”：按 GEOS 的规则修正为有效的面（make_valid）"
            in done
        )
        assert not [p for p in check_project(project) if "geometry" in p.code]
        assert project.estates.get(crossed.uuid).boundary["type"] == "MultiPolygon"
        assert repair_geometries(project) == []  # nothing left to repair


def test_check_repair_on_the_command_line_names_what_it_repaired(demo_path: Path) -> None:
    _code, name = first_building(demo_path)
    square = "118.7650 32.0600 18, 118.7652 32.0600 18, 118.7652 32.0602 18, 118.7650 32.0600 18"
    set_geometry(demo_path, "buildings", f"POLYGON Z (({square}))", f"name = '{name}'")
    done = cli("check", "--repair", demo_path, lang="en")
    assert f'repaired buildings layer, "{name}": the Z/M values were dropped' in done.stdout
    assert "internal" not in done.stderr.lower()


def test_every_command_over_files_gdal_made_gives_a_result_or_sentences(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Z boundary, Z building, curve building, spatial indexes, a 3857 copy, a partial copy;
    GeoJSONSeq, a bare geometry, points."""
    from retrofit_app.cli import main

    code, name = first_building(demo_path)
    set_geometry(demo_path, "estate_boundaries", "POLYGON Z ((118.76 32.06 1, 118.77 32.06 1, 118.77 32.07 1, 118.76 32.06 1))")  # fmt: skip
    set_geometry(demo_path, "buildings", "MULTIPOLYGON Z (((118.765 32.06 9, 118.766 32.06 9, 118.766 32.061 9, 118.765 32.06 9)))", "fid = 2")  # fmt: skip
    set_geometry(demo_path, "buildings", "CURVEPOLYGON (CIRCULARSTRING (118.765 32.06, 118.766 32.061, 118.765 32.06))", f"name = '{name}'")  # fmt: skip
    copy = tmp_path / "3857.gpkg"
    done = subprocess.run(["ogr2ogr", "-f", "GPKG", "-t_srs", "EPSG:3857", copy, demo_path],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    source = tmp_path / "src.geojson"
    source.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "点", "区": "鼓楼区"}, "geometry": {"type": "Point", "coordinates": [118.76, 32.06]}},
        {"type": "Feature", "properties": {"name": "多点", "区": "鼓楼区"}, "geometry": {"type": "MultiPoint", "coordinates": [[118.76, 32.06], [118.77, 32.07]]}},
    ]}, ensure_ascii=False), encoding="utf-8")  # fmt: skip
    seq, bare = tmp_path / "seq.geojsonl", tmp_path / "bare.geojson"
    subprocess.run(["ogr2ogr", "-f", "GeoJSONSeq", seq, source], check=True, timeout=120)
    bare.write_text('{"type": "Point", "coordinates": [118.76, 32.06]}', encoding="utf-8")
    assert main(["check", "--repair", str(copy)]) in (0, 1)  # the overview views made tables
    for table in ("buildings", "estates"):  # QGIS's "Create spatial index", through GDAL
        index = f"SELECT CreateSpatialIndex('{table}', 'geom')"
        subprocess.run(["ogrinfo", demo_path, "-sql", index], check=True, capture_output=True, timeout=120)  # fmt: skip
    partial = tmp_path / "partial.gpkg"  # QGIS "Package layers" / ogr2ogr with a layer list
    subprocess.run(["ogr2ogr", "-f", "GPKG", partial, demo_path, "estates", "buildings"], check=True, timeout=120)  # fmt: skip
    for project in (demo_path, copy, partial):
        commands = [["info"], ["check"], ["estates"],
                    ["export", "--format", "geojson", "--out", str(tmp_path / "o.geojson")],
                    ["export", "--format", "csv", "--out", str(tmp_path / "o.csv")],
                    ["map-snapshot", "--estate", code, "--out", str(tmp_path / "m.png")],
                    ["report", "--kind", "survey", "--estate", code, "--out", str(tmp_path / "r.pdf")],
                    *(["import-geojson", str(f)] for f in (source, seq, bare))]  # fmt: skip
        for command in commands:
            capsys.readouterr()
            status = main([command[0], str(project), *command[1:]])
            out, err = capsys.readouterr()
            assert status in (0, 1), (command, err)
            assert "内部错误" not in out + err and "Traceback" not in err, (command, err)
            assert out.strip() or err.strip(), command  # a result or sentences, never silence


def test_check_names_a_building_far_from_its_estate(demo_path: Path) -> None:
    _code, name = first_building(demo_path)
    with Project(demo_path, readonly=True) as project:
        estate = project.estates.list()[0]
    far = "POLYGON ((119.10 32.06, 119.101 32.06, 119.101 32.061, 119.10 32.06))"  # ~32 km east
    set_geometry(demo_path, "buildings", far, f"estate_uuid = '{estate.uuid}' AND name = '{name}'")
    with Project(demo_path, readonly=True) as project:
        found = [p for p in check_project(project) if p.code == "far_from_estate"]
    assert len(found) == 1
    sentence = found[0].sentence("zh")
    assert sentence.startswith(f"楼栋图层的“{name}”离所属小区“{estate.name}”的位置 ")
    assert "公里" in sentence


def test_an_empty_and_a_null_geometry_are_both_left_out_of_the_export(demo_path: Path) -> None:
    """GDAL writes POLYGON EMPTY (a flagged empty blob) and NULL: neither is a place to map."""
    with Project(demo_path, readonly=True) as project:
        estate = project.estates.list()[0]
        emptied, nulled, *others = project.buildings.of_estate(estate.uuid)
    set_geometry(demo_path, "buildings", "POLYGON EMPTY", f"uuid = '{emptied.uuid}'")
    ogr(
        """
        ds = ogr.Open(sys.argv[1], update=1)
        layer = ds.GetLayerByName("buildings")
        layer.SetAttributeFilter(sys.argv[2])
        feature = layer.GetNextFeature()
        feature.SetGeometryDirectly(None)
        layer.SetFeature(feature)
        ds = None
        """,
        demo_path,
        f"uuid = '{nulled.uuid}'",
    )
    features, _stderr = exported(demo_path, demo_path.parent)
    assert all(f["geometry"] and in_nanjing(f["geometry"]["coordinates"]) for f in features)
    buildings = {f["properties"]["name"] for f in features
                 if f["properties"]["kind"] == "building" and f["properties"]["estate_code"] == estate.code}  # fmt: skip
    assert buildings == {b.name for b in others}  # the two without a place left out alike
