"""Polygon validity: what a drawn or imported boundary must satisfy."""

from __future__ import annotations

import math
import random
import time

import pytest

from retrofit_app.core.geo.polygon_check import (
    GeometryProblem,
    _on_segment,
    _orient,
    check_geometry,
    ring_self_intersects,
    segments_cross,
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


def _pairwise(ring: list[tuple[int, int]]) -> bool:
    """The plain definition, every pair of edges: the reference the sweep must agree with."""
    edges = list(zip(ring[:-1], ring[1:], strict=True))
    n = len(edges)
    for i in range(n):
        for j in range(i + 1, n):
            if j == i + 1 or (i == 0 and j == n - 1):
                shared = edges[i][1] if j == i + 1 else edges[i][0]
                (a, b), (c, d) = edges[i], edges[j]
                far_i, far_j = (a if shared == b else b), (d if shared == c else c)
                if (_orient(a, b, far_j) == 0 and _on_segment(a, b, far_j)) or (
                    _orient(c, d, far_i) == 0 and _on_segment(c, d, far_i)
                ):
                    return True
            elif segments_cross(*edges[i], *edges[j]):
                return True
    return False


def test_the_sweep_agrees_with_every_pair_on_thousands_of_grid_rings() -> None:
    """Small integer grids make the hard cases common: shared vertices, collinear edges,
    vertical edges, rings touching themselves; integers keep the arithmetic exact."""
    rng = random.Random(23)
    simple = crossing = 0
    for _ in range(4000):
        size = rng.choice([3, 4, 6, 10])
        points = list(
            {(rng.randint(0, size), rng.randint(0, size)) for _ in range(rng.randint(4, 16))}
        )
        centre = (size / 2 + 0.1, size / 2 + 0.2)
        points.sort(key=lambda p: math.atan2(p[1] - centre[1], p[0] - centre[0]))
        if rng.random() < 0.5 and len(points) > 3:  # disturb a star-shaped (mostly simple) ring
            points[rng.randrange(len(points))] = (rng.randint(0, size), rng.randint(0, size))
        if len(points) < 3:
            continue
        ring = [*points, points[0]]
        expected = _pairwise(ring)
        assert ring_self_intersects(ring) == expected, ring
        simple, crossing = simple + (not expected), crossing + expected
    assert simple > 1000 and crossing > 1000  # both answers were really tried


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
    # Every pair took 234 s for 20,000 vertices (issue 23); the sweep takes about one.
    start = time.perf_counter()
    assert check_geometry({"type": "Polygon", "coordinates": [shape]}) is None
    assert time.perf_counter() - start < 30  # generous: CI machines are shared
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
