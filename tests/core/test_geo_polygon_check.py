"""Polygon validity: what a drawn or imported boundary must satisfy (GEOS's rules, via shapely)."""

from __future__ import annotations

import math
import time

import pytest

from retrofit_app.core.geo.polygon_check import (
    GeometryProblem,
    check_geometry,
    check_geometry_reason,
    ring_self_intersects,
)

SQUARE = [[118.0, 32.0], [118.01, 32.0], [118.01, 32.01], [118.0, 32.01], [118.0, 32.0]]
BOWTIE = [[118.0, 32.0], [118.01, 32.01], [118.01, 32.0], [118.0, 32.01], [118.0, 32.0]]
# An L-shaped block: concave but valid.
L_SHAPE = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]]


def test_a_square_and_a_concave_l_are_valid() -> None:
    assert check_geometry({"type": "Polygon", "coordinates": [SQUARE]}) is None
    assert not ring_self_intersects([tuple(p) for p in L_SHAPE])


def test_a_bowtie_crosses_itself() -> None:
    assert (
        check_geometry({"type": "Polygon", "coordinates": [BOWTIE]})
        == GeometryProblem.SELF_INTERSECTION
    )


def test_a_spike_folding_back_on_its_edge_is_refused() -> None:
    spike = [[0, 0], [2, 0], [1, 0], [1, 1], [0, 0]]
    assert ring_self_intersects([tuple(p) for p in spike])


def test_a_ring_touching_itself_at_a_vertex_is_refused() -> None:
    figure_eight = [[0, 0], [1, 1], [2, 0], [2, 2], [1, 1], [0, 2], [0, 0]]
    assert ring_self_intersects([tuple(p) for p in figure_eight])


@pytest.mark.parametrize(
    ("geometry", "problem"),
    [
        ({"type": "Polygon", "coordinates": [SQUARE[:-1]]}, GeometryProblem.NOT_CLOSED),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]},
            GeometryProblem.TOO_FEW_POINTS,
        ),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 1], [0, 0]]]},
            GeometryProblem.TOO_FEW_POINTS,
        ),
        ({"type": "Point", "coordinates": [218.0, 32.0]}, GeometryProblem.OUT_OF_RANGE),
        (
            {"type": "Polygon", "coordinates": [[[p[1], p[0] + 60] for p in SQUARE]]},
            GeometryProblem.OUT_OF_RANGE,
        ),
        ({"type": "LineString", "coordinates": SQUARE}, GeometryProblem.UNSUPPORTED),
        ({"type": "Point", "coordinates": ["东", "北"]}, GeometryProblem.BAD_COORDINATES),
        (
            {"type": "MultiPolygon", "coordinates": [[SQUARE], [BOWTIE]]},
            GeometryProblem.SELF_INTERSECTION,
        ),
    ],
)
def test_each_bad_geometry_is_named(geometry: dict, problem: GeometryProblem) -> None:
    assert check_geometry(geometry) == problem


def test_a_repeated_consecutive_vertex_is_not_a_self_intersection() -> None:
    # ogr2ogr's country layers have them; GEOS (QGIS, GDAL) calls such a polygon valid.
    ring = [[0, 0], [10, 0], [10, 0], [10, 10], [0, 10], [0, 10], [0, 0]]
    assert check_geometry({"type": "Polygon", "coordinates": [ring]}) is None
    assert not ring_self_intersects([tuple(p) for p in ring])


SHELL = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]


def _box(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


@pytest.mark.parametrize(
    ("geometry", "problem"),
    [
        ({"type": "Polygon", "coordinates": [SHELL, _box(20, 20, 21, 21)]}, "hole_outside"),
        (
            {"type": "Polygon", "coordinates": [SHELL, _box(1, 1, 5, 5), _box(3, 3, 7, 7)]},
            "holes_overlap",
        ),
        (
            {"type": "Polygon", "coordinates": [SHELL, _box(1, 1, 8, 8), _box(3, 3, 4, 4)]},
            "holes_overlap",
        ),
        ({"type": "MultiPolygon", "coordinates": [[SHELL], [_box(5, 5, 15, 15)]]}, "parts_overlap"),
        ({"type": "MultiPolygon", "coordinates": [[SHELL], [_box(2, 2, 3, 3)]]}, "parts_overlap"),
    ],
    ids=["hole-outside", "holes-overlap", "holes-nested", "parts-overlap", "part-inside-part"],
)
def test_what_geos_calls_invalid_is_refused_with_its_reason(geometry: dict, problem: str) -> None:
    found = check_geometry_reason(geometry)
    assert found is not None and found[0] == problem
    assert "[" in found[1]  # GEOS's reason says where


def _star(n: int) -> list[list[float]]:
    """A valid boundary of n vertices around Nanjing, its radius wobbling."""
    ring = [
        [118.8 + 0.01 * (1 + 0.03 * (i % 13)) * math.cos(2 * math.pi * i / n),
         32.05 + 0.01 * (1 + 0.03 * (i % 13)) * math.sin(2 * math.pi * i / n)]
        for i in range(n)
    ]  # fmt: skip
    return [*ring, ring[0]]


def _comb(teeth: int) -> list[list[float]]:
    """Long thin teeth: half the edges cross one sweep line at once."""
    ring = [[118.0, 32.0]]
    for k in range(teeth):
        y = 32.0 + k * 1e-5
        ring += [[118.001, y], [118.1, y], [118.1, y + 5e-6], [118.001, y + 5e-6]]
    return [*ring, [118.0, 32.0 + teeth * 1e-5], [118.0, 32.0]]


@pytest.mark.parametrize("shape", [_star(20_000), _comb(5_000)], ids=["star", "comb"])
def test_twenty_thousand_vertices_are_checked_in_seconds(shape: list[list[float]]) -> None:
    # Every pair took 234 s for 20,000 vertices (issue 23); GEOS takes a fraction of a second.
    start = time.perf_counter()
    assert check_geometry({"type": "Polygon", "coordinates": [shape]}) is None
    assert time.perf_counter() - start < 5  # generous: CI machines are shared
    crossed = [*shape[:2], shape[3], shape[2], *shape[4:]]  # two vertices swapped: an X
    assert check_geometry({"type": "Polygon", "coordinates": [crossed]}) is not None


@pytest.mark.parametrize(
    "coordinates",
    [["118.8", "32.0"], [True, False], [float("nan"), 32.0], [118.8], None, "118.8,32.0"],
    ids=["text", "booleans", "nan", "one-number", "null", "a-string"],
)
def test_a_position_must_be_two_numbers(coordinates: object) -> None:
    assert check_geometry({"type": "Point", "coordinates": coordinates}) in (
        GeometryProblem.BAD_COORDINATES,
    )
    ring = [[118.0, 32.0], [118.01, 32.0], coordinates, [118.0, 32.01], [118.0, 32.0]]
    assert (
        check_geometry({"type": "Polygon", "coordinates": [ring]})
        == GeometryProblem.BAD_COORDINATES
    )
