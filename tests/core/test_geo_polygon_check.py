"""Polygon validity: what a drawn or imported boundary must satisfy."""

from __future__ import annotations

import pytest

from retrofit_app.core.geo.polygon_check import (
    GeometryProblem,
    check_geometry,
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
