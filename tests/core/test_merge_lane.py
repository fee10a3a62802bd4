"""A field copy stays in its lane: edited with plain sqlite3 (as an attacker would), it is refused
with a sentence naming what it touched, and the office stays as it was; honest copies still merge;
delete against edit is a conflict a person decides."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest
from exchange_support import export_first_estate, fingerprint, first_unit, households_of

from retrofit_app.cli import main
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.exchange import merge
from retrofit_app.core.exchange.conflicts import (
    FIELD_DELETED,
    OFFICE_DELETED,
    list_conflicts,
    resolve_conflict,
)
from retrofit_app.core.exchange.merge import merge_package
from retrofit_app.core.integrity import check_project
from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project
from retrofit_app.core.project_backups import list_backups


def _office_row(office: Path, sql: str, params: tuple = ()) -> sqlite3.Row:
    conn = sqlite3.connect(f"file:{office}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchone()
    finally:
        conn.close()


def _tamper(package: Path, *statements: tuple[str, tuple] | str) -> None:
    """Edit the package with plain sqlite3, foreign keys off, as someone bypassing the app would."""
    conn = sqlite3.connect(package, isolation_level=None)
    try:
        pragmas = [s for s in statements if isinstance(s, str) and s.startswith("PRAGMA")]
        for pragma in pragmas:  # before the transaction: foreign_keys is ignored inside one
            conn.execute(pragma)
        conn.execute("BEGIN")
        for statement in statements:
            sql, params = statement if isinstance(statement, tuple) else (statement, ())
            if sql not in pragmas:
                conn.execute(sql, params)
        conn.execute("COMMIT")
    finally:
        conn.close()


@pytest.fixture
def handed_out(demo_path: Path, tmp_path: Path) -> dict:
    """The office handed out its first estate; `other` is an estate it did not hand out."""
    code, made = export_first_estate(demo_path, tmp_path)
    given = _office_row(demo_path, "SELECT * FROM estates WHERE code = ?", (code,))
    other = _office_row(
        demo_path,
        """SELECT * FROM estates WHERE code != ? AND uuid IN (SELECT estate_uuid FROM consultations)
           ORDER BY fid LIMIT 1""",
        (code,),
    )
    return {"office": demo_path, "package": made.path, "given": given, "other": other}


def _refused(office: Path, package: Path, code: ErrorCode) -> tuple[str, str]:
    """Merge `package`: it must be refused with `code` and leave the office as it was.

    Returns the sentence in Chinese and in English.
    """
    before = fingerprint(office)
    with Project(office, user="办公室") as project, pytest.raises(RetrofitError) as raised:
        merge_package(project, package)
    assert raised.value.code == code, raised.value.sentence()
    assert fingerprint(office) == before
    assert list_backups(office) == []  # refused before anything was written, not even a backup
    assert not list(office.parent.glob(".merge-*"))
    with Project(office, readonly=True) as project:
        assert project.conn.execute("SELECT count(*) FROM merge_conflicts").fetchone()[0] == 0
    zh, en = raised.value.sentence("zh"), raised.value.sentence("en")
    assert "未做任何改动" in zh and "left unchanged" in en
    return zh, en


# ---------------------------------------------------------------- records it was not given
def test_buildings_moved_into_an_estate_not_handed_out_are_refused(handed_out: dict) -> None:
    other = handed_out["other"]
    _tamper(
        handed_out["package"],
        ("UPDATE buildings SET estate_uuid = ?", (other["uuid"],)),
    )
    zh, en = _refused(handed_out["office"], handed_out["package"], ErrorCode.PACKAGE_OUT_OF_LANE)
    assert "楼栋" in zh and f"小区“{other['name']}”（{other['code']}）" in zh
    assert "outside the field copy" in en and other["code"] in en


def test_a_household_moved_into_another_estates_unit_is_refused(handed_out: dict) -> None:
    office, other = handed_out["office"], handed_out["other"]
    unit = _office_row(
        office,
        "SELECT u.uuid, u.name FROM units u JOIN buildings b ON b.uuid = u.building_uuid"
        " WHERE b.estate_uuid = ? LIMIT 1",
        (other["uuid"],),
    )
    _tamper(
        handed_out["package"],
        (
            "UPDATE households SET unit_uuid = ? WHERE fid = (SELECT min(fid) FROM households)",
            (unit["uuid"],),
        ),
    )
    zh, _ = _refused(office, handed_out["package"], ErrorCode.PACKAGE_OUT_OF_LANE)
    assert "住户" in zh and f"单元“{unit['name']}”" in zh and other["name"] in zh


def test_a_photo_pinned_to_another_estates_building_is_refused(handed_out: dict) -> None:
    """A reference the schema does not declare (photos.building_uuid) is checked all the same."""
    office, other = handed_out["office"], handed_out["other"]
    building = _office_row(
        office, "SELECT uuid, name FROM buildings WHERE estate_uuid = ? LIMIT 1", (other["uuid"],)
    )
    _tamper(
        handed_out["package"],
        (
            "UPDATE photos SET building_uuid = ? WHERE fid = (SELECT min(fid) FROM photos)",
            (building["uuid"],),
        ),
    )
    zh, _ = _refused(office, handed_out["package"], ErrorCode.PACKAGE_OUT_OF_LANE)
    assert (
        "照片" in zh and f"楼栋“{building['name']}”（小区“{other['name']}” {other['code']}）" in zh
    )


def test_a_copy_of_another_estates_photo_is_refused_not_folded_into_it(handed_out: dict) -> None:
    """Same bytes (sha256, a unique key) as a photo of another estate: the merge would fold the
    two and offer the copy's estate as a conflict on the other estate's photo."""
    office, given = handed_out["office"], handed_out["given"]
    photo = _office_row(
        office,
        "SELECT p.*, e.name AS estate_name FROM photos p JOIN estates e ON e.uuid = p.estate_uuid"
        " WHERE p.estate_uuid != ? LIMIT 1",
        (given["uuid"],),
    )
    _tamper(
        handed_out["package"],
        (
            "INSERT INTO photos (uuid, sha256, estate_uuid, byte_size, imported_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                str(uuid.uuid4()),
                photo["sha256"],
                given["uuid"],
                photo["byte_size"],
                photo["imported_at"],
            ),
        ),
    )
    zh, _ = _refused(office, handed_out["package"], ErrorCode.PACKAGE_OUT_OF_LANE)
    assert "照片" in zh and "同一条记录" in zh and photo["estate_name"] in zh


def test_an_owner_who_also_owns_a_home_elsewhere_cannot_be_deleted_by_the_copy(
    handed_out: dict,
) -> None:
    office, package, other = handed_out["office"], handed_out["package"], handed_out["other"]
    code = handed_out["given"]["code"]
    with Project(office, user="办公室") as project:
        owner = next(o for h in households_of(project, code) for o in h.owners if o.id_number)
        elsewhere = households_of(project, other["code"])[0]
        project.households.update(elsewhere.uuid, owners=[*elsewhere.owners, owner])
    _tamper(
        package,
        ("DELETE FROM household_owners WHERE owner_uuid = ?", (owner.uuid,)),
        ("DELETE FROM owners WHERE uuid = ?", (owner.uuid,)),
    )
    zh, _ = _refused(office, package, ErrorCode.PACKAGE_OUT_OF_LANE)
    assert f"业主 {owner.uuid[:8]}也属于副本之外的记录" in zh


def _foreign_consultation(office: Path, other: sqlite3.Row) -> sqlite3.Row:
    return _office_row(
        office, "SELECT * FROM consultations WHERE estate_uuid = ? LIMIT 1", (other["uuid"],)
    )


def _twenty_votes(package: Path, consultation_uuid: str) -> list[tuple[str, tuple]]:
    conn = sqlite3.connect(package)
    try:
        households = [r[0] for r in conn.execute("SELECT uuid FROM households LIMIT 20")]
    finally:
        conn.close()
    return [
        (
            "INSERT INTO votes (uuid, consultation_uuid, household_uuid, choice, created_at, updated_at)"
            " VALUES (?, ?, ?, 'agree', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            (str(uuid.uuid4()), consultation_uuid, household),
        )
        for household in households
    ]


def test_votes_added_to_a_consultation_of_an_estate_not_handed_out_are_refused(
    handed_out: dict,
) -> None:
    office, package = handed_out["office"], handed_out["package"]
    consultation = _foreign_consultation(office, handed_out["other"])
    _tamper(package, *_twenty_votes(package, consultation["uuid"]))
    zh, en = _refused(office, package, ErrorCode.PACKAGE_OUT_OF_LANE)
    assert "表决" in zh and "意见征询" in zh and handed_out["other"]["name"] in zh
    assert "另有 17 处" in zh and "and 17 more" in en  # 20 votes: three named, the rest counted


def test_another_estates_consultation_smuggled_into_the_copy_is_refused(handed_out: dict) -> None:
    """The votes' consultation is copied in too, so they point inside the copy: the copy's
    'new' consultation is the office's, which it was not given."""
    office, package = handed_out["office"], handed_out["package"]
    consultation = _foreign_consultation(office, handed_out["other"])
    given = handed_out["given"]["uuid"]
    _tamper(
        package,
        (
            "INSERT INTO consultations (uuid, estate_uuid, scope_kind, scope_uuid, rule_set, status,"
            " created_at, updated_at) VALUES (?, ?, 'estate', ?, ?, 'collecting', ?, ?)",
            (
                consultation["uuid"],
                given,
                given,
                consultation["rule_set"],
                consultation["created_at"],
                consultation["updated_at"],
            ),
        ),
        *_twenty_votes(package, consultation["uuid"]),
    )
    zh, _ = _refused(office, package, ErrorCode.PACKAGE_OUT_OF_LANE)
    assert "同一条记录" in zh and handed_out["other"]["name"] in zh


def test_a_row_carrying_an_estate_not_handed_out_is_refused_not_offered_as_a_conflict(
    handed_out: dict,
) -> None:
    """Before: the row became a conflict whose `--keep field` overwrote the other estate."""
    other = handed_out["other"]
    _tamper(
        handed_out["package"],
        (
            "INSERT INTO estates (uuid, code, name, note, created_at, updated_at)"
            " VALUES (?, 'ZZ-9999', '被改名的小区', '外业写的', ?, ?)",
            (other["uuid"], other["created_at"], other["updated_at"]),
        ),
    )
    zh, en = _refused(handed_out["office"], handed_out["package"], ErrorCode.PACKAGE_OUT_OF_LANE)
    assert f"小区“{other['name']}”（{other['code']}）" in zh and "which it was not given" in en


@pytest.mark.parametrize(
    ("table", "column", "label"),
    [
        ("districts", "name", "区"),
        ("streets", "name", "街道"),
        ("checklist_templates", "name", "检查表模板"),
    ],
)
def test_a_shared_list_renamed_for_every_estate_is_refused(
    handed_out: dict, table: str, column: str, label: str
) -> None:
    package = handed_out["package"]
    conn = sqlite3.connect(package)
    (name,) = conn.execute(f"SELECT {column} FROM {table} ORDER BY fid LIMIT 1").fetchone()
    conn.close()
    _tamper(
        package,
        f"UPDATE {table} SET {column} = '外业改的名字' WHERE fid = (SELECT min(fid) FROM {table})",
    )
    zh, en = _refused(handed_out["office"], package, ErrorCode.PACKAGE_OUT_OF_LANE)
    assert f"{label}“{name}”是各小区共用的记录" in zh and "shared by every estate" in en


def test_a_shared_row_deleted_is_refused(handed_out: dict) -> None:
    _tamper(handed_out["package"], "DELETE FROM checklist_templates")
    zh, _ = _refused(handed_out["office"], handed_out["package"], ErrorCode.PACKAGE_OUT_OF_LANE)
    assert "检查表模板" in zh and "不能删除" in zh


# ---------------------------------------------------------------- the audit trail only grows
def test_an_audit_log_emptied_and_forged_is_refused(handed_out: dict) -> None:
    package = handed_out["package"]
    conn = sqlite3.connect(package)
    (entries,) = conn.execute("SELECT count(*) FROM audit_log").fetchone()
    conn.close()
    _tamper(
        package,
        "DELETE FROM audit_log",
        (
            "INSERT INTO audit_log (uuid, at, user_name, action, table_name, record_uuid)"
            " VALUES (?, '2020-01-01T00:00:00Z', '局长', 'insert', 'estates', ?)",
            (str(uuid.uuid4()), handed_out["given"]["uuid"]),
        ),
    )
    zh, en = _refused(handed_out["office"], package, ErrorCode.PACKAGE_OUT_OF_LANE)
    assert f"删除了 {entries} 条审计日志记录" in zh and "can only grow" in en


def test_an_audit_entry_rewritten_is_refused(handed_out: dict) -> None:
    _tamper(
        handed_out["package"],
        "UPDATE audit_log SET user_name = '别人' WHERE fid = (SELECT min(fid) FROM audit_log)",
    )
    zh, _ = _refused(handed_out["office"], handed_out["package"], ErrorCode.PACKAGE_OUT_OF_LANE)
    assert "改动了 1 条审计日志记录" in zh


def test_an_audit_entry_about_an_estate_not_handed_out_is_refused(handed_out: dict) -> None:
    other = handed_out["other"]
    _tamper(
        handed_out["package"],
        (
            "INSERT INTO audit_log (uuid, at, user_name, action, table_name, record_uuid)"
            " VALUES (?, '2020-01-01T00:00:00Z', '办公室', 'delete', 'estates', ?)",
            (str(uuid.uuid4()), other["uuid"]),
        ),
    )
    zh, _ = _refused(handed_out["office"], handed_out["package"], ErrorCode.PACKAGE_OUT_OF_LANE)
    assert "审计日志" in zh and other["name"] in zh


# ---------------------------------------------------------------- the schema it left with
def test_a_trigger_in_the_package_never_runs_and_is_refused(handed_out: dict) -> None:
    office, package = handed_out["office"], handed_out["package"]
    _tamper(
        package,
        """CREATE TRIGGER evil AFTER UPDATE ON estates BEGIN
             UPDATE households SET note = 'TRIGGER RAN';
           END""",
        "CREATE TRIGGER evil_owner AFTER UPDATE ON owners BEGIN UPDATE households SET note = 'TRIGGER RAN'; END",
        ("UPDATE estates SET note = '外业改的' WHERE uuid = ?", (handed_out["given"]["uuid"],)),
        "UPDATE households SET note = ''",  # what the trigger wrote in the copy itself is undone
    )
    zh, en = _refused(office, package, ErrorCode.PACKAGE_SCHEMA_CHANGED)
    assert (
        "多出触发器 evil（表 estates）" in zh and "an extra trigger evil (on table estates)" in en
    )
    with Project(office, readonly=True) as project:
        ran = project.conn.execute("SELECT count(*) FROM households WHERE note = 'TRIGGER RAN'")
        assert ran.fetchone()[0] == 0


@pytest.mark.parametrize(
    ("statements", "named"),
    [
        (["CREATE VIEW sneaky AS SELECT * FROM owners"], "多出视图 sneaky"),
        (["CREATE TABLE extra (fid INTEGER PRIMARY KEY, uuid TEXT)"], "多出表 extra"),
        (["ALTER TABLE households ADD COLUMN secret TEXT"], "表 households 多出列 secret"),
        (["DROP INDEX buildings_estate"], "缺少索引 buildings_estate（表 buildings）"),
        (
            [
                "PRAGMA legacy_alter_table = ON",  # the views naming districts are not re-checked
                "CREATE TABLE d2 (fid INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE, name BLOB NOT NULL)",
                "INSERT INTO d2 SELECT * FROM districts",
                "DROP TABLE districts",
                "ALTER TABLE d2 RENAME TO districts",
            ],
            "表 districts 的列 name 类型由 TEXT 改为 BLOB",
        ),
    ],
    ids=["view", "table", "column", "index", "column-type"],
)
def test_a_schema_changed_in_the_package_is_refused(
    handed_out: dict, statements: list[str], named: str
) -> None:
    _tamper(handed_out["package"], *statements)
    zh, _ = _refused(handed_out["office"], handed_out["package"], ErrorCode.PACKAGE_SCHEMA_CHANGED)
    assert named in zh


# ---------------------------------------------------------------- honest work still merges
def test_an_honest_copy_still_merges(handed_out: dict, tmp_path: Path) -> None:
    office, package, code = handed_out["office"], handed_out["package"], handed_out["given"]["code"]
    with Project(package, user="小王") as field:
        unit = first_unit(field, code)
        household = field.households.create(unit, "加建-7", owners=[Owner("", "钱七", "", "")])
        edited, trashed = households_of(field, code)[:2]
        field.households.update(edited.uuid, note="外业核实")
        field.households.delete(trashed.uuid)
        consultation = field.consultations.for_scope("unit", unit)
        field.consultations.record_vote(consultation.uuid, household.uuid, "agree")
        field.estates.create("外业新建小区", "江北新区", street="泰山街道")
    with Project(office, user="办公室") as project:
        result = merge_package(project, package)
        assert project.households.get(household.uuid).room == "加建-7"
        assert project.households.get(edited.uuid).note == "外业核实"
        assert project.households.get(trashed.uuid).deleted_at is not None
        assert any(e.name == "外业新建小区" for e in project.estates.list())
        assert check_project(project) == []
    assert result.conflicts == [] and result.counts["votes"]["inserted"] == 1


# ---------------------------------------------------------------- delete against edit
def _deleted_in_the_field_edited_in_the_office(handed_out: dict) -> str:
    """The field moves a household to the bin; the office adds a note to it after the export."""
    code = handed_out["given"]["code"]
    with Project(handed_out["package"], user="小王") as field:
        household = households_of(field, code)[0].uuid
        field.households.delete(household)
    with Project(handed_out["office"], user="办公室") as project:
        project.households.update(household, note="办公室：导出后补记")
    return household


def test_the_field_deleting_what_the_office_edited_is_a_conflict_not_a_silent_delete(
    handed_out: dict,
) -> None:
    office, package = handed_out["office"], handed_out["package"]
    household = _deleted_in_the_field_edited_in_the_office(handed_out)
    with Project(office, user="办公室") as project:
        result = merge_package(project, package)
        kept = project.households.get(household)
        assert kept.deleted_at is None and kept.note == "办公室：导出后补记"
        (conflict,) = list_conflicts(project, open_only=True)
        assert conflict.kind == FIELD_DELETED and conflict.record_uuid == household
        resolve_conflict(project, conflict.uuid, "field")
        assert project.households.get(household).deleted_at is not None
    assert [(c.table, c.field) for c in result.conflicts] == [("households", "deleted_at")]


def test_the_office_deleting_what_the_field_edited_is_a_conflict(handed_out: dict) -> None:
    office, package, code = handed_out["office"], handed_out["package"], handed_out["given"]["code"]
    with Project(package, user="小王") as field:
        household = households_of(field, code)[0]
        field.households.update(household.uuid, note="外业：住户还在")
    with Project(office, user="办公室") as project:
        project.households.delete(household.uuid)
        merge_package(project, package)
        merged = project.households.get(household.uuid)
        assert merged.deleted_at is not None and merged.note == "外业：住户还在"
        (conflict,) = list_conflicts(project, open_only=True)
        assert conflict.kind == OFFICE_DELETED
        resolve_conflict(project, conflict.uuid, "field")
        assert project.households.get(household.uuid).deleted_at is None


def test_a_record_deleted_for_good_in_the_field_but_edited_in_the_office_is_kept_and_shown(
    handed_out: dict, capsys: pytest.CaptureFixture
) -> None:
    office, package = handed_out["office"], handed_out["package"]
    conn = sqlite3.connect(package)
    vote_uuid, consultation, household, choice = conn.execute(
        "SELECT uuid, consultation_uuid, household_uuid, choice FROM votes LIMIT 1"
    ).fetchone()
    conn.close()
    with Project(package, user="小王") as field:
        field.consultations.delete_vote(vote_uuid)
    other_choice = "object" if choice != "object" else "agree"
    with Project(office, user="办公室") as project:
        project.consultations.record_vote(consultation, household, other_choice)

    assert main(["merge-package", str(office), str(package), "--json"]) == 0
    merged = json.loads(capsys.readouterr().out)
    (shown,) = merged["conflicts"]
    assert (shown["kind"], shown["table"], shown["record_uuid"]) == (
        FIELD_DELETED,
        "votes",
        vote_uuid,
    )
    assert json.loads(shown["office_value"])["choice"] == other_choice  # what a person would lose
    with Project(office, user="办公室") as project:
        assert project.consultations.vote(vote_uuid).choice == other_choice  # kept
        (conflict,) = list_conflicts(project, open_only=True)
        resolve_conflict(project, conflict.uuid, "field")
        with pytest.raises(RetrofitError):
            project.consultations.vote(vote_uuid)


def test_a_building_deleted_for_good_in_the_field_keeps_what_the_office_added_under_it(
    handed_out: dict,
) -> None:
    office, package = handed_out["office"], handed_out["package"]
    conn = sqlite3.connect(package)
    (building,) = conn.execute("SELECT uuid FROM buildings ORDER BY fid LIMIT 1").fetchone()
    conn.close()
    # Plain sqlite3 with foreign keys on: the building's units and households go with it
    # (the guard triggers dropped first, as in a copy made before them, issue 25).
    _tamper(
        package,
        "PRAGMA foreign_keys = ON",
        *(
            f"DROP TRIGGER IF EXISTS {t}_deleted_in_the_program"
            for t in ("buildings", "units", "households")
        ),
        ("DELETE FROM buildings WHERE uuid = ?", (building,)),
    )
    with Project(office, user="办公室") as project:
        added = project.buildings.add_unit(building, "办公室新加的单元")
        result = merge_package(project, package)
        assert project.buildings.get(building) and project.buildings.get_unit(added.uuid)
        units = project.conn.execute(
            "SELECT count(*) FROM units WHERE building_uuid = ?", [building]
        ).fetchone()[0]
        assert units == 1  # the field's deletes of the units it was given came through
    (conflict,) = [c for c in result.conflicts if c.table == "buildings"]
    assert (conflict.record_uuid, conflict.field_value) == (building, None)
    assert json.loads(conflict.office_value) == {"+units": 1}


def test_the_command_line_says_each_delete_against_edit(
    handed_out: dict, capsys: pytest.CaptureFixture
) -> None:
    office, package = handed_out["office"], handed_out["package"]
    household = _deleted_in_the_field_edited_in_the_office(handed_out)
    assert main(["merge-package", str(office), str(package)]) == 0
    out = capsys.readouterr().out
    assert f"外业删除了住户 {household[:8]}，但办公室在导出后改过它" in out


# ---------------------------------------------------------------- the office writing meanwhile
def test_the_office_writing_during_a_merge_does_not_clash_on_audit_keys(
    handed_out: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: "UNIQUE constraint failed: audit_log.fid" when the office wrote during the merge."""
    office, package, code = handed_out["office"], handed_out["package"], handed_out["given"]["code"]
    with Project(package, user="小王") as field:
        household = households_of(field, code)[0]
        field.households.update(household.uuid, note="外业核实")
    other = handed_out["other"]["uuid"]
    real_backup = merge.make_backup

    def office_writes_first(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        # Another window of the office writes after the merge prepared, before it applies.
        with Project(office, user="另一个窗口") as window:
            for n in range(5):
                window.estates.update(other, note=f"办公室同时写的 {n}")
        return real_backup(*args, **kwargs)

    monkeypatch.setattr(merge, "make_backup", office_writes_first)
    with Project(office, user="办公室") as project:
        merge_package(project, package)
        assert project.households.get(household.uuid).note == "外业核实"
        assert project.estates.get(other).note == "办公室同时写的 4"
        users = {
            r[0]
            for r in project.conn.execute(
                "SELECT user_name FROM audit_log WHERE record_uuid IN (?, ?)",
                [household.uuid, other],
            )
        }
        assert {"小王", "另一个窗口"} <= users
        assert check_project(project) == []


def test_the_office_changing_the_same_record_during_a_merge_is_a_sentence_and_a_retry(
    handed_out: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    office, package, code = handed_out["office"], handed_out["package"], handed_out["given"]["code"]
    with Project(package, user="小王") as field:
        household = households_of(field, code)[0]
        field.households.update(household.uuid, note="外业核实")
    real_backup = merge.make_backup

    def office_edits_the_same_household(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        with Project(office, user="另一个窗口") as window:
            window.households.update(household.uuid, note="另一个窗口写的")
        return real_backup(*args, **kwargs)

    monkeypatch.setattr(merge, "make_backup", office_edits_the_same_household)
    with Project(office, user="办公室") as project, pytest.raises(RetrofitError) as raised:
        merge_package(project, package)
    assert raised.value.code == ErrorCode.MERGE_RACED
    assert "住户被改动了" in raised.value.sentence() and "merge again" in raised.value.sentence(
        "en"
    )
    monkeypatch.setattr(merge, "make_backup", real_backup)
    with Project(office, user="办公室") as project:
        assert project.households.get(household.uuid).note == "另一个窗口写的"
        result = merge_package(project, package)  # again: now both changed the note
    assert [(c.field, c.office_value, c.field_value) for c in result.conflicts] == [
        ("note", "另一个窗口写的", "外业核实")
    ]


# ---------------------------------------------------------------- handed out before an upgrade
def _handed_out_before_the_chain(office: Path, folder: Path, monkeypatch) -> tuple[Path, str]:
    """A copy handed out at schema 7 (before the evidence chain); the field and the office both
    upgrade since, each entering its records' "genesis" on a chain of its own."""
    from retrofit_app.core.storage import opening

    with sqlite3.connect(office) as conn:
        conn.execute("UPDATE app_meta SET value = '7' WHERE key = 'schema_version'")
    conn.close()
    with monkeypatch.context() as old_program:
        old_program.setattr(opening, "SCHEMA_VERSION", 7)
        code, made = export_first_estate(office, folder)
    with Project(made.path, user="小王") as field:  # the new program upgrades the copy
        assert field.migrated_from == 7
        household = households_of(field, code)[0].uuid
        field.households.update(household, note="升级后外业")
    with Project(office, user="办公室") as upgraded:
        assert upgraded.migrated_from == 7
    return made.path, household


def test_a_copy_handed_out_before_the_chain_merges_and_the_office_chain_stays_whole(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from retrofit_app.core.evidence.chain_check import verify_chain

    package, household = _handed_out_before_the_chain(demo_path, tmp_path, monkeypatch)
    with Project(demo_path, user="办公室") as office:
        merge_package(office, package)
        assert office.households.get(household).note == "升级后外业"
        with office.read():
            verified = verify_chain(office.conn)
    assert verified.ok, [f.sentence("en") for f in verified.findings[:3]]


def test_a_copy_handed_out_before_the_chain_with_an_audit_entry_rewritten_is_refused(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package, _ = _handed_out_before_the_chain(demo_path, tmp_path, monkeypatch)
    _tamper(
        package,
        "UPDATE audit_log SET user_name = '别人' WHERE fid = (SELECT min(fid) FROM audit_log)",
    )
    before = fingerprint(demo_path)
    with Project(demo_path, user="办公室") as office, pytest.raises(RetrofitError) as raised:
        merge_package(office, package)
    assert raised.value.code == ErrorCode.PACKAGE_OUT_OF_LANE
    assert "改动了 1 条审计日志记录" in raised.value.sentence("zh")
    assert fingerprint(demo_path) == before
