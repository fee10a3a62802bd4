"""GeoPackage geometry blobs: what we write, GDAL and we read back."""

from __future__ import annotations

import struct

import pytest
import shapely

from retrofit_app.core.geo.gpkg_geometry import GeometryError, bounds, from_gpkg, point, to_gpkg
from retrofit_app.core.storage.polygon_layers import multi_polygon_blob

SQUARE = [[118.74, 32.02], [118.76, 32.02], [118.76, 32.04], [118.74, 32.04], [118.74, 32.02]]
HOLE = [[118.745, 32.025], [118.75, 32.025], [118.75, 32.03], [118.745, 32.025]]


@pytest.mark.parametrize(
    "geometry",
    [
        point(118.7652, 32.0601),
        {"type": "Polygon", "coordinates": [SQUARE, HOLE]},
        {
            "type": "MultiPolygon",
            "coordinates": [
                [SQUARE],
                [[[118.8, 32.1], [118.81, 32.1], [118.81, 32.11], [118.8, 32.1]]],
            ],
        },
    ],
)
def test_round_trip(geometry):
    assert from_gpkg(to_gpkg(geometry)) == geometry


def test_header_says_wgs84_little_endian_and_envelope():
    blob = to_gpkg({"type": "Polygon", "coordinates": [SQUARE]})
    assert blob[:2] == b"GP"
    assert struct.unpack("<i", blob[4:8])[0] == 4326
    assert blob[3] & 1 == 1  # little endian
    min_x, max_x, min_y, max_y = struct.unpack("<dddd", blob[8:40])
    assert (min_x, min_y, max_x, max_y) == bounds({"type": "Polygon", "coordinates": [SQUARE]})


def test_point_blob_has_no_envelope():
    blob = to_gpkg(point(1.5, 2.5))
    assert (blob[3] >> 1) & 0b111 == 0
    assert len(blob) == 8 + 21


def test_big_endian_wkb_is_read_too():
    wkb = struct.pack(">BIdd", 0, 1, 118.5, 32.5)
    # Flags bit 0 clear: the header (srs_id) is big-endian too, as the spec says.
    blob = b"GP" + struct.pack(">BBi", 0, 0, 4326) + wkb
    assert from_gpkg(blob) == point(118.5, 32.5)


@pytest.mark.parametrize("blob", [b"", b"XX" + bytes(30), to_gpkg(point(1, 2))[:20]])
def test_broken_blobs_raise_geometry_error(blob):
    with pytest.raises(GeometryError):
        from_gpkg(blob)


def test_empty_flag_and_null():
    assert from_gpkg(None) is None
    empty = (
        b"GP"
        + struct.pack("<BBi", 0, 0b00010001, 4326)
        + struct.pack("<BIdd", 1, 1, float("nan"), float("nan"))
    )
    assert from_gpkg(empty) is None


def test_a_whole_layer_reads_as_each_blob_does():
    from retrofit_app.core.geo.gpkg_geometry import read_many

    square = {"type": "Polygon", "coordinates": [SQUARE, HOLE]}
    curve = b"GP" + struct.pack("<BBi", 0, 1, 4326) + struct.pack("<BI", 1, 10) + bytes(8)
    metres = to_gpkg(point(1.3e7, 3.7e6))
    blobs = [to_gpkg(square), None, curve, metres, to_gpkg(point(118.5, 32.5)), b"XX"]
    found = read_many(blobs)
    assert found[0] == from_gpkg(blobs[0]) == square
    assert found[1] is None and found[4] == point(118.5, 32.5)
    assert [str(found[k].reason) for k in (2, 3, 5)] == [
        "geometry.unsupported_kind", "geometry.out_of_range", "geometry.not_gpkg",
    ]  # fmt: skip


@pytest.mark.parametrize("byte_order", [0, 1])
@pytest.mark.parametrize("flavor", ["iso", "extended"])
def test_a_polygon_blob_becomes_a_multipolygon_of_one_part_with_every_point(
    byte_order: int, flavor: str
) -> None:
    """What schema 10 does to stored boundaries: same header (srs_id, envelope), the same
    points with their Z, in either byte order and either WKB flavour GDAL and QGIS write."""
    polygon = shapely.from_wkt("POLYGON Z ((1 2 3, 4 2 3, 4 6 5, 1 2 3), (2 3 3, 3 3 3, 3 4 3, 2 3 3))")
    wkb = shapely.to_wkb(polygon, byte_order=byte_order, flavor=flavor, output_dimension=3)
    header = b"GP" + struct.pack("<BBi", 0, 0b00000011, 3857) + struct.pack("<dddd", 1, 4, 2, 6)
    multi = multi_polygon_blob(header + wkb)
    assert multi[: len(header)] == header
    read = shapely.from_wkb(multi[len(header) :])
    assert read.geom_type == "MultiPolygon" and read.has_z
    assert read.equals(shapely.MultiPolygon([polygon]))
    assert shapely.get_coordinates(read, include_z=True).tolist() == shapely.get_coordinates(
        polygon, include_z=True
    ).tolist()
    assert multi_polygon_blob(multi) == multi  # a MultiPolygon already: as it is
    assert multi_polygon_blob(b"not a blob") == b"not a blob"
