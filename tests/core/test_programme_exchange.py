"""A field copy carries its estates' plan, money, elevators and management, and brings changes back."""

from __future__ import annotations

from pathlib import Path

from retrofit_app.cli import main
from retrofit_app.core.exchange.export import export_package
from retrofit_app.core.exchange.merge import merge_package
from retrofit_app.core.integrity import check_project
from retrofit_app.core.project import Project

TABLES = ("estate_plans", "estate_funds", "estate_contracts", "estate_works", "elevators",
          "estate_management", "governance_meetings")  # fmt: skip


def fill(project: Project, code: str) -> None:
    estate = project.estates.resolve(code).uuid
    programme = project.programme
    programme.set_one("estate_plans", estate, batch="2024年第一批", budget_fen=100_000_000)
    programme.add("estate_funds", estate, source="city", kind="actual", amount_fen=5_000_000)
    programme.add("estate_contracts", estate, name="施工总承包", price_fen=80_000_000)
    programme.add("estate_works", estate, work="pipes", quantity=1200)
    lift = programme.add("elevators", estate, consented_on="2024-02-01")
    programme.set_share(lift["uuid"], 5, 2_000_000)
    programme.set_one("estate_management", estate, property_mode="self")
    programme.add("governance_meetings", estate, held_on="2024-03-03", subject="加装电梯")


def count(project: Project, table: str) -> int:
    return project.db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]


def test_a_field_copy_holds_its_estates_programme_records_and_no_others(tmp_path: Path) -> None:
    office_path = tmp_path / "办公室.gpkg"
    main(["new", str(office_path)])
    main(["add-estate", str(office_path), "--name", "童家巷小区", "--district", "玄武区"])
    main(["add-estate", str(office_path), "--name", "南湖新村", "--district", "建邺区"])
    with Project(office_path, user="办公室") as office:
        fill(office, "XW-0001")
        fill(office, "JY-0001")
        made = export_package(office, ["XW-0001"], tmp_path / "外业.gpkg")
    with Project(made.path, user="小王") as package:
        assert [count(package, t) for t in TABLES] == [1] * len(TABLES)
        assert count(package, "elevator_cost_shares") == 1
        assert check_project(package) == []
        estate = package.estates.resolve("XW-0001").uuid
        fund = package.programme.rows("estate_funds", estate)[0]
        package.programme.change("estate_funds", fund["uuid"], amount_fen=6_000_000)
        package.programme.add("governance_meetings", estate, held_on="2024-04-04", subject="停车")
    with Project(office_path, user="办公室") as office:
        merge_package(office, made.path)
        estate = office.estates.resolve("XW-0001").uuid
        assert office.programme.rows("estate_funds", estate)[0]["amount_fen"] == 6_000_000
        assert len(office.programme.rows("governance_meetings", estate)) == 2
        other = office.estates.resolve("JY-0001").uuid
        assert office.programme.rows("estate_funds", other)[0]["amount_fen"] == 5_000_000
