"""Identity review: owners the roster leaves unclear block the tally until the committee decides."""

from __future__ import annotations

import json
import sqlite3

import pytest

from retrofit_app.cli import main
from retrofit_app.core.consultation.identity import (
    CO_OWNERS_OVERLAP,
    ID_DIFFERENT_NAMES,
    NAME_DIFFERENT_IDS,
    NAME_NO_ID,
    NAME_WITH_WITHOUT_ID,
    OwnedFlat,
    identities,
)
from retrofit_app.core.consultation.roster import read_roster
from retrofit_app.core.consultation.roster_import import import_roster
from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project
from retrofit_app.core.storage import migrations

ID_A = "320105198602091207"
ID_B = "320105199003154418"


def _unit(project, owners_by_room, votes):
    """One unit, each room 60 m² with its owners ((name, id) pairs) and vote."""
    estate = project.estates.create("锁金新村", "玄武区", code="XW-8001")
    building = project.buildings.create(estate.uuid, "3幢")
    unit = project.buildings.add_unit(building.uuid, "1单元")
    consultation = project.consultations.for_scope("unit", unit.uuid)
    for room, owners in owners_by_room.items():
        household = project.households.create(
            unit.uuid, room, area=60, owners=[Owner("", n, i) for n, i in owners]
        )
        project.consultations.record_vote(consultation.uuid, household.uuid, votes[room])
    return estate


def _result(project, estate):
    (scope,) = project.consultations.tally_estate(estate.uuid)
    return scope.result


def _decide_all(project, estate, decision):
    for question in project.consultations.identity.questions(estate.uuid, open_only=True):
        project.consultations.identity.decide(estate.uuid, question.key, decision)


def test_one_owner_with_and_without_id_blocks_then_counts_once_after_same(project):
    # Counted twice, 张三 makes 3 of 4 owners agree (≥ 3/4): passed. Once, 2 of 3: not passed.
    owners = {"101": [("张三", "")], "102": [("张三", ID_A)], "201": [("李四", "")],
              "202": [("王五", "")]}  # fmt: skip
    votes = {"101": "agree", "102": "agree", "201": "object", "202": "agree"}
    estate = _unit(project, owners, votes)
    result = _result(project, estate)
    assert result.passed is None and result.status == "cannot_conclude"
    (blocking,) = result.blocking
    assert blocking.code == "identity_open"
    assert blocking.rooms == ("3幢1单元101", "3幢1单元102")
    assert "张三" in blocking.detail and ID_A not in blocking.detail  # the number shown masked
    (question,) = project.consultations.identity.questions(estate.uuid)
    assert question.kind == NAME_WITH_WITHOUT_ID

    project.consultations.identity.decide(estate.uuid, question.key, "same")
    result = _result(project, estate)
    assert (result.owners_total, result.owners_agree, result.passed) == (3, 2, False)
    assert result.blocking == []


def test_the_tally_after_an_owner_is_corrected_counts_the_correction(project):
    # The tally is run again after every edit and remembers who is who only for the same
    # owners: writing 张三's number on 101 too settles the question and he counts once.
    owners = {"101": [("张三", "")], "102": [("张三", ID_A)], "201": [("李四", "")],
              "202": [("王五", "")]}  # fmt: skip
    votes = {"101": "agree", "102": "agree", "201": "object", "202": "agree"}
    estate = _unit(project, owners, votes)
    assert _result(project, estate).passed is None
    rows = project.consultations.households_with_votes(estate.uuid)
    (flat,) = [h for h in rows if h.room == "101"]
    project.households.update(flat.household_uuid, owners=[Owner("", "张三", ID_A)])
    result = _result(project, estate)
    assert (result.owners_total, result.owners_agree, result.passed) == (3, 2, False)
    assert result.blocking == [] and project.consultations.identity.questions(estate.uuid) == []


def test_two_people_of_one_name_without_id_are_not_folded_into_one(project):
    owners = {"101": [("王伟", "")], "102": [("王伟", "")], "201": [("李四", "")]}
    votes = {"101": "agree", "102": "object", "201": "agree"}
    estate = _unit(project, owners, votes)
    assert _result(project, estate).passed is None
    (question,) = project.consultations.identity.questions(estate.uuid)
    assert question.kind == NAME_NO_ID and question.rooms == ("3幢1单元101", "3幢1单元102")
    project.consultations.identity.decide(estate.uuid, question.key, "different")
    result = _result(project, estate)
    assert result.owners_total == 3 and result.owners_object == 1 and result.blocking == []


def test_one_id_under_two_names_is_asked_and_joined_after_same(project):
    owners = {"101": [("张三", ID_A)], "102": [("张叁", ID_A)], "201": [("李四", "")]}
    estate = _unit(project, owners, {"101": "agree", "102": "agree", "201": "agree"})
    (question,) = project.consultations.identity.questions(estate.uuid)
    assert question.kind == ID_DIFFERENT_NAMES
    assert _result(project, estate).passed is None
    project.consultations.identity.decide(estate.uuid, question.key, "same")
    result = _result(project, estate)
    assert result.owners_total == 2 and result.passed is True


def test_same_name_with_two_ids_is_one_question_and_different_keeps_two_heads(project):
    owners = {"101": [("王伟", ID_A)], "102": [("王伟", ID_B)]}
    estate = _unit(project, owners, {"101": "agree", "102": "object"})
    (question,) = project.consultations.identity.questions(estate.uuid)
    assert question.kind == NAME_DIFFERENT_IDS
    project.consultations.identity.decide(estate.uuid, question.key, "different")
    assert _result(project, estate).owners_total == 2


def test_a_chain_of_co_owners_is_asked_not_folded(project):
    owners = {"101": [("甲某", ID_A), ("乙某", ID_B)], "102": [("乙某", ID_B), ("丙某", "")],
              "201": [("丁某", "")]}  # fmt: skip
    estate = _unit(project, owners, {"101": "agree", "102": "agree", "201": "agree"})
    result = _result(project, estate)
    assert result.owners_total == 3 and result.passed is None  # not folded while open
    (question,) = project.consultations.identity.questions(estate.uuid)
    assert question.kind == CO_OWNERS_OVERLAP
    assert question.names == ("乙某（320105********4418）、甲某（320105********1207）",
                              "丙某、乙某（320105********4418）")  # fmt: skip
    project.consultations.identity.decide(estate.uuid, question.key, "different")
    assert _result(project, estate).owners_total == 3
    project.consultations.identity.decide(estate.uuid, question.key, "same")  # Art. 9: one buyer
    result = _result(project, estate)
    assert result.owners_total == 2 and result.blocking == []


def test_co_owner_sets_compare_as_sets_whatever_the_order_and_separator():
    numbered = [
        OwnedFlat("a", "101", (("张三", ID_A), ("李四", ID_B))),
        OwnedFlat("b", "102", (("李四", ID_B), ("张三", ID_A))),
    ]
    found = identities(numbered)
    assert found.questions == [] and found.owner_keys["a"] == found.owner_keys["b"]
    # One cell, one number: it goes with the cell's first name, as the roster pairs them.
    written = [*numbered, OwnedFlat("c", "201", (("张三、李四", ID_A),))]
    found = identities(written)
    assert {q.kind for q in found.questions} == {NAME_WITH_WITHOUT_ID, CO_OWNERS_OVERLAP}
    decided = identities(written, {q.key: "same" for q in found.questions})
    assert decided.open == [] and len(set(decided.owner_keys.values())) == 1


@pytest.mark.parametrize(
    "cell", ["李四、张三", "李四/张三", "张三 李四", "李四和张三", "张三，李四"]
)
def test_roster_cells_written_any_way_name_the_same_co_owners(project, tmp_path, cell):
    roster = tmp_path / "名册.csv"
    roster.write_bytes(
        f"楼栋,单元,房号,面积,产权人,意见\n3,1,101,60,张三、李四,同意\n3,1,102,60,{cell},同意\n"
        "3,1,201,60,王五,反对\n".encode("gbk")
    )
    estate = project.estates.create("锁金新村", "玄武区", code="XW-8001")
    import_roster(project, estate.uuid, read_roster(roster))
    (question,) = project.consultations.identity.questions(estate.uuid)
    assert question.kind == NAME_NO_ID and question.names == ("张三、李四", "张三、李四")
    project.consultations.identity.decide(estate.uuid, question.key, "same")
    result = _result(project, estate)
    assert result.owners_total == 2 and result.owners_agree == 1


def test_a_name_with_a_space_inside_stays_one_person(project, tmp_path):
    roster = tmp_path / "名册.csv"
    roster.write_text("楼栋,单元,房号,面积,产权人\n3,1,101,60,张　三\n3,1,102,60,李和平\n",
                      encoding="utf-8")  # fmt: skip
    estate = project.estates.create("锁金新村", "玄武区", code="XW-8001")
    import_roster(project, estate.uuid, read_roster(roster))
    households = project.consultations.households_with_votes(estate.uuid)
    assert [[o.name for o in h.owners] for h in households] == [["张三"], ["李和平"]]


def test_a_decision_survives_importing_the_same_roster_again(project, tmp_path):
    roster = tmp_path / "名册.csv"
    roster.write_bytes(
        "楼栋,单元,房号,面积,产权人,证件号,意见\n3,1,101,60,张三,,同意\n"
        f"3,1,102,60,张三,{ID_A},同意\n3,1,201,60,李四,,反对\n".encode("gbk")
    )
    estate = project.estates.create("锁金新村", "玄武区", code="XW-8001")
    import_roster(project, estate.uuid, read_roster(roster))
    _decide_all(project, estate, "same")
    import_roster(project, estate.uuid, read_roster(roster))
    (question,) = project.consultations.identity.questions(estate.uuid)
    assert question.decision == "same"
    assert _result(project, estate).owners_total == 2


def test_a_decision_is_in_the_audit_log_with_who_and_when(project_path):
    with Project.create(project_path, user="周主任") as project:
        estate = _unit(project, {"101": [("王伟", "")], "102": [("王伟", "")]},
                       {"101": "agree", "102": "agree"})  # fmt: skip
        (question,) = project.consultations.identity.questions(estate.uuid)
        project.consultations.identity.decide(estate.uuid, question.key, "same")
        project.consultations.identity.decide(estate.uuid, question.key, "different")
        assert project.consultations.identity.decide(estate.uuid, question.key, None) == "different"
        with project.read():
            entries = project.db.execute(
                """SELECT action, user_name, old_values, new_values FROM audit_log
                   WHERE table_name = 'identity_decisions' ORDER BY fid"""
            ).fetchall()
    assert [(a, u) for a, u, _, _ in entries] == [("insert", "周主任"), ("update", "周主任"),
                                                  ("delete", "周主任")]  # fmt: skip
    inserted = json.loads(entries[0][3])
    assert inserted["decision"] == "same" and inserted["decided_by"] == "周主任"
    assert inserted["decided_at"] and inserted["question_key"] == question.key
    assert json.loads(entries[1][2])["decision"] == "same"


def test_an_unknown_key_or_decision_is_refused(project):
    estate = _unit(project, {"101": [("王伟", "")], "102": [("王伟", "")]},
                   {"101": "agree", "102": "agree"})  # fmt: skip
    (question,) = project.consultations.identity.questions(estate.uuid)
    with pytest.raises(RetrofitError):
        project.consultations.identity.decide(estate.uuid, "0000000000", "same")
    with pytest.raises(RetrofitError):
        project.consultations.identity.decide(estate.uuid, question.key, "maybe")
    assert project.consultations.identity.questions(estate.uuid, open_only=True) == [question]


def test_a_question_in_another_unit_does_not_block_this_one(project):
    estate = project.estates.create("锁金新村", "玄武区", code="XW-8001")
    building = project.buildings.create(estate.uuid, "3幢")
    for name in ("1单元", "2单元"):
        unit = project.buildings.add_unit(building.uuid, name)
        project.households.create(unit.uuid, "101", area=60, owners=[Owner("", "王伟")])
        project.households.create(unit.uuid, "102", area=60, owners=[Owner("", f"李{name}")])
    scopes = project.consultations.tally_estate(estate.uuid, rule="civil-code-278")
    assert [s.result.blocking for s in scopes] == [[], []]
    (building_scope,) = project.consultations.tally_estate(
        estate.uuid, rule="civil-code-278-building"
    )
    assert [b.code for b in building_scope.result.blocking] == ["identity_open"]


def test_an_older_file_gets_the_decisions_table(project_path):
    Project.create(project_path).close()
    with sqlite3.connect(project_path) as conn:
        conn.execute("DROP TABLE identity_decisions")
        conn.execute("UPDATE app_meta SET value = '3' WHERE key = 'schema_version'")
    assert 3 in migrations.MIGRATIONS
    with Project(project_path) as project:
        assert project.migrated_from == 3
        with project.read():
            columns = {r[1] for r in project.db.execute("PRAGMA table_info(identity_decisions)")}
    assert {"question_key", "decision", "decided_by", "decided_at"} <= columns


def _cli(*args: str, capsys) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_lists_the_questions_and_records_a_decision(project_path, capsys):
    with Project.create(project_path) as project:
        _unit(project, {"101": [("张三", "")], "102": [("张三", ID_A)], "201": [("李四", "")]},
              {"101": "agree", "102": "agree", "201": "object"})  # fmt: skip
    status, out, _ = _cli("identity-questions", project_path, "XW-8001", "--json", capsys=capsys)
    (listed,) = json.loads(out)["questions"]
    assert status == 0 and listed["decision"] is None and listed["kind"] == NAME_WITH_WITHOUT_ID
    assert listed["rooms"] == ["3幢1单元101", "3幢1单元102"] and ID_A not in out
    _, out, _ = _cli("tally", project_path, "--estate", "XW-8001", "--json", capsys=capsys)
    assert json.loads(out)["scopes"][0]["passed"] is None

    status, out, _ = _cli("decide-identity", project_path, "XW-8001", listed["key"][:6], "--same",
                          "--user", "周主任", capsys=capsys)  # fmt: skip
    assert status == 0 and "周主任" in out
    _, out, _ = _cli("identity-questions", project_path, "XW-8001", capsys=capsys)
    assert listed["key"] in out
    _, out, _ = _cli("tally", project_path, "--estate", "XW-8001", "--json", capsys=capsys)
    scope = json.loads(out)["scopes"][0]
    assert scope["passed"] is False and scope["blocking"] == []
    with Project(project_path) as project:
        (entry,) = [
            e for e in project.audit.history(_decision_uuid(project)) if e.action == "insert"
        ]
    assert entry.user == "周主任"


def _decision_uuid(project) -> str:
    with project.read():
        return project.db.execute("SELECT uuid FROM identity_decisions").fetchone()[0]


def test_cli_identity_commands_take_the_estate_as_the_other_commands_do(project_path, capsys):
    with Project.create(project_path) as project:
        _unit(project, {"101": [("张三", "")], "102": [("张三", ID_A)]},
              {"101": "agree", "102": "agree"})  # fmt: skip
    status, out, _ = _cli("identity-questions", project_path, "--estate", "XW-8001", "--json",
                          capsys=capsys)  # fmt: skip
    (listed,) = json.loads(out)["questions"]
    assert status == 0
    status, out, _ = _cli("decide-identity", project_path, "--estate", "XW-8001", listed["key"],
                          "--different", "--user", "周主任", capsys=capsys)  # fmt: skip
    assert status == 0 and "不同人" in out
    with pytest.raises(SystemExit) as stopped:  # no estate at all: argparse's usage and a sentence
        main(["identity-questions", str(project_path)])
    assert stopped.value.code == 2 and "--estate" in capsys.readouterr().err


def test_cli_refuses_an_unknown_key_in_one_sentence(project_path, capsys):
    with Project.create(project_path) as project:
        project.estates.create("锁金新村", "玄武区", code="XW-8001")
    status, out, err = _cli("decide-identity", project_path, "XW-8001", "abcdef", "--different",
                            capsys=capsys)  # fmt: skip
    assert status != 0 and out == "" and len(err.strip().splitlines()) == 1


def test_decisions_go_out_in_a_field_copy_and_come_back_in_its_merge(project_path, tmp_path):
    from retrofit_app.core.exchange.export import export_package
    from retrofit_app.core.exchange.merge import merge_package

    with Project.create(project_path) as project:
        estate = _unit(project, {"101": [("王伟", "")], "102": [("王伟", "")], "201": [("张三", "")],
                                 "202": [("张三", ID_A)]},
                       {"101": "agree", "102": "agree", "201": "agree", "202": "agree"})  # fmt: skip
        first, second = project.consultations.identity.questions(estate.uuid)
        project.consultations.identity.decide(estate.uuid, first.key, "different")
        package = tmp_path / "外业.gpkg"
        export_package(project, [estate.code], package)
    with Project(package, user="小王") as copy:
        questions = {q.key: q.decision for q in copy.consultations.identity.questions(estate.uuid)}
        assert questions == {first.key: "different", second.key: None}  # masked numbers, same keys
        copy.consultations.identity.decide(estate.uuid, second.key, "same")
    with Project(project_path, user="办公室") as project:
        merge_package(project, package)
        decided = project.consultations.identity.decided(estate.uuid)
        assert decided[second.key]["decision"] == "same"
        assert decided[second.key]["decided_by"] == "小王"
        assert _result(project, estate).owners_total == 3


def test_a_roster_with_one_id_under_two_names_keeps_both_for_the_committee(project, tmp_path):
    roster = tmp_path / "名册.csv"
    roster.write_bytes(
        "楼栋,单元,房号,面积,产权人,证件号,意见\n"
        f"3,1,101,60,张三,{ID_A},同意\n3,1,102,60,张叁,{ID_A},同意\n".encode("gbk")
    )
    estate = project.estates.create("锁金新村", "玄武区", code="XW-8001")
    import_roster(project, estate.uuid, read_roster(roster))
    (question,) = project.consultations.identity.questions(estate.uuid)
    assert question.kind == ID_DIFFERENT_NAMES
    assert question.names == ("张三（320105********1207）", "张叁（320105********1207）")


def test_a_different_that_other_decisions_contradict_is_open_again():
    # 张三 and 张叁 share number A, 张叁 and 张叁 are joined, 张叁 and 张三 share number B:
    # three "same" decisions join all four entries, so "张三 (A) ≠ 张三 (B)" cannot stand.
    flats = [
        OwnedFlat("a", "101", (("张三", ID_A),)),
        OwnedFlat("b", "102", (("张叁", ID_A),)),
        OwnedFlat("c", "103", (("张叁", ID_B),)),
        OwnedFlat("d", "104", (("张三", ID_B),)),
    ]
    questions = identities(flats).questions
    by_kind = {(q.kind, q.names[0][0:2]): q for q in questions}
    apart = by_kind[(NAME_DIFFERENT_IDS, "张三")]
    decided = {q.key: "same" for q in questions if q is not apart} | {apart.key: "different"}
    found = identities(flats, decided)
    (still,) = found.open
    assert still.key == apart.key and still.decision == "different" and still.contradicted
    assert found.blocking_in(["a", "d"])  # the scope cannot conclude on contradictory answers
