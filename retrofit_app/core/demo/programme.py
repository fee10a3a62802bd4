"""The demo's plan, money, contracts, works, elevators, management and meetings, spread over 2021–2025 (issue 19)."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from retrofit_app.core.programme.codes import WORK_CODES, WORKS
from retrofit_app.core.storage import records

if TYPE_CHECKING:
    from retrofit_app.core.model import Estate
    from retrofit_app.core.project import Project

# The demo's own seed: the steps before it draw from the shared rng, and stay as they were.
SEED = 20210301
AS_OF = dt.date(2025, 11, 30)  # the demo knows what happened up to this day
_YEARS = (2021, 2021, 2022, 2022, 2023, 2023, 2023, 2024, 2024, 2025, 2025, 2025, 2025)
_CONTRACTORS = ("南京城建集团", "金陵建工集团", "江苏省建筑工程集团", "南京宏亚建设集团")
_COMPANIES = ("南京物业管理有限公司", "金陵物业服务有限公司", "银城物业", "街道物业服务中心")
_SUBJECTS = ("加装电梯意见征询", "停车位划线与收费", "电动自行车充电棚选址", "绿化补植与认养",
             "物业服务费标准", "外墙保温施工扰民", "公共收益使用")  # fmt: skip
# Funding shares of an estate's budget, by source (the rest is the district's).
_SHARES = {"central": (0.30, 0.40), "provincial": (0.05, 0.10), "city": (0.15, 0.25),
           "residents": (0.02, 0.05)}  # fmt: skip
_RATINGS = ("satisfied",) * 7 + ("basically_satisfied",) * 2 + ("dissatisfied",)
_PER_UNIT = {"m": 180, "m2": 900, "piece": 12, "place": 3, "lamp": 10}


def add_programme(project: Project, _rng: random.Random, estates: list[Estate]) -> None:
    rng = random.Random(SEED)
    years = list(_YEARS[: len(estates)] or (2023,))
    while len(years) < len(estates):
        years.append(rng.choice(_YEARS))
    rng.shuffle(years)
    with project.write():  # one action: the demo's programme lands whole
        for estate, year in zip(estates, years, strict=True):
            _add_estate(project, rng, estate, year)
        _add_targets(project, rng)


def _day(date: dt.date | None) -> str:
    return date.isoformat() if date and date <= AS_OF else ""


def _add_estate(project: Project, rng: random.Random, estate: Estate, year: int) -> None:
    programme = project.programme
    buildings, households, storeys = programme.estate_size(estate.uuid)
    batch = rng.choice((1, 2))
    target_start = dt.date(year, 3 if batch == 1 else 7, 1)
    started = target_start + dt.timedelta(days=rng.randint(0, 60))
    completed = started + dt.timedelta(days=rng.randint(240, 380))
    budget_wan = max(80, round(households * rng.uniform(3.5, 6.0)))
    programme.set_one(
        "estate_plans", estate.uuid, batch=f"{year}年第{batch}批", plan_year=year,
        target_start=target_start.isoformat(),
        target_completion=(target_start + dt.timedelta(days=300)).isoformat(),
        started_on=_day(started), completed_on=_day(completed) if _day(started) else "",
        buildings_planned=buildings, households_planned=households,
        floor_area_m2=round(households * rng.uniform(55, 75), 1), budget_fen=budget_wan * 1_000_000,
    )  # fmt: skip
    _add_money(project, rng, estate, budget_wan, target_start, started, completed)
    if _day(started):
        programme.add(
            "estate_contracts", estate.uuid, name=f"{estate.name}综合整治工程施工总承包",
            number=f"NJGZ-{year}-{rng.randint(1, 199):03d}", contractor=rng.choice(_CONTRACTORS),
            price_fen=round(budget_wan * 0.88) * 1_000_000,
            signed_on=(started - dt.timedelta(days=20)).isoformat(),
        )  # fmt: skip
        for work in rng.sample(WORK_CODES, rng.randint(4, 7)):
            unit = WORKS[work].unit
            quantity = round(_PER_UNIT[unit] * buildings * rng.uniform(0.5, 1.5))
            programme.add("estate_works", estate.uuid, work=work, quantity=max(1, quantity),
                          completed_on=_day(completed))  # fmt: skip
    if year >= 2022:
        _add_elevators(project, rng, estate, target_start, max(storeys, 5))
    _add_management(project, rng, estate, started, completed)
    if _day(completed):
        _add_satisfaction(project, estate, completed)


def _add_money(
    project: Project, rng: random.Random, estate: Estate, budget_wan: int,
    target_start: dt.date, started: dt.date, completed: dt.date,
) -> None:  # fmt: skip
    parts = {
        source: round(budget_wan * rng.uniform(*share), 2) for source, share in _SHARES.items()
    }
    if rng.random() < 0.4:
        parts["maintenance_fund"] = round(budget_wan * 0.03, 2)
    if rng.random() < 0.25:
        parts["social_capital"] = round(budget_wan * rng.uniform(0.05, 0.1), 2)
    parts["district"] = round(budget_wan - sum(parts.values()), 2)
    granted = target_start - dt.timedelta(days=60)
    halfway = started + (completed - started) / 2
    for source, wan in parts.items():
        fen = round(wan * 1_000_000)
        project.programme.add("estate_funds", estate.uuid, source=source, kind="budget",
                              amount_fen=fen, recorded_on=granted.isoformat())  # fmt: skip
        for paid_on, share in ((started, 0.6), (halfway, 0.4)):
            if _day(paid_on):
                project.programme.add("estate_funds", estate.uuid, source=source, kind="actual",
                                      amount_fen=round(fen * share * rng.uniform(0.9, 1.0)),
                                      recorded_on=paid_on.isoformat())  # fmt: skip


def _add_elevators(
    project: Project, rng: random.Random, estate: Estate, target_start: dt.date, storeys: int
) -> None:
    buildings = project.buildings.of_estate(estate.uuid)
    for building in rng.sample(buildings, min(len(buildings), rng.randint(0, 3))):
        units = project.buildings.units(building.uuid)
        consented = target_start + dt.timedelta(days=rng.randint(-90, 200))
        approved = consented + dt.timedelta(days=rng.randint(30, 90))
        started = approved + dt.timedelta(days=rng.randint(30, 120))
        handed_over = started + dt.timedelta(days=rng.randint(90, 150))
        in_service = handed_over + dt.timedelta(days=rng.randint(10, 30))
        if not _day(consented):
            continue
        cost_wan = rng.randint(55, 75)
        lift = project.programme.add(
            "elevators", estate.uuid, building_uuid=building.uuid,
            unit_uuid=units[0].uuid if units else None, consented_on=_day(consented),
            approved_on=_day(approved), started_on=_day(started),
            handed_over_on=_day(handed_over), in_service_on=_day(in_service),
            registration_number=f"梯11{rng.randint(10**7, 10**8 - 1)}" if _day(in_service) else "",
            cost_fen=cost_wan * 1_000_000, subsidy_fen=20 * 1_000_000,
        )  # fmt: skip
        top = building.storeys or storeys
        per_step = rng.randint(4000, 7000)  # 元 more for each floor up
        for floor in range(2, top + 1):
            project.programme.set_share(lift["uuid"], floor, (floor - 1) * per_step * 100)


def _add_management(
    project: Project, rng: random.Random, estate: Estate, started: dt.date, completed: dt.date
) -> None:
    if not _day(started):
        return
    values: dict[str, object] = {}
    if _day(completed) or rng.random() < 0.5:
        formed = (completed if _day(completed) else started) + dt.timedelta(
            days=rng.randint(30, 120)
        )
        kind = "owners_committee" if rng.random() < 0.6 else "property_committee"
        values.update(
            committee_kind=kind, committee_formed_on=_day(formed),
            committee_members=rng.choice((5, 7, 9)) if _day(formed) else None,
            committee_term_ends=(formed + dt.timedelta(days=5 * 365)).isoformat() if _day(formed) else "",
            assembly_formed_on=_day(formed - dt.timedelta(days=14)) if kind == "owners_committee" else "",
        )  # fmt: skip
    if _day(completed):
        mode = rng.choice(
            ("professional", "professional", "trusteeship", "self", "street_fallback")
        )
        contract_start = completed + dt.timedelta(days=rng.randint(0, 60))
        values.update(
            property_mode=mode,
            property_company=rng.choice(_COMPANIES) if mode != "self" else "",
            property_contract_start=contract_start.isoformat(),
            property_contract_end=(contract_start + dt.timedelta(days=3 * 365)).isoformat(),
        )  # fmt: skip
    if values:
        project.programme.set_one("estate_management", estate.uuid, **values)
    for _ in range(rng.randint(1, 4)):
        held = started + dt.timedelta(days=rng.randint(-120, 500))
        if _day(held):
            project.programme.add(
                "governance_meetings", estate.uuid, held_on=held.isoformat(),
                subject=rng.choice(_SUBJECTS), decisions="经与会居民代表表决通过，报街道备案。",
                attendees=rng.randint(12, 45),
            )  # fmt: skip


def _add_satisfaction(project: Project, estate: Estate, completed: dt.date) -> None:
    """The residents' satisfaction survey one to three months after the works were completed.
    Its own rng per estate, so the draws of the steps above stay as they were."""
    rng = random.Random(f"{SEED}-{estate.code}")
    households = [
        household
        for building in project.buildings.of_estate(estate.uuid)
        for unit in project.buildings.units(building.uuid)
        for household in project.households.of_unit(unit.uuid)
    ]
    surveyed = completed + dt.timedelta(days=rng.randint(30, 90))
    if not _day(surveyed):
        return
    for household in rng.sample(households, min(12, len(households))):
        rating = rng.choice(_RATINGS)
        records.insert_row(project.db, "opinions", {
            "estate_uuid": estate.uuid, "household_uuid": household.uuid, "kind": "satisfaction",
            "rating": rating, "text": "楼道照明仍不足" if rating == "dissatisfied" else "",
            "received_on": surveyed.isoformat(), "recorded_by": project.user,
        }, project.user)  # fmt: skip


def _add_targets(project: Project, rng: random.Random) -> None:
    """The plan's targets by district and for the whole project, a little above what was done."""
    plans = project.programme.all_rows("estate_plans")
    district_of = {e.uuid: e.district for e in project.estates.list()}
    district_uuid = {d["name"]: d["uuid"] for d in project.programme.districts()}
    periods = {"2021-2023": (2021, 2023, "01-01", "12-31"), "2024": (2024, 2024, "01-01", "12-31"),
               "2025": (2025, 2025, "01-01", "12-31"), "2025H1": (2025, 2025, "01-01", "06-30")}  # fmt: skip
    for period, (first, last, start, end) in periods.items():
        low, high = f"{first}-{start}", f"{last}-{end}"
        for district in (None, *sorted(district_uuid)):
            mine = [
                p
                for p in plans
                if district is None or district_of.get(p["estate_uuid"]) == district
            ]
            starting = [p for p in mine if low <= p["target_start"] <= high]
            finishing = [p for p in mine if low <= p["target_completion"] <= high]
            counts = {
                "estates_started": len(starting),
                "estates_completed": len(finishing),
                "households_started": sum(p["households_planned"] or 0 for p in starting),
                "investment": round(sum(p["budget_fen"] or 0 for p in starting) / 1_000_000),
                "elevators_started": len(starting) + rng.randint(0, 2),
            }
            for measure, value in counts.items():
                if value:
                    project.programme.set_target(
                        period, measure, value, district_uuid[district] if district else None
                    )
