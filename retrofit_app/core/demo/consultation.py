"""The demo's elevator consultations: votes that pass, fail, and one exactly at the threshold."""

from __future__ import annotations

import random
from datetime import date, timedelta

from retrofit_app.core.consultation.rules import rule_set
from retrofit_app.core.consultation.tally import Flat, heads_of, owner_key
from retrofit_app.core.consultation.votes import (
    ensure_consultation,
    review_vote,
    set_status,
    upsert_vote,
)
from retrofit_app.core.model import Estate, Household, Unit
from retrofit_app.core.project import Project
from retrofit_app.core.storage import records

START = date(2025, 3, 3)
METHODS = ["in_person", "in_person", "in_person", "phone", "phone", "sms", "post"]
LOW_FLOOR_REASONS = ["影响采光", "噪音", "隐私", "影响房屋价值", "不愿分摊费用"]
REVIEWER = "颐和路社区居委会 周主任"
# Shares of agree, object and unreached votes per kind of unit (the rest abstain or are not asked).
PROFILES = {"pass": (0.88, 0.04, 0.04), "fail": (0.45, 0.35, 0.1), "collecting": (0.4, 0.05, 0.15)}


def _flats(households: list[Household]) -> list[Flat]:
    return [
        Flat(h.uuid, h.room, None, tuple(owner_key(o.name, o.id_number) for o in h.owners),
             h.kind == "developer_unsold")
        for h in households
    ]  # fmt: skip


def _one_head_per_flat(households: list[Household]) -> bool:
    return len(heads_of(_flats(households), rule_set())) == len(households)


def _vote_fields(rng: random.Random, choice: str, floor: int | None) -> dict:
    fields = {"choice": choice, "method": rng.choice(METHODS) if choice != "unreached" else "phone",
              "asked_on": (START + timedelta(days=rng.randint(0, 40))).isoformat()}  # fmt: skip
    if choice == "object":
        fields["objection"] = "不同意加装电梯" if rng.random() < 0.5 else "要求调整井道位置"
        fields["reason"] = rng.choice(
            LOW_FLOOR_REASONS if (floor or 9) <= 2 else LOW_FLOOR_REASONS[1:]
        )
    if choice == "agree" and floor == 1:
        fields["cost_share"] = "一楼不分摊费用"
    elif choice == "agree" and floor == 2:
        fields["cost_share"] = "二楼按 5% 分摊"
    return fields


def _random_choice(rng: random.Random, profile: str, floor: int | None) -> str | None:
    agree, obj, unreached = PROFILES[profile]
    if floor is not None and floor <= 2:
        agree, obj = agree - 0.1, obj + 0.1  # low floors object most (light, noise, privacy)
    roll = rng.random()
    for share, choice in (
        (agree, "agree"),
        (obj, "object"),
        (unreached, "unreached"),
        (0.05, "abstain"),
    ):
        if roll < share:
            return choice
        roll -= share
    return None  # not asked yet


def add_consultations(project: Project, rng: random.Random, estates: list[Estate]) -> None:
    for index, estate in enumerate(estates[:4]):
        _estate_consultations(project, rng, estate, index)


def _estate_consultations(project: Project, rng: random.Random, estate: Estate, index: int) -> None:
    """The `index`-th demo estate's unit consultations (a few units each) and opinions."""
    user = project.user
    units = [
        u for b in project.buildings.of_estate(estate.uuid) for u in project.buildings.units(b.uuid)
    ]
    flats = {u.uuid: project.households.of_unit(u.uuid) for u in units}
    exact_uuid = _exact_unit(units, flats, index)
    chosen = units[: 2 + index % 3 + 2]
    with project.write() as db:
        for position, unit in enumerate(chosen):
            consultation = ensure_consultation(
                db, estate.uuid, "unit", unit.uuid, user, title=f"{unit.name}加装电梯意见征询"
            )
            if unit.uuid == exact_uuid:
                _exactly_on_threshold(
                    db, rng, consultation, flats[unit.uuid], user, quorum=index == 1
                )
                continue
            profile = ("pass", "fail", "pass", "collecting")[position % 4]
            _random_votes(db, rng, consultation, flats[unit.uuid], profile, user)
            if profile == "pass" and index == 0:
                _reviewed(db, consultation, user)
        if exact_uuid and exact_uuid not in [u.uuid for u in chosen]:
            consultation = ensure_consultation(db, estate.uuid, "unit", exact_uuid, user)
            _exactly_on_threshold(db, rng, consultation, flats[exact_uuid], user, quorum=index == 1)
        _opinions(db, rng, estate, [h for u in units for h in flats[u.uuid]], user)


def _exact_unit(units: list[Unit], flats: dict[str, list[Household]], index: int) -> str | None:
    """Estate 0 gets a unit exactly at 3/4 approval, estate 1 one exactly at the 2/3 quorum."""
    if index >= 2:
        return None
    divisor = 4 if index == 0 else 3
    exact = (
        u.uuid
        for u in units
        if len(flats[u.uuid]) % divisor == 0 and _one_head_per_flat(flats[u.uuid])
    )
    return next(exact, None)


def _random_votes(
    db, rng: random.Random, consultation: str, households: list[Household], profile: str, user: str
) -> None:  # noqa: ANN001
    """Votes drawn at random from the profile's shares (some flats not asked yet)."""
    for h in households:
        choice = _random_choice(rng, profile, h.floor)
        if choice:
            upsert_vote(db, consultation, h.uuid, _vote_fields(rng, choice, h.floor), user)


SUGGESTIONS = [
    ("parking", "小区停车位太少，希望规划停车位"),
    ("ebike_charging", "希望建电动车集中充电棚，不要在楼道充电"),
    ("lighting", "楼道和路灯太暗，晚上不安全"),
    ("drainage", "下雨天单元门口积水"),
    ("elderly", "单元门口加装扶手和坡道"),
    ("security", "希望装门禁和监控"),
    ("greening", "绿化带需要修剪"),
]
SATISFACTION = ["satisfied"] * 6 + ["basically_satisfied"] * 3 + ["dissatisfied"]


def _opinions(
    db, rng: random.Random, estate: Estate, households: list[Household], user: str
) -> None:  # noqa: ANN001
    """Suggestions (some anonymous) and, for an estate past construction, the satisfaction survey."""
    for _ in range(rng.randint(6, 12)):
        category, text = rng.choice(SUGGESTIONS)
        author = rng.choice(households).uuid if rng.random() < 0.7 else None
        records.insert_row(db, "opinions", {
            "estate_uuid": estate.uuid, "household_uuid": author, "kind": "suggestion", "category": category,
            "text": text, "received_on": (START + timedelta(days=rng.randint(0, 60))).isoformat(), "recorded_by": user,
        }, user)  # fmt: skip
    if estate.stage in ("acceptance", "accepted", "construction"):
        for household in rng.sample(households, min(10, len(households))):
            rating = rng.choice(SATISFACTION)
            records.insert_row(db, "opinions", {
                "estate_uuid": estate.uuid, "household_uuid": household.uuid, "kind": "satisfaction",
                "rating": rating, "text": "电梯运行噪音大" if rating == "dissatisfied" else "",
                "received_on": "2025-10-15", "recorded_by": user,
            }, user)  # fmt: skip


def _exactly_on_threshold(
    db, rng, consultation: str, households: list[Household], user: str, *, quorum: bool
) -> None:  # noqa: ANN001
    """Equal flats, one owner each: exactly 3/4 agree, or (quorum) exactly 2/3 take part and agree."""
    for h in households:
        records.update_row(db, "households", h.uuid, {"area": 65.0}, user)
    order = list(households)
    rng.shuffle(order)
    n = len(order)
    if quorum:
        # 2/3 take part and all agree: the quorum is met exactly, with not one flat to spare.
        choices = ["agree"] * (2 * n // 3) + ["unreached"] * (n - 2 * n // 3)
    else:
        choices = ["agree"] * (3 * n // 4) + ["object"] * (n - 3 * n // 4)
    for h, choice in zip(order, choices, strict=True):
        upsert_vote(db, consultation, h.uuid, _vote_fields(rng, choice, h.floor), user)


def _reviewed(db, consultation: str, user: str) -> None:  # noqa: ANN001
    """The committee verified the votes, ran a 10-day notice, and found no objection.

    Ten days from 21 April 2025 end on 1 May, a holiday: the May Day days off (1-5 May) move
    the last day to 6 May (Civil Code Art. 203), so 无异议 is recorded on 7 May."""
    from retrofit_app.core.storage import consultation_store as store

    for row in store.votes_of_consultation(db, consultation):
        review_vote(db, row["uuid"], "verified", REVIEWER, "核对签字表无误", "2025-04-20", user)
    set_status(db, consultation, "notice", user, notice_start="2025-04-21", notice_days=10)
    set_status(db, consultation, "no_objection", user, reviewed_by=REVIEWER, reviewed_at="2025-05-07",
               review_note="公示期内未收到书面实名异议")  # fmt: skip
