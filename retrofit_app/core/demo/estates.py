"""The demo's estates, buildings, units, households and owners."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from retrofit_app.core.demo.names import ESTATES, GIVEN, STRUCTURES, SURNAMES
from retrofit_app.core.model import Estate, Owner, Stage
from retrofit_app.core.project import Project

# Degrees per metre around Nanjing (32° N).
_DEG_LAT = 1 / 111_000
_DEG_LON = 1 / (111_000 * math.cos(math.radians(32.05)))


@dataclass(frozen=True)
class DemoSize:
    """How much to generate; the default is the demo, bigger ones serve the benchmarks."""

    estates: int = len(ESTATES)
    buildings: tuple[int, int] = (3, 6)
    units: tuple[int, int] = (2, 4)
    storeys: tuple[int, int] = (4, 7)
    flats_per_landing: int = 2


def _rect(lon: float, lat: float, w: float, h: float, angle: float) -> list[list[float]]:
    """A closed rectangle of w × h metres centred on lon/lat, turned by `angle` radians."""
    corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2), (-w / 2, -h / 2)]
    cos, sin = math.cos(angle), math.sin(angle)
    return [
        [
            round(lon + (x * cos - y * sin) * _DEG_LON, 7),
            round(lat + (x * sin + y * cos) * _DEG_LAT, 7),
        ]
        for x, y in corners
    ]


def person(rng: random.Random) -> Owner:
    name = (
        rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.4 else "")
    )
    name = name[:3]
    born = rng.randint(1940, 1990)
    id_number = f"3201{rng.randint(2, 16):02d}{born}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    id_number += str(rng.randint(0, 9))
    phone = f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
    return Owner("", name, id_number, phone)


def _estate_place(index: int, rng: random.Random) -> tuple:
    if index < len(ESTATES):
        return ESTATES[index]
    district, street, community, name, lon, lat, year = ESTATES[index % len(ESTATES)]
    return (district, street, community, f"{name}{index // len(ESTATES) + 1}期",
            lon + rng.uniform(-0.03, 0.03), lat + rng.uniform(-0.03, 0.03), year + rng.randint(-5, 5))  # fmt: skip


def add_estates(
    project: Project,
    rng: random.Random,
    size: DemoSize,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Estate]:
    from retrofit_app.core.households import insert_household
    from retrofit_app.core.storage import records

    stages = list(Stage)
    made: list[Estate] = []
    user = project.user
    for index in range(size.estates):
        if cancelled and cancelled():
            break
        district, street, community, name, lon, lat, year = _estate_place(index, rng)
        angle = rng.uniform(-0.5, 0.5)
        estate = project.estates.create(
            name, district, street=street, community=community, lon=lon, lat=lat, year_built=year,
            address=f"南京市{district}{street.removesuffix('街道')}路{rng.randint(1, 300)}号",
            stage=stages[index % 4] if index < len(ESTATES) else rng.choice(stages[:4]),
            boundary={"type": "Polygon", "coordinates": [_rect(lon, lat, 260, 200, angle)]},
        )  # fmt: skip
        buyers: list[list[Owner]] = []
        with project.write() as db:
            for b in range(rng.randint(*size.buildings)):
                storeys = rng.randint(*size.storeys)
                bx, by = -90 + (b % 3) * 90, -50 + (b // 3) * 60
                cos, sin = math.cos(angle), math.sin(angle)
                blon = lon + (bx * cos - by * sin) * _DEG_LON
                blat = lat + (bx * sin + by * cos) * _DEG_LAT
                building_uuid = records.insert_row(db, "buildings", {
                    "estate_uuid": estate.uuid, "name": f"{b + 1}幢", "storeys": storeys,
                    "year_built": year, "structure": rng.choice(STRUCTURES),
                    "safety_grade": rng.choice("ABBBC"),
                    "geom": _footprint(blon, blat, angle),
                }, user)  # fmt: skip
                for u in range(rng.randint(*size.units)):
                    unit_uuid = records.insert_row(
                        db, "units", {"building_uuid": building_uuid, "name": f"{u + 1}单元"}, user
                    )
                    for floor in range(1, storeys + 1):
                        for flat in range(1, size.flats_per_landing + 1):
                            _add_household(
                                db, rng, unit_uuid, floor, flat, buyers, user, insert_household
                            )
        made.append(estate)
        if progress:
            progress(index + 1, size.estates)
    return made


def _footprint(lon: float, lat: float, angle: float) -> bytes:
    from retrofit_app.core.geo.gpkg_geometry import to_gpkg

    return to_gpkg({"type": "Polygon", "coordinates": [_rect(lon, lat, 60, 12, angle)]})


def _add_household(db, rng, unit_uuid, floor, flat, buyers, user, insert_household) -> None:  # noqa: ANN001
    room = f"{floor}{flat:02d}"
    roll = rng.random()
    fields = {"floor": floor, "area": round(rng.uniform(42, 92), 2), "kind": "individual"}
    if roll < 0.03:
        fields["kind"] = "developer_unsold"
        owners = [Owner("", "南京城建房地产开发有限公司", "91320100MA1X00000A")]
    elif roll < 0.06:
        fields["kind"] = "organisation"
        owners = [Owner("", "南京市房产经营公司", "12320100466000000B")]
    elif roll < 0.10 and buyers:
        # One buyer with two flats: the same owners, co-owners too (one of a couple alone on
        # the second flat would be a different buyer, a question for the committee).
        owners = list(rng.choice(buyers))
    else:
        owners = [person(rng)] + ([person(rng)] if rng.random() < 0.25 else [])
        buyers.append(owners)
    if rng.random() < 0.15:
        fields.update(rented=True, tenant_name=person(rng).name)
    insert_household(db, unit_uuid, {"room": room, **fields}, owners, user)


__all__ = ["DemoSize", "add_estates", "person"]
