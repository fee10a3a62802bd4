"""A small programme worked out by hand for the review tests: four estates in two districts,
money, elevators, works, ratings, defects, management and targets around the 2025H1 edges."""

from __future__ import annotations

from typing import Any

from retrofit_app.core.model import Stage
from retrofit_app.core.project import Project
from retrofit_app.core.storage.records import insert_row

XUANWU, QINHUAI = "玄武区", "秦淮区"


def _add(project: Project, table: str, **values: Any) -> str:
    with project.write() as db:
        return insert_row(db, table, values, project.user)


def build_small_programme(project: Project) -> dict[str, str]:
    """Returns estate uuids by letter (A, B, C, D); the figures expected are in the tests."""
    est = project.estates
    a = est.create("梅园新村", XUANWU, street="梅园", code="XW-01").uuid
    b = est.create("兰园小区", XUANWU, street="新街口", code="XW-02").uuid
    c = est.create("张府园小区", QINHUAI, street="五老村", code="QH-01").uuid
    d = est.create(
        "石鼓路小区", QINHUAI, street="五老村", code="QH-02", stage=Stage.CONSTRUCTION
    ).uuid
    for name in ("1幢", "2幢"):
        project.buildings.create(b, name)
    plans = {
        a: dict(batch="2025年第一批", started_on="2025-01-10", completed_on="2025-06-30",
                buildings_planned=3, households_planned=60, floor_area_m2=4000.5),
        b: dict(batch="2025年第一批", started_on="2025-07-01", households_planned=40),
        c: dict(batch="2024年第二批", started_on="2024-11-01", completed_on="2025-03-15",
                buildings_planned=5, households_planned=100, floor_area_m2=6000.0),
    }  # fmt: skip
    for estate, plan in plans.items():
        _add(project, "estate_plans", estate_uuid=estate, **plan)
    for estate, source, kind, fen, day in (
        (a, "central", "actual", 1_000_000, "2025-03-01"),
        (a, "residents", "actual", 200_000, "2025-06-30"),
        (b, "city", "actual", 500_000, "2025-07-01"),
        (c, "district", "actual", 300_000, ""),
        (a, "central", "budget", 2_000_000, "2024-12-01"),
        (c, "district", "budget", 800_000, ""),
    ):
        _add(project, "estate_funds", estate_uuid=estate, source=source, kind=kind,
             amount_fen=fen, recorded_on=day)  # fmt: skip
    for estate, days in (
        (a, ("2024-12-01", "2025-02-01", "2025-04-01", "2025-06-30")),
        (a, ("2025-05-05", "", "", "")),
        (c, ("", "2025-01-20", "", "")),
    ):
        stages = dict(
            zip(("consented_on", "approved_on", "started_on", "in_service_on"), days, strict=True)
        )
        _add(project, "elevators", estate_uuid=estate, **stages)
    for estate, work, quantity, unit, day in (
        (a, "pipes", 1200.0, "m", "2025-05-01"),
        (c, "pipes", 300.0, "m", "2025-07-01"),
        (c, "roofs", 2000.0, "m2", ""),
    ):
        _add(project, "estate_works", estate_uuid=estate, work=work, quantity=quantity,
             unit=unit, completed_on=day)  # fmt: skip
    for rating, day in (("satisfied", "2025-06-01"),) * 3 + (
        ("dissatisfied", "2025-06-02"), ("basically_satisfied", None)):  # fmt: skip
        _add(
            project, "opinions", estate_uuid=a, kind="satisfaction", rating=rating, received_on=day
        )
    _add(project, "defects", estate_uuid=a, description="雨水管未接通", status="open")
    _add(project, "defects", estate_uuid=c, description="屋面渗漏", status="rectified")
    _add(project, "estate_management", estate_uuid=a, committee_kind="owners_committee",
         committee_formed_on="2025-02-01", property_mode="professional",
         property_contract_start="2025-07-01")  # fmt: skip
    _add(project, "estate_management", estate_uuid=c, committee_kind="property_committee",
         property_mode="street_fallback", property_contract_start="2023-05-01")  # fmt: skip
    with project.read():
        xuanwu = project.conn.execute(
            "SELECT uuid FROM districts WHERE name = ?", [XUANWU]
        ).fetchone()[0]
    _add(project, "plan_targets", period="2025H1", measure="estates_started", target=3)
    _add(project, "plan_targets", period="2025H1", measure="investment", target=2)  # 万元
    _add(project, "plan_targets", period="2025H1", measure="estates_started", target=2,
         district_uuid=xuanwu)  # fmt: skip
    return {"A": a, "B": b, "C": c, "D": d}
