"""WGS-84 <-> GCJ-02 against published reference points, and round trips around Nanjing."""

from __future__ import annotations

import math

import pytest

from retrofit_app.core.geo.gcj02 import gcj02_to_wgs84, out_of_china, wgs84_to_gcj02

# (wgs lon, wgs lat, gcj lon, gcj lat): the reference pairs published with the eviltransform library.
REFERENCE = [
    (121.5272106, 31.1774276, 121.531541859215, 31.17530398364597),  # Shanghai
    (113.912316, 22.543847, 113.9171764808363, 22.540796131694766),  # Shenzhen
    (116.377817, 39.911954, 116.38404722455657, 39.91334545536069),  # Beijing
]

# Nanjing places in WGS-84: Xinjiekou, Gulou, the Confucius Temple, Jiangning.
NANJING = [(118.7783, 32.0433), (118.7654, 32.0613), (118.7883, 32.0224), (118.8398, 31.9535)]


def metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    dx = math.radians(lon2 - lon1) * 6371000 * math.cos(math.radians((lat1 + lat2) / 2))
    dy = math.radians(lat2 - lat1) * 6371000
    return math.hypot(dx, dy)


@pytest.mark.parametrize(("wlon", "wlat", "glon", "glat"), REFERENCE)
def test_forward_matches_published_reference(
    wlon: float, wlat: float, glon: float, glat: float
) -> None:
    lon, lat = wgs84_to_gcj02(wlon, wlat)
    assert metres(lon, lat, glon, glat) < 0.01


@pytest.mark.parametrize(("wlon", "wlat", "glon", "glat"), REFERENCE)
def test_inverse_recovers_published_wgs84(
    wlon: float, wlat: float, glon: float, glat: float
) -> None:
    lon, lat = gcj02_to_wgs84(glon, glat)
    assert metres(lon, lat, wlon, wlat) < 0.5


@pytest.mark.parametrize(("lon", "lat"), NANJING)
def test_nanjing_shift_is_about_five_hundred_metres_to_the_east(lon: float, lat: float) -> None:
    glon, glat = wgs84_to_gcj02(lon, lat)
    assert 400 < metres(lon, lat, glon, glat) < 700
    assert glon > lon  # in Nanjing the offset points east(-south)


@pytest.mark.parametrize(("lon", "lat"), NANJING)
def test_round_trip_is_within_half_a_metre(lon: float, lat: float) -> None:
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lon, lat))
    assert metres(lon, lat, *back) < 0.5


def test_points_outside_china_are_not_shifted() -> None:
    assert out_of_china(2.35, 48.85)  # Paris
    assert wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)
    assert gcj02_to_wgs84(139.69, 35.69) == (139.69, 35.69)  # Tokyo lies outside the box
