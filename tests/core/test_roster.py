"""Roster import: encodings, XLSX, header names, the rejected-row report, re-import, one transaction."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from retrofit_app.core.consultation.roster import read_roster
from retrofit_app.core.consultation.roster_import import import_roster
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.privacy import mask_values
from retrofit_app.core.storage.queries import rows, scalar

HEADER = "楼栋,单元,房号,楼层,建筑面积(㎡),产权人,身份证号,联系电话,产权类型,是否出租,表决意见,征询方式,备注"
ROWS = [
    "1,1,101,1,65.50,王伟,320102198001011234,13812341234,个人,否,同意,当面,",
    "1,1,102,1,70.25,李娜、张明,320102198502025678/320102198603036789,,个人,是,反对,电话,一楼采光",
    "1幢,2单元,201,2,58,南京城建房地产开发有限公司,91320100MA1X00000A,,开发商未售,否,,,",
    "2,1,301,3,80,王伟,320102198001011234,,个人,否,同意,当面,第二套",
]


def write_csv(path: Path, lines: list[str], encoding: str) -> Path:
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


@pytest.fixture
def estate(project):
    return project.estates.create("童家巷小区", "玄武区", code="XW-9001")


def count(project, table: str) -> int:
    return scalar(project.db, f"SELECT count(*) FROM {table}")


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gbk"), ("gb18030", "gbk")],
)
def test_each_encoding_is_detected_and_imported(project, estate, tmp_path, encoding, expected):
    path = write_csv(tmp_path / "名册.csv", [HEADER, *ROWS], encoding)
    plan = read_roster(path)
    assert plan.encoding == expected and not plan.rejected
    summary = import_roster(project, estate.uuid, plan)
    assert (
        summary.households_created == 4
        and summary.buildings_created == 2
        and summary.units_created == 3
    )
    flat = project.households.of_unit(
        project.buildings.units(project.buildings.of_estate(estate.uuid)[0].uuid)[0].uuid
    )
    assert (
        [o.name for o in flat[1].owners] == ["李娜", "张明"]
        and flat[1].area == 70.25
        and flat[1].rented
    )


def test_gb18030_only_characters_survive(project, estate, tmp_path):
    # 䶮 is outside GBK: only GB18030 can encode it (a real given name).
    path = write_csv(
        tmp_path / "名册.csv", [HEADER, "3,1,101,1,60,刘䶮,,,个人,否,同意,上门,"], "gb18030"
    )
    plan = read_roster(path)
    assert plan.encoding == "gb18030"
    import_roster(project, estate.uuid, plan)
    assert scalar(project.db, "SELECT name FROM owners") == "刘䶮"


def test_english_headers_and_tabs(project, estate, tmp_path):
    lines = ["building\tunit\troom\tarea\towner\tvote", "5\t1\t101\t61.5\tWang Wei\tagree"]
    plan = read_roster(write_csv(tmp_path / "roster.txt", lines, "utf-8"))
    assert [(r.building, r.unit, r.room) for r in plan.rows] == [("5幢", "1单元", "101")]


def test_xlsx_with_numbers_as_cells(project, estate, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["幢", "单元", "室号", "楼层", "专有面积", "业主姓名", "意见"])
    sheet.append([1, 1, 101, 1, 65.5, "王伟", "同意"])
    sheet.append([1, 1, 102, 1, "七十", "李娜", "同意"])
    book.save(tmp_path / "名册.xlsx")
    plan = read_roster(tmp_path / "名册.xlsx")
    assert plan.encoding == "xlsx" and plan.rows[0].room == "101"  # not "101.0"
    # An area that is not a number keeps the flat, to settle: it is not dropped from its unit.
    assert plan.rejected == [] and [(r.line, r.problem_codes) for r in plan.kept] == [
        (3, ("area_unknown",))
    ]


def test_rejected_rows_are_reported_with_line_numbers_and_reasons(tmp_path):
    lines = [
        HEADER,
        ROWS[0],
        '1,1,"10\n2",1,60,张三,,,个人,否,同意,当面,',  # a quoted line break: the next record starts on line 5
        "1,1,,1,60,张三,,,个人,否,同意,当面,",
        "1,1,103,1,-5,张三,,,私房,否,支持,飞鸽,",
        ROWS[0],
        "1,1,104,1,60,,,,个人,否,同意,当面,",
    ]
    plan = read_roster(write_csv(tmp_path / "坏.csv", lines, "gbk"))
    found = [(r.line, r.reason) for r in plan.rejected]
    assert found == [
        (5, "missing"),
        (6, "bad_kind"), (6, "bad_vote"), (6, "bad_method"), (6, "bad_area"),
        (7, "duplicate"),
    ]  # fmt: skip
    assert plan.rejected[0].sentence() == "第 5 行：缺少房号"
    assert plan.rejected[5].sentence("en") == "line 7: the same flat as line 2"
    # A refused row that names its unit is kept as a flat to check (none of its values taken); a
    # row without an owner is kept as a flat to settle, its vote nobody's and not recorded.
    assert plan.rejected_lines == [5, 6, 7] and len(plan.rows) == 5
    no_room, refused, kept = plan.kept
    assert (no_room.line, no_room.room, no_room.refused) == (5, "第5行（房号待核实）", True)
    assert refused.room == "103" and refused.problem_codes == (
        "row_refused", "refused.bad_kind", "refused.bad_vote", "refused.bad_method",
        "refused.bad_area",
    ) and refused.household == {} and refused.vote is None  # fmt: skip
    assert kept.line == 8 and kept.problem_codes == ("owner_unknown",) and kept.vote is None


def test_all_or_nothing_imports_nothing_when_a_row_is_rejected(project, estate, tmp_path):
    plan = read_roster(
        write_csv(tmp_path / "r.csv", [HEADER, ROWS[0], "1,1,,1,60,张三,,,,,,,"], "gbk")
    )
    with pytest.raises(RetrofitError) as raised:
        import_roster(project, estate.uuid, plan, all_or_nothing=True)
    assert raised.value.code == ErrorCode.ROSTER_REJECTED and count(project, "households") == 0
    # Otherwise the row without a room is kept as a flat of its unit, to check.
    assert import_roster(project, estate.uuid, plan).imported == 2


def test_reimporting_the_same_file_changes_nothing(project, estate, tmp_path):
    path = write_csv(tmp_path / "r.csv", [HEADER, *ROWS], "gbk")
    import_roster(project, estate.uuid, read_roster(path))
    before = {
        t: count(project, t)
        for t in ("households", "owners", "household_owners", "votes", "audit_log")
    }
    again = import_roster(project, estate.uuid, read_roster(path))
    assert (
        again.households_unchanged == 4
        and again.households_created == 0
        and again.votes_recorded == 0
    )
    assert {t: count(project, t) for t in before} == before


def test_reimport_updates_a_changed_row_and_its_vote(project, estate, tmp_path):
    import_roster(
        project, estate.uuid, read_roster(write_csv(tmp_path / "a.csv", [HEADER, *ROWS], "gbk"))
    )
    changed = ROWS[1].replace("70.25", "71.00").replace("反对", "同意")
    summary = import_roster(
        project, estate.uuid, read_roster(write_csv(tmp_path / "b.csv", [HEADER, changed], "gbk"))
    )
    assert summary.households_updated == 1 and summary.votes_recorded == 1
    assert scalar(project.db, "SELECT area FROM households WHERE room = '102'") == 71.0
    assert (
        scalar(
            project.db,
            "SELECT choice FROM votes v JOIN households h ON h.uuid = v.household_uuid WHERE h.room = '102'",
        )
        == "agree"
    )
    assert count(project, "households") == 4


def test_roster_votes_land_in_the_elevator_consultation_of_their_unit(project, estate, tmp_path):
    import_roster(
        project, estate.uuid, read_roster(write_csv(tmp_path / "r.csv", [HEADER, *ROWS], "gbk"))
    )
    consultations = project.consultations.of_estate(estate.uuid)
    assert [(c.building_name, c.unit_name, c.subject, c.rule_set) for c in consultations] == [
        ("1幢", "1单元", "elevator", "civil-code-278"),
        ("2幢", "1单元", "elevator", "civil-code-278"),
    ]


def test_cancelling_rolls_the_whole_import_back(project, estate, tmp_path):
    lines = [HEADER] + [f"1,1,{1000 + i},1,60,业主{i},,,个人,否,同意,当面," for i in range(450)]
    plan = read_roster(write_csv(tmp_path / "r.csv", lines, "gbk"))
    seen = []
    with pytest.raises(RetrofitError) as raised:
        import_roster(
            project,
            estate.uuid,
            plan,
            progress=lambda d, t: seen.append(d),
            cancelled=lambda: bool(seen),
        )
    assert raised.value.code == ErrorCode.CANCELLED
    assert count(project, "households") == 0 and count(project, "buildings") == 0 and seen == [200]


def test_a_file_without_the_required_columns_is_refused(tmp_path):
    with pytest.raises(RetrofitError) as raised:
        read_roster(write_csv(tmp_path / "r.csv", ["姓名,电话", "王伟,13812341234"], "gbk"))
    assert raised.value.code == ErrorCode.ROSTER_COLUMNS and "单元" in raised.value.sentence()


def test_a_short_gbk_file_is_not_taken_for_korean(tmp_path):
    # charset-normalizer alone ranks cp949 first for these bytes; the header decides.
    data = "楼栋,单元,房号,面积,产权人,意见\n9,1,101,60,王伟,同意\n9,1,102,70,李娜,\n".encode("gbk")
    (tmp_path / "r.csv").write_bytes(data)
    plan = read_roster(tmp_path / "r.csv")
    assert plan.encoding == "gbk" and [r.owners[0].name for r in plan.rows] == ["王伟", "李娜"]


def test_a_short_gbk_file_with_english_headers_keeps_its_chinese_names(tmp_path):
    # charset-normalizer alone takes these bytes for Big5 and garbles the names.
    data = "building,unit,room,area,owner,vote\n9,1,101,60,王伟,同意\n9,1,102,70,李娜,反对\n".encode("gbk")
    (tmp_path / "r.csv").write_bytes(data)
    plan = read_roster(tmp_path / "r.csv")
    assert plan.encoding == "gbk"
    assert [r.owners[0].name for r in plan.rows] == ["王伟", "李娜"]


def test_a_malformed_id_number_is_reported_masked(tmp_path):
    lines = [HEADER, "1,1,101,1,60,王伟,32010219800101123*,,个人,否,同意,当面,"]
    plan = read_roster(write_csv(tmp_path / "r.csv", lines, "gbk"))
    assert [r.reason for r in plan.rejected] == ["bad_id"]
    assert (
        "32010219800101123" not in plan.rejected[0].sentence()
        and "********" in plan.rejected[0].sentence()
    )


def test_an_owner_listed_on_two_rows_is_stored_once(project, estate, tmp_path):
    import_roster(
        project, estate.uuid, read_roster(write_csv(tmp_path / "r.csv", [HEADER, *ROWS], "gbk"))
    )
    # 王伟 (same ID number on two rows), 李娜, 张明 and the developer.
    assert count(project, "owners") == 4 and count(project, "household_owners") == 5
    assert scalar(project.db, "SELECT phone FROM owners WHERE name = '王伟'") == "13812341234"


def test_a_new_phone_number_updates_the_owner_with_an_audit_entry(project, estate, tmp_path):
    import_roster(
        project, estate.uuid, read_roster(write_csv(tmp_path / "a.csv", [HEADER, *ROWS], "gbk"))
    )
    changed = ROWS[0].replace("13812341234", "13900001111")
    import_roster(
        project, estate.uuid, read_roster(write_csv(tmp_path / "b.csv", [HEADER, changed], "gbk"))
    )
    assert scalar(project.db, "SELECT phone FROM owners WHERE name = '王伟'") == "13900001111"
    assert (
        scalar(
            project.db,
            "SELECT count(*) FROM audit_log WHERE table_name = 'owners' AND action = 'update'",
        )
        == 1
    )


# A record's uuid is random (version 4); an audit entry's, made by SQLite in bulk, time-ordered (7).
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
UUID7 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
IMPORTED_TABLES = (
    "buildings", "units", "consultations", "owners", "households", "household_owners", "votes",
)  # fmt: skip


def test_every_row_an_import_writes_has_one_insert_entry_with_who_and_its_values(
    project, estate, tmp_path
):
    import_roster(
        project, estate.uuid, read_roster(write_csv(tmp_path / "r.csv", [HEADER, *ROWS], "gbk"))
    )
    for table in IMPORTED_TABLES:
        stored = {r["uuid"]: r for r in rows(project.db, f"SELECT * FROM {table}")}
        entries = rows(
            project.db,
            "SELECT * FROM audit_log WHERE table_name = ? AND action = 'insert'",
            [table],
        )
        assert stored and sorted(e["record_uuid"] for e in entries) == sorted(stored), table
        for entry in entries:
            new = json.loads(entry["new_values"])
            row = stored[entry["record_uuid"]]
            assert entry["user_name"] == "测试员" and entry["old_values"] is None
            assert UUID7.match(entry["uuid"]) and UUID4.match(row["uuid"])
            # Personal numbers are audited masked (issue 23); the rows keep them whole.
            assert new == mask_values(table, {k: row[k] for k in new})
            assert new["uuid"] == row["uuid"]
            assert not {"fid", "created_at", "updated_at"} & set(new)
    assert len({r["uuid"] for r in rows(project.db, "SELECT uuid FROM audit_log")}) == count(
        project, "audit_log"
    )
    flat = project.households.of_unit(
        project.buildings.units(project.buildings.of_estate(estate.uuid)[0].uuid)[0].uuid
    )[1]
    history = project.audit.history(flat.uuid)
    assert [(e.action, e.user, e.new["room"], e.new["area"]) for e in history] == [
        ("insert", "测试员", "102", 70.25)
    ]


def test_a_roster_name_or_note_past_its_limit_is_a_rejected_row(tmp_path):
    long_owner = "王" * 101
    lines = [HEADER, ROWS[0], f"1,1,102,1,60,{long_owner},,,个人,否,同意,当面,", f"1,1,103,1,60,张三,,,个人,否,同意,当面,{'注' * 2001}"]
    plan = read_roster(write_csv(tmp_path / "长.csv", lines, "gbk"))
    assert [(r.line, r.reason, r.field) for r in plan.rejected] == [(3, "too_long", "owner"), (4, "too_long", "note")]
    assert plan.rejected[0].sentence() == "第 3 行：产权人太长（最多 100 个字）"
    assert plan.rejected[1].sentence("en") == "line 4: note is too long (at most 2000 characters)"
    # Both name their flat: kept to check, without the long texts.
    assert [(r.room, r.refused) for r in plan.rows] == [("101", False), ("102", True), ("103", True)]
    assert [r.problem_codes for r in plan.refused_kept] == [
        ("row_refused", "refused.too_long.owner"), ("row_refused", "refused.too_long.note")
    ] and all(not r.owners and r.household == {} for r in plan.refused_kept)  # fmt: skip
