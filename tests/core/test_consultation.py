"""Votes, their audit trail, committee review, tallies of an estate, the CLI and the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrofit_app.cli import main
from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project


@pytest.fixture
def unit(project):
    estate = project.estates.create("锁金新村", "玄武区", code="XW-8001")
    building = project.buildings.create(estate.uuid, "3幢")
    unit = project.buildings.add_unit(building.uuid, "1单元")
    rooms = {}
    for room, owner, floor in (
        ("101", "王伟", 1),
        ("102", "李娜", 1),
        ("201", "张明", 2),
        ("202", "赵强", 2),
    ):
        rooms[room] = project.households.create(
            unit.uuid, room, floor=floor, area=60, owners=[Owner("", owner)]
        )
    return estate, unit, rooms


def test_a_vote_and_its_changes_are_in_the_audit_log_with_who(project, unit):
    _, u, rooms = unit
    c = project.consultations.for_scope("unit", u.uuid)
    project.consultations.record_vote(c.uuid, rooms["101"].uuid, "object", method="in_person", asked_on="2025-03-05",
                                      objection="不同意", reason="影响采光")  # fmt: skip
    vote = project.consultations.record_vote(
        c.uuid, rooms["101"].uuid, "agree", cost_share="一楼不分摊"
    )
    assert vote.choice == "agree" and vote.method == "in_person" and vote.asked_on == "2025-03-05"
    history = project.consultations.vote_history(rooms["101"].uuid)
    assert [(e.action, e.user) for e in history] == [("insert", "测试员"), ("update", "测试员")]
    assert history[1].old["choice"] == "object" and history[1].new["choice"] == "agree"


def test_recording_the_same_vote_again_writes_no_audit_entry(project, unit):
    _, u, rooms = unit
    c = project.consultations.for_scope("unit", u.uuid)
    project.consultations.record_vote(c.uuid, rooms["101"].uuid, "agree", method="phone")
    project.consultations.record_vote(c.uuid, rooms["101"].uuid, "agree", method="phone")
    assert len(project.consultations.vote_history(rooms["101"].uuid)) == 1


def test_an_unknown_choice_or_method_is_refused(project, unit):
    _, u, rooms = unit
    c = project.consultations.for_scope("unit", u.uuid)
    with pytest.raises(RetrofitError):
        project.consultations.record_vote(c.uuid, rooms["101"].uuid, "maybe")
    with pytest.raises(RetrofitError):
        project.consultations.record_vote(c.uuid, rooms["101"].uuid, "agree", method="wechat")
    assert project.consultations.vote_of(rooms["101"].uuid) is None


def test_committee_review_marks_votes_and_a_changed_vote_loses_its_check(project, unit):
    _, u, rooms = unit
    c = project.consultations.for_scope("unit", u.uuid)
    vote = project.consultations.record_vote(c.uuid, rooms["102"].uuid, "object", reason="噪音")
    vote = project.consultations.review_vote(vote.uuid, "disputed", by="居委会 周主任", on="2025-04-01",
                                             note="调解中：井道移至北侧")  # fmt: skip
    assert (vote.review_state, vote.reviewed_by, vote.reviewed_at) == (
        "disputed",
        "居委会 周主任",
        "2025-04-01",
    )
    vote = project.consultations.record_vote(c.uuid, rooms["102"].uuid, "agree")
    assert vote.review_state == ""
    with pytest.raises(RetrofitError):
        project.consultations.review_vote(vote.uuid, "verified", by=" ")


def test_consultation_moves_through_notice_to_no_objection(project, unit):
    _, u, _ = unit
    c = project.consultations.for_scope("unit", u.uuid)
    assert c.status == "collecting"
    project.consultations.start_notice(c.uuid, "2025-04-21", 10)
    # Ten days end on 1 May 2025, a holiday: the last day moves to 6 May (Civil Code Art. 203).
    assert (
        project.consultations.get(c.uuid).status,
        project.consultations.get(c.uuid).notice_days,
    ) == ("notice", 10)
    project.consultations.close_review(
        c.uuid, "no_objection", by="周主任", on="2025-05-07", note="无书面异议"
    )
    done = project.consultations.get(c.uuid)
    assert (done.status, done.reviewed_by, done.reviewed_at) == (
        "no_objection",
        "周主任",
        "2025-05-07",
    )
    assert [e.new.get("status") for e in project.audit.history(c.uuid)][1:] == [
        "notice",
        "no_objection",
    ]


def test_a_rented_flat_votes_through_its_owner_not_its_tenant(project, unit):
    estate, u, rooms = unit
    project.households.update(
        rooms["201"].uuid, rented=True, tenant_name="租户陈某", tenant_opinion="支持加装"
    )
    c = project.consultations.for_scope("unit", u.uuid)
    for room in ("101", "102", "202"):
        project.consultations.record_vote(c.uuid, rooms[room].uuid, "agree")
    result = project.consultations.tally_estate(estate.uuid)[0].result
    # The tenant's support is an opinion only: the owner of 201 has not voted.
    assert result.owners_voted == 3 and result.owners_agree == 3 and result.passed


def test_tally_changes_as_votes_come_in(project, unit):
    estate, u, rooms = unit
    c = project.consultations.for_scope("unit", u.uuid)
    for room in ("101", "102"):
        project.consultations.record_vote(c.uuid, rooms[room].uuid, "agree")
    assert not project.consultations.tally_estate(estate.uuid)[0].result.quorum_met
    project.consultations.record_vote(c.uuid, rooms["201"].uuid, "agree")
    assert project.consultations.tally_estate(estate.uuid)[0].result.passed


def test_tally_with_a_building_rule_counts_the_whole_building(project, unit):
    estate, u, rooms = unit
    other = project.buildings.add_unit(u.building_uuid, "2单元")
    project.households.create(other.uuid, "101", area=60, owners=[Owner("", "孙丽")])
    scopes = project.consultations.tally_estate(estate.uuid, rule="civil-code-278-building")
    assert [(s.building, s.unit, s.result.owners_total) for s in scopes] == [("3幢", "", 5)]
    units = project.consultations.tally_estate(estate.uuid, rule="three-quarters")
    assert [(s.unit, s.result.owners_total) for s in units] == [("1单元", 4), ("2单元", 1)]


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def create_project_with_estate(project_path: Path, capsys) -> None:
    """A fresh project file holding one estate, 瞻园小区 (QH-7001), made through the CLI."""
    Project.create(project_path).close()
    run_cli(
        capsys, "add-estate", project_path, "--name", "瞻园小区", "--district", "秦淮区",
        "--code", "QH-7001",
    )  # fmt: skip


def test_cli_import_reports_rejected_lines_and_exits_non_zero(project_path, capsys, tmp_path):
    create_project_with_estate(project_path, capsys)
    roster = tmp_path / "名册.csv"
    roster.write_bytes(
        "楼栋,单元,房号,面积,产权人,意见\n1,1,101,60,王伟,同意\n1,1,102,60,李娜,支持\n".encode(
            "gbk"
        )
    )
    code, out, err = run_cli(
        capsys, "import-households", project_path, "--estate", "瞻园小区", roster
    )
    # The refused row names its flat: kept to check (its vote not taken), not dropped.
    assert code == 1 and "已导入 2 户" in out and "待核实户中有 1 户来自不合格的行" in out
    assert "第 3 行：意见“支持”无法识别" in err and "未导入" not in err
    code, out, err = run_cli(
        capsys, "import-households", project_path, "--estate", "QH-7001", roster, "--all-or-nothing"
    )
    assert code == 1 and "未导入任何行" in err


def test_cli_tally_json_has_the_documented_keys_and_two_place_areas(demo_path, capsys):
    code, out, _ = run_cli(capsys, "tally", demo_path, "--estate", "颐和新村", "--json")
    assert code == 0
    scopes = json.loads(out)["scopes"]
    keys = {"building", "unit", "owners_total", "area_total", "owners_voted", "area_voted", "owners_agree",
            "area_agree", "owners_object", "quorum_met", "passed", "missing"}  # fmt: skip
    assert scopes and all(keys <= set(s) for s in scopes)
    assert all(
        s["area_total"].count(".") == 1 and len(s["area_total"].split(".")[1]) == 2 for s in scopes
    )
    failing = [s for s in scopes if not s["passed"]]
    assert failing and all(s["why"] for s in failing)


def test_cli_tally_refuses_an_unknown_rule(demo_path, capsys):
    code, _, err = run_cli(
        capsys, "tally", demo_path, "--estate", "颐和新村", "--rule", "majority-of-one"
    )
    assert code == 1 and "civil-code-278" in err


def test_demo_has_passing_failing_and_exactly_on_threshold_scopes(demo_path):
    from fractions import Fraction

    with Project(demo_path, readonly=True) as project:
        estates = project.estates.list()
        results = [s.result for e in estates for s in project.consultations.tally_estate(e.uuid)]
    assert any(r.passed for r in results) and any(not r.passed for r in results)
    assert any(
        r.passed
        and r.fraction("approval_area") == Fraction(3, 4)
        and r.fraction("approval_heads") == Fraction(3, 4)
        for r in results
    )
    assert any(r.passed and r.fraction("participation_heads") == Fraction(2, 3) for r in results)


def test_demo_votes_are_the_same_every_time(tmp_path: Path):
    from retrofit_app.core.demo import build_demo

    def votes(path: Path) -> list:
        build_demo(path)
        with Project(path, readonly=True) as project:
            return project.db.execute(
                "SELECT h.room, v.choice, v.method, v.asked_on FROM votes v JOIN households h ON h.uuid = v.household_uuid ORDER BY v.fid"
            ).fetchall()

    assert votes(tmp_path / "a.gpkg") == votes(tmp_path / "b.gpkg")


def test_cli_tally_text_names_the_scopes_and_says_what_is_missing(demo_path, capsys):
    code, out, _ = run_cli(capsys, "tally", demo_path, "--estate", "颐和新村")
    assert code == 0 and out.startswith("GL-0001 颐和新村")
    assert "1幢" in out and "civil-code-278" in out and ("通过" in out or "未通过" in out)
    assert "个表决范围" in out


def test_cli_import_json_reports_counts_and_rejections(project_path, capsys, tmp_path):
    create_project_with_estate(project_path, capsys)
    roster = tmp_path / "名册.csv"
    roster.write_bytes(
        "楼栋,单元,房号,面积,产权人\n1,1,101,60,王伟\n1,1,101,60,王伟\n".encode("utf-8-sig")
    )
    code, out, _ = run_cli(
        capsys, "import-households", project_path, "--estate", "QH-7001", roster, "--json"
    )
    document = json.loads(out)
    assert code == 1 and document["encoding"] == "utf-8-sig" and document["households_created"] == 1
    assert document["rejected"] == [
        {"line": 3, "reason": "duplicate", "kept": False, "text": "第 3 行：与第 2 行是同一户"}
    ]


def test_cli_rules_lists_every_rule_set_with_its_citation(capsys):
    code, out, _ = run_cli(capsys, "rules", "--json")
    rules = {r["name"]: r for r in json.loads(out)}
    assert (
        code == 0
        and rules["civil-code-278"]["default"]
        and "第二百七十八条" in rules["civil-code-278"]["citation"]
    )
    assert {"two-thirds-no-objection", "three-quarters", "unanimous", "other-matters"} <= set(rules)


def test_retrofit_plan_votes_from_a_roster_are_tallied_over_the_whole_estate(project, tmp_path):
    from retrofit_app.core.consultation.roster import read_roster
    from retrofit_app.core.consultation.roster_import import import_roster

    estate = project.estates.create("南湖新村", "建邺区", code="JY-5001")
    roster = tmp_path / "方案.csv"
    lines = ["楼栋,单元,房号,面积,产权人,意见"] + [
        f"{b},{u},{r},60,业主{b}{u}{r},{'同意' if (b + u + r) % 5 else '反对'}"
        for b in (1, 2) for u in (1, 2) for r in (101, 102, 201)
    ]  # fmt: skip
    roster.write_bytes("\n".join(lines).encode("gbk"))
    import_roster(project, estate.uuid, read_roster(roster), subject="retrofit_plan")
    [plan] = project.consultations.of_estate(estate.uuid, "retrofit_plan")
    assert (plan.scope_kind, plan.rule_set) == ("estate", "civil-code-278-estate")
    assert project.consultations.of_estate(estate.uuid, "elevator") == []
    [scope] = project.consultations.tally_estate(estate.uuid, subject="retrofit_plan")
    assert (
        scope.scope_kind == "estate"
        and scope.result.owners_total == 12
        and scope.result.owners_voted == 12
    )
    by_rule = project.consultations.tally_estate(
        estate.uuid, rule="civil-code-278-estate", subject="retrofit_plan"
    )
    assert [(s.scope_uuid, s.result.owners_agree) for s in by_rule] == [
        (estate.uuid, scope.result.owners_agree)
    ]
