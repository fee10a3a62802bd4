"""Signatures drawn on the window's pad (issue 20 point 4), core side: an owner's on a vote and a
party's on an acceptance, stored as strokes with signer and time, withdrawn and drawn again,
entered in the evidence chain (a direct sqlite3 edit of a signature is found), travelling with
their estate in a field copy and merged back."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import pytest

from retrofit_app.cli import main
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.evidence.chain_check import verify_project
from retrofit_app.core.exchange.export import export_package
from retrofit_app.core.exchange.merge import merge_package
from retrofit_app.core.project import Project
from tests.core.exchange_support import export_first_estate

# 王建国 as a person writes it: two strokes, x and y in the pad's units, ms since the first touch.
STROKES = [
    [[20, 80, 0], [60, 40, 35], [100, 90, 70], [140, 50, 110]],
    [[160, 60, 400], [220, 62, 430], [260, 120, 470]],
]


def first_vote(project: Project, code: str | None = None) -> tuple[str, str]:
    """(vote uuid, estate code) of the first vote of the estate `code` (or of the project)."""
    where = "WHERE e.code = ?" if code else ""
    found = project.conn.execute(
        f"""SELECT v.uuid, e.code FROM votes v JOIN consultations c ON c.uuid = v.consultation_uuid
            JOIN estates e ON e.uuid = c.estate_uuid {where} ORDER BY v.fid LIMIT 1""",
        [code] if code else [],
    ).fetchone()
    return found[0], found[1]


def a_party(project: Project, code: str) -> str:
    """The client's party of the estate's acceptance (recorded first when it has none)."""
    estate = project.estates.resolve(code)
    record = project.acceptances.chosen(estate.uuid) or project.acceptances.add(estate.uuid)
    record = project.acceptances.set_parties(record, {"client": ("玄武区房产局", "王建国")})
    return record.parties["client"].uuid


def test_a_drawn_signature_on_a_vote_is_stored_as_drawn_with_signer_and_time(
    demo_path: Path,
) -> None:
    with Project(demo_path, user="张三") as project:
        vote, _code = first_vote(project)
        signed = project.signatures.sign_vote(vote, " 王建国 ", STROKES, 300, 150)
        again = project.signatures.of_vote(vote)
        assert again == signed
        assert again.signer == "王建国" and again.recorded_by == "张三" and again.signed_at
        assert [[list(p) for p in s] for s in again.strokes] == STROKES
        assert (again.width, again.height) == (300, 150)
        logged = project.conn.execute(
            "SELECT user_name, action FROM audit_log WHERE table_name = 'signatures' AND record_uuid = ?",
            [signed.uuid],
        ).fetchall()
        assert [tuple(r) for r in logged] == [("张三", "insert")]
        assert verify_project(project).findings == []


@pytest.mark.parametrize(
    ("strokes", "width", "signer", "words"),
    [
        ([], 300, "王建国", "没有一笔至少有两个点"),
        ([[[10, 10, 0]], [[20, 20, 5]]], 300, "王建国", "没有一笔至少有两个点"),
        ([[[10, 10, 0], [math.nan, 20, 5]]], 300, "王建国", "不是有效的坐标"),
        ([[[10, 10, 0], [math.inf, 20, 5]]], 300, "王建国", "不是有效的坐标"),
        ([[[10, 10, 0], [301, 20, 5]]], 300, "王建国", "签名板之外"),
        ([[[10, 10, 0], [-1, 20, 5]]], 300, "王建国", "签名板之外"),
        ([[[10, 10, 0], ["12", 20, 5]]], 300, "王建国", "不是有效的坐标"),
        (STROKES, 300, "  ", "签名人的姓名"),
    ],
)
def test_a_signature_that_is_no_signature_is_refused_with_a_sentence(
    demo_path: Path, strokes: list, width: float, signer: str, words: str
) -> None:
    with Project(demo_path) as project:
        vote, _code = first_vote(project)
        with pytest.raises(RetrofitError) as refused:
            project.signatures.sign_vote(vote, signer, strokes, width, 150)
        assert refused.value.code == ErrorCode.SIGNATURE_REFUSED
        assert words in refused.value.sentence("zh")
        assert refused.value.sentence("en").startswith("The signature was not saved")
        assert project.signatures.of_vote(vote) is None


def test_drawn_again_the_first_is_withdrawn_and_a_withdrawal_can_be_undone(demo_path: Path) -> None:
    with Project(demo_path) as project:
        vote, code = first_vote(project)
        first = project.signatures.sign_vote(vote, "王建国", STROKES, 300, 150)
        second = project.signatures.sign_vote(vote, "王建国", STROKES[:1], 300, 150)
        assert project.signatures.of_vote(vote).uuid == second.uuid
        assert project.signatures.get(first.uuid).withdrawn_at is not None
        project.signatures.withdraw(second.uuid)
        assert project.signatures.of_vote(vote) is None  # the box prints empty again
        project.signatures.restore(second.uuid)
        assert project.signatures.of_vote(vote).uuid == second.uuid
        listed = project.signatures.of_estate(project.estates.resolve(code).uuid, withdrawn=True)
        assert [(s["uuid"], s["withdrawn_at"] is None) for s in listed] == [
            (first.uuid, False), (second.uuid, True)
        ]  # fmt: skip
        assert verify_project(project).findings == []


def test_a_party_signs_and_a_party_removed_takes_its_signature_with_it_on_record(
    demo_path: Path,
) -> None:
    with Project(demo_path) as project:
        code = project.estates.list()[0].code
        party = a_party(project, code)
        signed = project.signatures.sign_party(party, "王建国", STROKES, 300, 150)
        assert project.signatures.of_party(party) == signed
        record = project.acceptances.chosen(project.estates.resolve(code).uuid)
        project.acceptances.set_parties(record, {"client": ("", "")})
        assert project.signatures.of_estate(record.estate_uuid, withdrawn=True) == []
        # The removal went through the audit log and the chain: verify finds nothing amiss.
        assert verify_project(project).findings == []
        vote, _ = first_vote(project)
        project.signatures.sign_vote(vote, "李桂兰", STROKES, 300, 150)
        project.consultations.delete_vote(vote)
        assert verify_project(project).findings == []


def test_verify_finds_a_signatures_strokes_edited_with_sqlite3(
    demo_path: Path, capsys: pytest.CaptureFixture
) -> None:
    with Project(demo_path) as project:
        vote, _code = first_vote(project)
        signed = project.signatures.sign_vote(vote, "王建国", STROKES, 300, 150)
    assert main(["verify", str(demo_path)]) == 0
    capsys.readouterr()
    forged = json.dumps([[[20, 80, 0], [280, 80, 50]]])
    with sqlite3.connect(demo_path) as conn:
        conn.execute("UPDATE signatures SET strokes = ? WHERE uuid = ?", [forged, signed.uuid])
    conn.close()
    assert main(["verify", str(demo_path), "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    (finding,) = document["findings"]
    assert finding["table"] == "signatures" and finding["record_uuid"] == signed.uuid
    assert finding["code"] == "changed_outside" and "王建国" in finding["sentence"]


def test_signatures_travel_with_their_estate_and_merge_back(
    demo_path: Path, tmp_path: Path
) -> None:
    with Project(demo_path, user="办公室") as office:
        code = office.estates.list()[0].code
        vote, _ = first_vote(office, code)
        office_signed = office.signatures.sign_vote(vote, "王建国", STROKES, 300, 150)
    code, package = export_first_estate(demo_path, tmp_path)
    with Project(package.path, user="外业小李") as field:
        assert field.signatures.of_vote(vote) == office_signed  # it travelled with its estate
        party = a_party(field, code)
        field_signed = field.signatures.sign_party(party, "赵工", STROKES[1:], 300, 150)
        field.signatures.withdraw(office_signed.uuid)  # the owner asked to sign again on paper
    with Project(demo_path, user="办公室") as office:
        result = merge_package(office, package.path)
        assert result.counts["signatures"]["inserted"] == 1
        assert office.signatures.of_party(party) == field_signed
        assert office.signatures.of_vote(vote) is None
        assert office.signatures.get(office_signed.uuid).withdrawn_at is not None
        assert verify_project(office).findings == []


def test_a_copy_without_personal_data_carries_no_owners_drawing_and_the_office_keeps_it(
    demo_path: Path, tmp_path: Path
) -> None:
    """The copy knows the owner signed, not the drawing; the field changing that vote (which
    withdraws the signature) comes back as a withdrawal of the office's signature, drawing kept."""
    with Project(demo_path, user="办公室") as office:
        code = office.estates.list()[0].code
        vote_uuid, _ = first_vote(office, code)
        signed = office.signatures.sign_vote(vote_uuid, "王建国", STROKES, 300, 150)
        party = a_party(office, code)
        official = office.signatures.sign_party(party, "赵工", STROKES[1:], 300, 150)
        package = export_package(office, [code], tmp_path / "外业.gpkg", personal_data=False)
    raw = package.path.read_bytes() + package.base.read_bytes()
    assert b"[[20,80,0]" not in raw  # the owner's drawing is in neither the copy nor its base
    with Project(package.path, user="外业小李") as field:
        in_field = field.signatures.of_vote(vote_uuid)
        assert in_field is not None and in_field.strokes == [] and in_field.signer == "王建国"
        assert field.signatures.of_party(party) == official  # an official's stays whole
        vote = field.consultations.vote(vote_uuid)
        other = "object" if vote.choice != "object" else "agree"
        field.consultations.record_vote(vote.consultation_uuid, vote.household_uuid, other)
    with Project(demo_path, user="办公室") as office:
        merge_package(office, package.path)
        kept = office.signatures.get(signed.uuid)
        assert kept.withdrawn_at is not None and kept.strokes == signed.strokes
        assert office.signatures.of_vote(vote_uuid) is None
        assert verify_project(office).findings == []


def test_the_signatures_command_lists_who_signed_what_and_withdraws_one(
    demo_path: Path, capsys: pytest.CaptureFixture
) -> None:
    with Project(demo_path) as project:
        vote, code = first_vote(project)
        flat = project.conn.execute(
            """SELECT b.name || u.name || h.room FROM votes v JOIN households h ON h.uuid = v.household_uuid
               JOIN units u ON u.uuid = h.unit_uuid JOIN buildings b ON b.uuid = u.building_uuid
               WHERE v.uuid = ?""",
            [vote],
        ).fetchone()[0]
        signed = project.signatures.sign_vote(vote, "王建国", STROKES, 300, 150)
        party = a_party(project, code)
        project.signatures.sign_party(party, "赵工", STROKES, 300, 150)
    capsys.readouterr()
    assert main(["signatures", str(demo_path), "--estate", code]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "签名人" in lines[0] and "签名时间" in lines[0]
    assert any(
        f"{flat} 的表决意见" in line and "王建国" in line and "2/7" in line for line in lines
    )
    assert any("第 1 次验收 建设单位" in line and "赵工" in line for line in lines)

    assert main(["signatures", str(demo_path), "--estate", code, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    by_signer = {e["signer"]: e for e in listed}
    assert by_signer["王建国"]["on"] == "vote" and by_signer["王建国"]["flat"] == flat
    assert by_signer["王建国"]["strokes"] == STROKES
    assert by_signer["赵工"]["on"] == "party" and by_signer["赵工"]["role"] == "client"

    assert (
        main(["signatures", str(demo_path), "--estate", code, "--withdraw", signed.uuid[:8]]) == 0
    )
    assert "已撤回 王建国 的签名" in capsys.readouterr().out
    assert main(["signatures", str(demo_path), "--estate", code, "--json"]) == 0
    assert [e["signer"] for e in json.loads(capsys.readouterr().out)] == ["赵工"]
    assert main(["signatures", str(demo_path), "--estate", code, "--withdraw", "nosuchid"]) == 1
    assert capsys.readouterr().err.strip()


def test_a_vote_whose_choice_changes_no_longer_carries_the_owners_signature(
    demo_path: Path,
) -> None:
    with Project(demo_path) as project:
        vote_uuid, _code = first_vote(project)
        vote = project.consultations.vote(vote_uuid)
        signed = project.signatures.sign_vote(vote_uuid, "王建国", STROKES, 300, 150)
        project.consultations.record_vote(
            vote.consultation_uuid, vote.household_uuid, vote.choice, cost_share="一楼不分摊"
        )
        assert project.signatures.of_vote(vote_uuid) == signed  # a note changed: still signed
        other = "object" if vote.choice != "object" else "agree"
        project.consultations.record_vote(vote.consultation_uuid, vote.household_uuid, other)
        assert project.signatures.of_vote(vote_uuid) is None  # signed for another choice
        assert project.signatures.get(signed.uuid).withdrawn_at is not None
        assert verify_project(project).findings == []
