"""`retrofit-app verify PROJECT [--json]` (issue 20 point 2): exit 0 on a whole chain, else a sentence per finding."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from retrofit_app.cli import main


def run(capsys: pytest.CaptureFixture, *argv: object) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_clean_demo_verifies_with_exit_0(demo_path: Path, capsys: pytest.CaptureFixture) -> None:
    status, out, err = run(capsys, "verify", demo_path)
    assert status == 0 and err == ""
    assert "证据链完整" in out


def test_a_vote_edited_directly_fails_verify_with_its_estate_and_room(
    demo_path: Path, capsys: pytest.CaptureFixture
) -> None:
    with sqlite3.connect(demo_path) as conn:
        uuid, room, estate = conn.execute(
            """SELECT v.uuid, h.room, e.name FROM votes v
               JOIN households h ON h.uuid = v.household_uuid
               JOIN consultations c ON c.uuid = v.consultation_uuid
               JOIN estates e ON e.uuid = c.estate_uuid ORDER BY v.fid LIMIT 1"""
        ).fetchone()
        conn.execute("UPDATE votes SET reason = '改' WHERE uuid = ?", [uuid])
    conn.close()
    status, out, err = run(capsys, "verify", demo_path)
    assert status == 1 and out == ""
    first, summary = err.strip().splitlines()
    assert room in first and estate in first and "程序之外" in first
    assert "1" in summary

    status, out, _ = run(capsys, "verify", demo_path, "--json")
    document = json.loads(out)
    assert status == 1 and document["ok"] is False
    (finding,) = document["findings"]
    assert finding["code"] == "changed_outside" and finding["table"] == "votes"
    assert finding["record_uuid"] == uuid and finding["estate"]
    assert room in finding["sentence"]


def test_verify_json_on_a_clean_demo_counts_what_it_checked(
    demo_path: Path, capsys: pytest.CaptureFixture
) -> None:
    status, out, _ = run(capsys, "verify", demo_path, "--json")
    document = json.loads(out)
    assert status == 0
    assert document["ok"] is True and document["findings"] == []
    assert document["records"] > 0 and document["entries"] >= document["records"]
