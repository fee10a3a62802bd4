"""Plan, money, works, elevators and management per estate: checked with clear refusals, every change audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrofit_app.cli import main
from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.project import Project


@pytest.fixture
def project(tmp_path: Path):
    path = tmp_path / "计划.gpkg"
    assert main(["new", str(path)]) == 0
    assert main(["add-estate", str(path), "--name", "童家巷小区", "--district", "玄武区"]) == 0
    with Project(path, user="李会计") as opened:
        yield opened


def estate(project: Project) -> str:
    return project.estates.resolve("XW-0001").uuid


def refusal(error: pytest.ExceptionInfo[RetrofitError]) -> str:
    return error.value.sentence("zh")


def test_a_plan_is_recorded_once_per_estate_and_changed_field_by_field(project) -> None:
    uuid = estate(project)
    project.programme.set_one("estate_plans", uuid, batch="2023年第一批", plan_year=2023,
                              budget_fen=386_500_000, target_start="2023-03-01")  # fmt: skip
    plan = project.programme.set_one("estate_plans", uuid, started_on="2023-04-10")
    assert plan["batch"] == "2023年第一批"
    assert plan["budget_fen"] == 386_500_000
    assert plan["started_on"] == "2023-04-10"
    assert len(project.programme.rows("estate_plans", uuid)) == 1


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"started_on": "2023-13-01"}, "不是日期"),
        ({"started_on": "2023-05-01", "completed_on": "2023-04-30"}, "不能早于"),
        ({"budget_fen": -1}, "不能为负数"),
        ({"plan_year": 23}, "计划年度"),
        ({"households_planned": 12.5}, "计划改造户数"),
    ],
)
def test_a_plan_that_cannot_be_is_refused_in_chinese(project, values, words) -> None:
    with pytest.raises(RetrofitError) as error:
        project.programme.set_one("estate_plans", estate(project), **values)
    assert words in refusal(error)
    assert project.programme.rows("estate_plans", estate(project)) == []


def test_a_completion_before_the_recorded_start_is_refused_on_change(project) -> None:
    uuid = estate(project)
    project.programme.set_one("estate_plans", uuid, started_on="2024-03-01")
    with pytest.raises(RetrofitError) as error:
        project.programme.set_one("estate_plans", uuid, completed_on="2024-02-29")
    assert "实际完工日期（2024-02-29）不能早于实际开工日期（2024-03-01）" in refusal(error)


def test_funds_need_a_known_source_and_money_to_the_fen(project) -> None:
    uuid = estate(project)
    fund = project.programme.add("estate_funds", uuid, source="central", kind="actual",
                                 amount_fen=120_000_000, recorded_on="2023-06-30")  # fmt: skip
    assert fund["amount_fen"] == 120_000_000
    with pytest.raises(RetrofitError) as error:
        project.programme.add("estate_funds", uuid, source="lottery", kind="actual", amount_fen=1)
    assert "资金来源" in refusal(error)
    with pytest.raises(RetrofitError) as error:
        project.programme.add("estate_funds", uuid, source="city", kind="budget")
    assert "金额" in refusal(error)


def test_a_works_quantity_takes_its_unit_and_is_counted_once_per_work(project) -> None:
    uuid = estate(project)
    roofs = project.programme.add("estate_works", uuid, work="roofs", quantity="3200.5")
    assert (roofs["unit"], roofs["quantity"]) == ("m2", 3200.5)
    with pytest.raises(RetrofitError) as error:
        project.programme.add("estate_works", uuid, work="roofs", quantity=10)
    assert "屋面改造" in refusal(error)


def test_an_elevator_has_one_cost_share_per_floor(project) -> None:
    uuid = estate(project)
    lift = project.programme.add("elevators", uuid, consented_on="2023-02-01",
                                 started_on="2023-08-01", cost_fen=58_000_000)  # fmt: skip
    project.programme.set_share(lift["uuid"], 6, 3_500_000)
    third = project.programme.set_share(lift["uuid"], 3, 1_500_000)
    project.programme.set_share(lift["uuid"], 6, 3_600_000)  # the same floor: changed
    assert [(s["floor"], s["share_fen"]) for s in project.programme.shares(lift["uuid"])] == [
        (3, 1_500_000),
        (6, 3_600_000),
    ]
    with pytest.raises(RetrofitError) as error:
        project.programme.move_share(third["uuid"], 6)
    assert "第 6 层已有分摊金额" in refusal(error)
    with pytest.raises(RetrofitError):
        project.programme.set_share(lift["uuid"], 0, 100)
    with pytest.raises(RetrofitError) as error:
        project.programme.change("elevators", lift["uuid"], in_service_on="2023-07-01")
    assert "不能早于" in refusal(error)
    project.programme.remove("elevators", lift["uuid"])
    assert project.programme.shares(lift["uuid"]) == []


def test_an_elevator_in_another_estates_building_is_refused(project, tmp_path) -> None:
    main(["add-estate", str(project.path), "--name", "南湖新村", "--district", "建邺区"])
    other = project.estates.resolve("JY-0001").uuid
    building = project.buildings.create(other, "1幢").uuid
    with pytest.raises(RetrofitError) as error:
        project.programme.add("elevators", estate(project), building_uuid=building)
    assert "楼栋" in refusal(error)


def test_management_and_meetings_are_recorded_with_their_codes(project) -> None:
    uuid = estate(project)
    kept = project.programme.set_one("estate_management", uuid, committee_kind="owners_committee",
                                     committee_formed_on="2024-05-18", committee_members=7,
                                     property_mode="professional", property_company="金陵物业")  # fmt: skip
    assert kept["committee_members"] == 7
    with pytest.raises(RetrofitError):
        project.programme.set_one("estate_management", uuid, property_mode="cheap")
    meeting = project.programme.add("governance_meetings", uuid, held_on="2024-06-02",
                                    subject="停车位划线", decisions="东侧划线 40 个")  # fmt: skip
    assert meeting["held_on"] == "2024-06-02"
    with pytest.raises(RetrofitError):
        project.programme.add("governance_meetings", uuid, subject="没有日期")


def test_a_target_is_one_per_period_measure_and_district(project) -> None:
    project.programme.set_target("2025h1", "estates_started", 12)
    project.programme.set_target("2025H1", "estates_started", 15)
    assert [(t["period"], t["target"]) for t in project.programme.targets()] == [("2025H1", 15.0)]
    with pytest.raises(RetrofitError):
        project.programme.set_target("2025H3", "estates_started", 1)
    project.programme.set_target("2025H1", "estates_started", "")
    assert project.programme.targets() == []


def test_every_change_is_in_the_audit_log_with_its_user(project) -> None:
    uuid = estate(project)
    project.programme.set_one("estate_plans", uuid, budget_fen=100)
    project.programme.set_one("estate_plans", uuid, budget_fen=200)
    fund = project.programme.add("estate_funds", uuid, source="city", kind="budget", amount_fen=5)
    project.programme.remove("estate_funds", fund["uuid"])
    found = [
        tuple(r)
        for r in project.db.execute(
            "SELECT table_name, action, user_name FROM audit_log"
            " WHERE table_name IN ('estate_plans', 'estate_funds') ORDER BY at, rowid"
        ).fetchall()
    ]
    assert found == [("estate_plans", "insert", "李会计"), ("estate_plans", "update", "李会计"),
                     ("estate_funds", "insert", "李会计"), ("estate_funds", "delete", "李会计")]  # fmt: skip
