"""WGS-84 <-> GCJ-02 (the datum of Amap and Tencent tiles): the published forward formula, its inverse by iteration.

GCJ-02 is not in PROJ (so not in pyproj): its offset is an obfuscation published only as
code. The forward formula here is the one that circulates openly, e.g. in googollee's
eviltransform and wandergis's coordTransform (both MIT-licensed), on the Krasovsky 1940
ellipsoid; the inverse is found by fixed-point iteration to about a millimetre.
"""

from __future__ import annotations

import math

# The Krasovsky 1940 ellipsoid the published formula is written against.
_A = 6378245.0
_EE = 0.00669342162296594323


def out_of_china(lon: float, lat: float) -> bool:
    """Outside this box the GCJ-02 offset is not applied (the published rule)."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _offset_terms(x: float, y: float) -> tuple[float, float]:
    """The polynomial-plus-sines shift in metres-ish units, for x = lon - 105, y = lat - 35."""
    waves = (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x)) + waves
    d_lat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    d_lat += (
        (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    )
    d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x)) + waves
    d_lon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    d_lon += (
        (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    )
    return d_lon, d_lat


def _delta(lon: float, lat: float) -> tuple[float, float]:
    """The shift in degrees (d_lon, d_lat) that GCJ-02 adds at a WGS-84 point."""
    d_lon, d_lat = _offset_terms(lon - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return d_lon, d_lat


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    if out_of_china(lon, lat):
        return lon, lat
    d_lon, d_lat = _delta(lon, lat)
    return lon + d_lon, lat + d_lat


def gcj02_to_wgs84(
    lon: float, lat: float, *, tolerance: float = 1e-9, max_steps: int = 30
) -> tuple[float, float]:
    """The inverse by fixed-point iteration: the shift varies slowly, so a few steps reach millimetres."""
    if out_of_china(lon, lat):
        return lon, lat
    wgs_lon, wgs_lat = lon, lat
    for _ in range(max_steps):
        fwd_lon, fwd_lat = wgs84_to_gcj02(wgs_lon, wgs_lat)
        err_lon, err_lat = fwd_lon - lon, fwd_lat - lat
        wgs_lon -= err_lon
        wgs_lat -= err_lat
        if max(abs(err_lon), abs(err_lat)) < tolerance:
            break
    return wgs_lon, wgs_lat
