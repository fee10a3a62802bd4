"""The demo carries plan, money, elevators and management spread over 2021–2025, the same every time."""

from __future__ import annotations

from pathlib import Path

from retrofit_app.core.programme.codes import elevator_stage
from retrofit_app.core.project import Project


def test_the_demo_has_a_programme_over_five_years_for_every_review(demo_template: Path) -> None:
    with Project(demo_template, readonly=True) as demo:
        programme = demo.programme
        plans = programme.all_rows("estate_plans")
        assert len(plans) == len(demo.estates.list()) == 13
        assert sorted({p["plan_year"] for p in plans}) == [2021, 2022, 2023, 2024, 2025]
        started = {p["started_on"][:4] for p in plans if p["started_on"]}
        assert started == {"2021", "2022", "2023", "2024", "2025"}
        assert any("2025-01-01" <= p["started_on"] <= "2025-06-30" for p in plans)
        completed = [p for p in plans if p["completed_on"]]
        assert completed and all(p["completed_on"] >= p["started_on"] for p in completed)
        funds = programme.all_rows("estate_funds")
        assert {f["source"] for f in funds} >= {
            "central",
            "provincial",
            "city",
            "district",
            "residents",
        }
        assert {f["recorded_on"][:4] for f in funds if f["kind"] == "actual"} == {
            "2021", "2022", "2023", "2024", "2025"}  # fmt: skip
        lifts = programme.all_rows("elevators")
        stages = {elevator_stage(lift) for lift in lifts}
        assert {"in_service", "started"} <= stages or {"in_service", "handed_over"} <= stages
        assert all(programme.shares(lift["uuid"]) for lift in lifts)
        kinds = {m["property_mode"] for m in programme.all_rows("estate_management")}
        assert "professional" in kinds
        assert programme.all_rows("governance_meetings")
        periods = {t["period"] for t in programme.targets()}
        assert {"2025H1", "2025", "2021-2023"} <= periods
        # Seeded: the same demo each time it is built.
        assert (len(funds), len(lifts), len(programme.all_rows("estate_works"))) == (216, 20, 69)


def test_the_demo_asks_residents_after_completion_so_a_half_year_has_a_satisfaction_rate(
    demo_template: Path,
) -> None:
    from retrofit_app.core.programme.review_figures import review_figures

    with Project(demo_template, readonly=True) as demo:
        completed = {
            p["estate_uuid"]: p["completed_on"]
            for p in demo.programme.all_rows("estate_plans")
            if p["completed_on"]
        }
        asked = demo.db.execute(
            "SELECT estate_uuid, min(received_on) FROM opinions WHERE kind = 'satisfaction'"
            " GROUP BY estate_uuid"
        ).fetchall()
        after = {uuid: day for uuid, day in asked if uuid in completed}
        assert set(after) == set(completed)  # every completed estate was asked, after completion
        assert all(after[uuid] > completed[uuid] for uuid in after)
        rate = review_figures(demo, "2025H1").whole.get("satisfaction_rate")
        assert rate is not None and rate.value is not None and len(rate.estates) >= 1
