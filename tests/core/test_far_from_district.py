"""`check` names an estate point far outside its district: farther than DISTRICT_KM from every other estate of that district (issue 25)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from test_foreign_geometry import set_geometry

from retrofit_app.core.geo.geometry_check import DISTRICT_KM, far_outside_their_districts
from retrofit_app.core.geo.gpkg_geometry import point, to_gpkg
from retrofit_app.core.integrity import check_project
from retrofit_app.core.project import Project


def _estates(district: str, places: list[tuple[float, float]]) -> list[dict]:
    return [
        {"name": f"{district}{i}号小区", "district": district, "geom": to_gpkg(point(lon, lat))}
        for i, (lon, lat) in enumerate(places)
    ]


@pytest.mark.needs("ogrinfo")
def test_an_estate_moved_a_degree_slip_away_is_named_with_its_district(demo_path: Path) -> None:
    with Project(demo_path, readonly=True) as project:
        assert not [p for p in check_project(project) if p.code == "far_from_district"]
        estate = next(e for e in project.estates.list() if e.district == "玄武区")
    # 118.79 typed as 119.09: ~28 km east, still inside Nanjing and on the globe
    set_geometry(demo_path, "estates", f"POINT ({estate.lon + 0.3} {estate.lat})",
                 f"uuid = '{estate.uuid}'")  # fmt: skip
    with Project(demo_path, readonly=True) as project:
        found = [p for p in check_project(project) if p.code == "far_from_district"]
    assert len(found) == 1, [p.sentence() for p in found]
    sentence = found[0].sentence("zh")
    assert sentence.startswith(f"小区“{estate.name}”离玄武区其他小区中最近的一个也有 ")
    assert "公里" in sentence and "坐标系" in sentence
    assert found[0].sentence("en").startswith(f"Estate “{estate.name}” is ")


def test_estates_spread_over_a_suburban_district_are_not_named() -> None:
    # towns 12 km apart (Gaochun-like), one old estate in the farthest
    places = [(118.88, 31.33), (118.881, 31.331), (118.89, 31.34), (119.00, 31.33)]
    assert far_outside_their_districts(_estates("高淳区", places)) == []


def test_a_district_with_too_few_estates_is_not_judged_and_twins_are_near() -> None:
    two = _estates("六合区", [(118.84, 32.34), (119.84, 32.34)])  # 94 km apart: which is wrong?
    twins = _estates("溧水区", [(119.03, 31.65), (119.03, 31.65), (118.50, 31.65)])
    found = far_outside_their_districts(two + twins)
    assert [(v["name"], v["district"]) for _, v in found] == [("溧水区2号小区", "溧水区")]
    assert found[0][1]["km"] > DISTRICT_KM


def test_five_thousand_estates_are_judged_without_comparing_every_pair() -> None:
    rng = np.random.default_rng(25)
    spread = [(118.7 + x, 32.0 + y) for x, y in rng.uniform(0, 0.1, (5000, 2))]
    rows = _estates("鼓楼区", [*spread, (118.75, 32.6)])  # the last ~60 km north
    started = time.perf_counter()
    found = far_outside_their_districts(rows)
    took = time.perf_counter() - started
    assert [v["name"] for _, v in found] == ["鼓楼区5000号小区"]
    assert took < 5.0, took  # 1 s here on a busy machine; every pair in Python: ~30 s
