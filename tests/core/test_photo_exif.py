"""EXIF reading: time with offsets, GPS in degrees/minutes/seconds with N/S/E/W, camera, orientation 1–8."""

from __future__ import annotations

from fractions import Fraction
from io import BytesIO

import pytest
from PIL import Image
from PIL.ExifTags import GPS
from PIL.TiffImagePlugin import IFDRational

from retrofit_app.core.photos.exif import camera_name, dms_to_degrees, gps_position, parse_exif_time
from retrofit_app.core.photos.renditions import Failed, render
from retrofit_app.core.photos.samples import as_stored, jpeg_bytes, make_exif, scene


@pytest.mark.parametrize(
    ("value", "offset", "expected"),
    [
        ("2024:05:01 10:20:30", "+08:00", "2024-05-01T10:20:30+08:00"),
        ("2024:05:01 10:20:30", None, "2024-05-01T10:20:30"),
        ("2024:05:01 10:20:30", "-03:30", "2024-05-01T10:20:30-03:30"),
        ("2024:05:01 10:20:30\x00", "  ", "2024-05-01T10:20:30"),
        (b"2023:12:31 23:59:59", b"+08:00", "2023-12-31T23:59:59+08:00"),
        ("2024:05:01 10:20:30", "garbage", "2024-05-01T10:20:30"),
        ("0000:00:00 00:00:00", "+08:00", None),
        ("    :  :     :  :  ", None, None),
        ("", None, None),
        (None, None, None),
        ("2024:02:30 10:00:00", None, None),
    ],
)
def test_exif_time_becomes_iso_8601(value, offset, expected):
    assert parse_exif_time(value, offset) == expected


def test_degrees_minutes_seconds_with_north_and_east():
    value = (IFDRational(32, 1), IFDRational(3, 1), IFDRational(3636, 100))
    assert dms_to_degrees(value, "N") == pytest.approx(32 + 3 / 60 + 36.36 / 3600)
    assert dms_to_degrees(value, "E") == pytest.approx(32.0601)


def test_south_and_west_references_make_negative_degrees():
    value = (Fraction(118), Fraction(45), Fraction(5472, 100))
    assert dms_to_degrees(value, "S") == pytest.approx(-(118 + 45 / 60 + 54.72 / 3600))
    assert dms_to_degrees(value, "W") == pytest.approx(-(118 + 45 / 60 + 54.72 / 3600))
    assert dms_to_degrees(value, b"W\x00") < 0


@pytest.mark.parametrize(
    ("value", "ref"),
    [
        ((IFDRational(32, 0), IFDRational(3, 1), IFDRational(0, 1)), "N"),  # zero denominator
        ((32, 75, 0), "N"),  # 75 minutes
        ((32, 3), "N"),  # two parts
        ((32, 3, 0), "Q"),  # unknown reference
        ((32, 3, 0), None),
        ("north", "N"),
    ],
)
def test_impossible_gps_values_are_dropped(value, ref):
    assert dms_to_degrees(value, ref) is None


def test_rational_pairs_are_read_too():
    assert dms_to_degrees(((32, 1), (30, 1), (0, 1)), "N") == pytest.approx(32.5)


def test_gps_position_rejects_no_fix_and_out_of_range():
    zero = (Fraction(0), Fraction(0), Fraction(0))
    assert (
        gps_position(
            {
                GPS.GPSLatitude: zero,
                GPS.GPSLatitudeRef: "N",
                GPS.GPSLongitude: zero,
                GPS.GPSLongitudeRef: "E",
            }
        )
        is None
    )
    far = (Fraction(95), Fraction(0), Fraction(0))
    assert (
        gps_position(
            {
                GPS.GPSLatitude: far,
                GPS.GPSLatitudeRef: "N",
                GPS.GPSLongitude: far,
                GPS.GPSLongitudeRef: "E",
            }
        )
        is None
    )
    assert gps_position({}) is None


def test_camera_name_does_not_repeat_the_make():
    assert camera_name("Canon", "Canon EOS 5D Mark IV") == "Canon EOS 5D Mark IV"
    assert camera_name("Apple", "iPhone 13") == "Apple iPhone 13"
    assert camera_name("HUAWEI\x00", None) == "HUAWEI"
    assert camera_name(None, None) == ""


def test_a_real_jpeg_gives_time_position_and_camera():
    exif = make_exif(
        taken_at="2024:05:01 10:20:30",
        offset="+08:00",
        lon=-73.9857,
        lat=-40.7484,
        make="Xiaomi",
        model="MI 11",
    )
    result = render(jpeg_bytes(scene(320, 240, "x"), exif))
    assert result.meta.taken_at == "2024-05-01T10:20:30+08:00"
    assert result.meta.lon == pytest.approx(-73.9857, abs=1e-5)
    assert result.meta.lat == pytest.approx(-40.7484, abs=1e-5)
    assert result.meta.camera == "Xiaomi MI 11"


def _marker_corner(jpeg: bytes) -> str:
    """Where the red arrow ended up: it is drawn in the top-right corner of the upright scene."""
    image = Image.open(BytesIO(jpeg)).convert("RGB")
    w, h = image.size
    corners = {
        "top-right": (w - 1 - w // 6, h // 6), "top-left": (w // 6, h // 6),
        "bottom-right": (w - 1 - w // 6, h - 1 - h // 6), "bottom-left": (w // 6, h - 1 - h // 6),
    }  # fmt: skip
    red = {}
    for name, (cx, cy) in corners.items():
        box = image.crop((cx - w // 6, cy - h // 6, cx + w // 6, cy + h // 6))
        pixels = box.tobytes()
        red[name] = sum(
            1
            for i in range(0, len(pixels), 3)
            if pixels[i] > 180 and pixels[i + 1] < 80 and pixels[i + 2] < 80
        )
    return max(red, key=red.get)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_gives_upright_size_and_picture(orientation):
    upright = scene(600, 400, "ORIENT", seed=orientation)
    stored = as_stored(upright, orientation)
    result = render(jpeg_bytes(stored, make_exif(orientation=orientation)))
    assert not isinstance(result, Failed)
    assert (result.width, result.height) == (600, 400)
    printed = Image.open(BytesIO(result.print))
    assert printed.size == (600, 400)
    assert _marker_corner(result.print) == "top-right"
    assert _marker_corner(result.thumbnail) == "top-right"
