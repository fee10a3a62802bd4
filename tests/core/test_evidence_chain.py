"""The evidence chain (issue 20 point 1): kept by every write, found broken by every edit outside."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from exchange_support import add_photo, export_first_estate, households_of

from retrofit_app.core.evidence.chain_check import verify_chain
from retrofit_app.core.exchange.merge import merge_package
from retrofit_app.core.project import Project
from retrofit_app.core.project_backups import backup_now, restore_backup


def _verify(path: Path):
    with Project(path, readonly=True) as project, project.read():
        return verify_chain(project.conn)


def _codes(result) -> list[str]:
    return [f.code for f in result.findings]


def _kinds(result) -> list[str]:
    """The findings' codes as `verify --json` gives them."""
    return [f.as_json()["code"] for f in result.findings]


def _a_vote(path: Path) -> tuple[str, str, str]:
    """(vote uuid, the household's room, its estate's name) of the demo's first vote."""
    with sqlite3.connect(path) as conn:
        return conn.execute(
            """SELECT v.uuid, h.room, e.name FROM votes v
               JOIN households h ON h.uuid = v.household_uuid
               JOIN consultations c ON c.uuid = v.consultation_uuid
               JOIN estates e ON e.uuid = c.estate_uuid ORDER BY v.fid LIMIT 1"""
        ).fetchone()


def _edit(path: Path, sql: str, params: list) -> None:
    conn = sqlite3.connect(path)
    with conn:
        assert conn.execute(sql, params).rowcount == 1
    conn.close()


def test_a_clean_demo_is_whole_and_every_record_is_in_its_chain(demo_path: Path) -> None:
    result = _verify(demo_path)
    assert result.ok, [f.sentence("en") for f in result.findings[:5]]
    with sqlite3.connect(demo_path) as conn:
        (votes,) = conn.execute("SELECT count(*) FROM votes").fetchone()
    assert votes > 0 and result.records >= votes and result.entries >= result.records


def test_verify_says_its_progress_and_stops_when_cancelled(demo_path: Path) -> None:
    import pytest

    from retrofit_app.core.errors import ErrorCode, RetrofitError

    steps: list[tuple[int, int]] = []
    with Project(demo_path, readonly=True) as project, project.read():
        assert verify_chain(project.conn, lambda done, total: steps.append((done, total))).ok
        with pytest.raises(RetrofitError) as stopped:
            verify_chain(project.conn, cancelled=lambda: True)
    assert steps == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert stopped.value.code == ErrorCode.CANCELLED


def test_a_change_through_the_program_is_entered_and_still_verifies(demo_path: Path) -> None:
    vote_uuid, _room, _estate = _a_vote(demo_path)
    with sqlite3.connect(demo_path) as conn:
        (before,) = conn.execute("SELECT count(*) FROM evidence_chain").fetchone()
    with Project(demo_path, user="核对员") as project:
        project.consultations.review_vote(vote_uuid, "disputed", by="王委员", note="户主称未签字")
    with sqlite3.connect(demo_path) as conn:
        last = conn.execute(
            "SELECT action, table_name, record_uuid, user_name FROM evidence_chain ORDER BY fid DESC LIMIT 1"
        ).fetchone()
        (after,) = conn.execute("SELECT count(*) FROM evidence_chain").fetchone()
    assert last == ("update", "votes", vote_uuid, "核对员") and after == before + 1
    assert _verify(demo_path).ok


def test_a_vote_edited_with_sqlite3_is_found_naming_its_estate_and_room(demo_path: Path) -> None:
    vote_uuid, room, estate = _a_vote(demo_path)
    _edit(
        demo_path,
        "UPDATE votes SET choice = CASE choice WHEN 'agree' THEN 'disagree' ELSE 'agree' END WHERE uuid = ?",
        [vote_uuid],
    )
    result = _verify(demo_path)
    assert _kinds(result) == ["changed_outside"]
    sentence = result.findings[0].sentence("zh")
    assert room in sentence and estate in sentence and "程序之外" in sentence
    assert "outside the program" in result.findings[0].sentence("en")
    # What differs, as the audit log last knew the vote (the chain itself holds hashes only).
    assert result.findings[0].fields == ("choice",) and "表决意见原为“" in sentence


def test_a_checklist_answer_edited_with_sqlite3_is_found_by_its_item(demo_path: Path) -> None:
    with sqlite3.connect(demo_path) as conn:
        uuid, value, zh, en = conn.execute(
            """SELECT a.uuid, a.value, json_extract(j.value, '$.zh'), json_extract(j.value, '$.en')
               FROM checklist_answers a JOIN checklists c ON c.uuid = a.checklist_uuid
               JOIN checklist_templates t ON t.uuid = c.template_uuid, json_each(t.body, '$.items') j
               WHERE json_extract(j.value, '$.id') = a.item_id
                 AND json_type(a.value) = 'text' ORDER BY a.fid LIMIT 1"""
        ).fetchone()
    _edit(demo_path, """UPDATE checklist_answers SET value = '"poor"' WHERE uuid = ?""", [uuid])
    result = _verify(demo_path)
    assert _kinds(result) == ["changed_outside"] and result.findings[0].record_uuid == uuid
    # Named by the item as the checklist shows it, in the reader's language, with what differs.
    zh_sentence, en_sentence = (result.findings[0].sentence(lang) for lang in ("zh", "en"))
    assert zh in zh_sentence and en in en_sentence
    was = json.loads(value)
    assert f"原为“{was}”，现为“poor”" in zh_sentence


def test_a_photos_bytes_changed_with_sqlite3_are_found_by_its_file_name(
    demo_path: Path, tmp_path: Path
) -> None:
    with Project(demo_path) as project:
        code = project.estates.list()[0].code
        photo = add_photo(project, code, tmp_path, "楼道")
    assert _verify(demo_path).ok
    with sqlite3.connect(demo_path) as conn:
        (name,) = conn.execute("SELECT file_name FROM photos WHERE uuid = ?", [photo]).fetchone()
    conn = sqlite3.connect(demo_path)
    (original,) = conn.execute(
        "SELECT original FROM photo_data WHERE photo_uuid = ?", [photo]
    ).fetchone()
    with conn:  # one byte of the JPEG changed, its photo record left alone
        conn.execute(
            "UPDATE photo_data SET original = ? WHERE photo_uuid = ?",
            [original[:100] + bytes([original[100] ^ 1]) + original[101:], photo],
        )
    conn.close()
    result = _verify(demo_path)
    assert _codes(result) == ["verify.photo_bytes"]
    assert name in result.findings[0].sentence("zh")


def test_a_vote_deleted_with_sqlite3_is_found(demo_path: Path) -> None:
    vote_uuid, room, estate = _a_vote(demo_path)
    _edit(demo_path, "DELETE FROM votes WHERE uuid = ?", [vote_uuid])
    result = _verify(demo_path)
    assert _codes(result) == ["verify.deleted_outside"]
    assert result.findings[0].record_uuid == vote_uuid
    # Gone from the file, still named by its flat and estate (as the audit log knew the vote).
    sentence = result.findings[0].sentence("zh")
    assert room in sentence and estate in sentence and result.findings[0].estate


def test_a_deleted_audit_entry_is_found(demo_path: Path) -> None:
    vote_uuid, room, _estate = _a_vote(demo_path)
    _edit(
        demo_path,
        "DELETE FROM audit_log WHERE fid = (SELECT max(fid) FROM audit_log WHERE record_uuid = ?)",
        [vote_uuid],
    )
    result = _verify(demo_path)
    assert _codes(result) == ["verify.audit_missing"]
    assert room in result.findings[0].sentence("zh")


def test_a_deleted_chain_entry_in_the_middle_is_an_entry_missing(demo_path: Path) -> None:
    _edit(demo_path, "DELETE FROM evidence_chain WHERE seq = 5", [])
    result = _verify(demo_path)
    # The gap, and the record whose audited write lost its entry (said once: not also as a
    # record the program never wrote).
    assert _codes(result) == ["verify.entry_deleted", "verify.entry_missing_for"]
    assert "第 5 个条目" in result.findings[0].sentence("zh")
    assert "entry 5 " in result.findings[0].sentence("en")
    assert result.findings[1].estate is not None


def test_several_chain_entries_deleted_are_one_gap(demo_path: Path) -> None:
    conn = sqlite3.connect(demo_path)
    with conn:
        conn.execute("DELETE FROM evidence_chain WHERE seq BETWEEN 7 AND 9")
    conn.close()
    result = _verify(demo_path)
    gaps = [f for f in result.findings if f.code == "verify.entries_missing"]
    assert [f.sentence("zh") for f in gaps] == [
        f"证据链 {gaps[0].params['chain']} 缺少第 7–9 个条目（证据链条目被删除）"
    ]
    assert _codes(result).count("verify.entry_missing_for") == 3


def test_the_last_chain_entry_deleted_is_found_by_its_audit_entry(demo_path: Path) -> None:
    _edit(
        demo_path,
        "DELETE FROM evidence_chain WHERE fid = (SELECT max(fid) FROM evidence_chain)",
        [],
    )
    assert "verify.entry_missing_for" in _codes(_verify(demo_path))


def test_a_chain_entry_rewritten_to_cover_an_edit_breaks_the_chain(demo_path: Path) -> None:
    """Whoever edits a vote and puts its new hash into the chain still breaks the links."""
    vote_uuid, _room, _estate = _a_vote(demo_path)
    _edit(demo_path, "UPDATE votes SET reason = '改过' WHERE uuid = ?", [vote_uuid])
    from retrofit_app.core.evidence.canonical import record_hash

    conn = sqlite3.connect(demo_path)
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute("SELECT * FROM votes WHERE uuid = ?", [vote_uuid]).fetchone())
    with conn:
        conn.execute(
            """UPDATE evidence_chain SET content_hash = ? WHERE fid = (
                 SELECT max(fid) FROM evidence_chain WHERE record_uuid = ?)""",
            [record_hash("votes", row), vote_uuid],
        )
    conn.close()
    assert _codes(_verify(demo_path)) == ["verify.entry_altered"]


def test_a_backup_restored_keeps_its_chain_and_verifies(demo_path: Path) -> None:
    vote_uuid, _room, _estate = _a_vote(demo_path)
    count = "SELECT count(*) FROM evidence_chain WHERE record_uuid = ?"
    with sqlite3.connect(demo_path) as conn:
        (before,) = conn.execute(count, [vote_uuid]).fetchone()
    with Project(demo_path, user="办公室") as project:
        backup = backup_now(project)
        project.consultations.review_vote(vote_uuid, "disputed", by="李委员", note="复核")
        restore_backup(project, backup)
    result = _verify(demo_path)
    assert result.ok, [f.sentence("en") for f in result.findings[:3]]
    with sqlite3.connect(demo_path) as conn:
        (after,) = conn.execute(count, [vote_uuid]).fetchone()
    assert after == before  # the chain went back with the data
    with Project(demo_path, user="办公室") as project:  # and goes on from there
        project.consultations.review_vote(vote_uuid, "disputed", by="李委员", note="再复核")
    assert _verify(demo_path).ok


def test_an_older_file_gets_a_genesis_entry_per_record_when_migrated(demo_path: Path) -> None:
    conn = sqlite3.connect(demo_path)
    with conn:
        conn.execute("DROP TABLE evidence_chain")
        conn.execute("DELETE FROM gpkg_contents WHERE table_name = 'evidence_chain'")
        conn.execute("DELETE FROM app_meta WHERE key = 'chain_id'")
        conn.execute("UPDATE app_meta SET value = '7' WHERE key = 'schema_version'")
        (votes,) = conn.execute("SELECT count(*) FROM votes").fetchone()
    conn.close()
    with Project(demo_path) as project:
        assert project.schema_version >= 8
    with sqlite3.connect(demo_path) as conn:
        actions = dict(conn.execute("SELECT action, count(*) FROM evidence_chain GROUP BY action"))
        (genesis_votes,) = conn.execute(
            "SELECT count(*) FROM evidence_chain WHERE table_name = 'votes'"
        ).fetchone()
    assert set(actions) == {"genesis"} and genesis_votes == votes
    assert _verify(demo_path).ok
    vote_uuid, _room, _estate = _a_vote(demo_path)
    _edit(demo_path, "UPDATE votes SET reason = '迁移后改' WHERE uuid = ?", [vote_uuid])
    assert _kinds(_verify(demo_path)) == ["changed_outside"]


def test_a_field_copy_starts_its_own_chain_and_the_merge_enters_its_head(
    demo_path: Path, tmp_path: Path
) -> None:
    code, package = export_first_estate(demo_path, tmp_path)
    field = _verify(package.path)
    assert field.ok, [f.sentence("en") for f in field.findings[:3]]
    with sqlite3.connect(package.path) as conn:
        first = conn.execute(
            "SELECT action, record_uuid FROM evidence_chain WHERE seq = 1"
        ).fetchone()
        field_chain = conn.execute("SELECT value FROM app_meta WHERE key = 'chain_id'").fetchone()[
            0
        ]
    with sqlite3.connect(demo_path) as conn:
        office_chain = conn.execute("SELECT value FROM app_meta WHERE key = 'chain_id'").fetchone()[
            0
        ]
    assert first == ("fork", office_chain) and field_chain != office_chain
    with Project(package.path, user="外业员") as copy:
        household = households_of(copy, code)[0]
        vote = copy.consultations.vote_of(household.uuid)
        assert vote is not None
        copy.consultations.review_vote(vote.uuid, "disputed", by="外业员", note="现场复核")
    assert _verify(package.path).ok
    with Project(demo_path, user="办公室") as office:
        merge_package(office, package.path)
    result = _verify(demo_path)
    assert result.ok, [f.sentence("en") for f in result.findings[:3]]
    with sqlite3.connect(demo_path) as conn:
        merge = conn.execute(
            "SELECT record_uuid, content_hash FROM evidence_chain WHERE copy_id = ? AND action = 'merge'",
            [office_chain],
        ).fetchone()
        head = conn.execute(
            "SELECT entry_hash FROM evidence_chain WHERE copy_id = ? ORDER BY seq DESC LIMIT 1",
            [field_chain],
        ).fetchone()[0]
        merged = conn.execute(
            "SELECT count(*) FROM evidence_chain WHERE action = 'merged' AND record_uuid = ?",
            [vote.uuid],
        ).fetchone()[0]
    assert merge == (field_chain, head) and merged == 1
    # The field chain came in whole: deleting one of its entries in the office is found.
    _edit(
        demo_path,
        "DELETE FROM evidence_chain WHERE copy_id = ? AND seq = 2",
        [field_chain],
    )
    assert _codes(_verify(demo_path)) == ["verify.entry_deleted"]
