"""Reports that prove their basis (issue 20): the printed digest, and verify-report after changes."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from retrofit_app.cli import main
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.evidence.report_digest import ReportDigest, short_code
from retrofit_app.core.evidence.report_digest_check import digest_in_pdf, verify_digest
from retrofit_app.core.evidence.report_digest_print import digest_block
from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project
from retrofit_app.core.reports import build_report
from retrofit_app.core.reports.styles import make_styles
from retrofit_app.core.reports.wording import Wording


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


@pytest.fixture
def consulted(project: Project):
    """An estate whose unit 1幢1单元 of four flats voted; returns (estate, unit, flats by room)."""
    estate = project.estates.create("锁金新村", "玄武区", code="XW-8001")
    building = project.buildings.create(estate.uuid, "1幢")
    unit = project.buildings.add_unit(building.uuid, "1单元")
    flats = {}
    for room, owner, floor in (
        ("101", "王伟", 1),
        ("102", "李娜", 1),
        ("201", "张明", 2),
        ("202", "赵强", 2),
    ):
        flats[room] = project.households.create(
            unit.uuid, room, floor=floor, area=60, owners=[Owner("", owner)]
        )
    consultation = project.consultations.for_scope("unit", unit.uuid)
    for room, choice in (("101", "agree"), ("102", "agree"), ("201", "object")):
        project.consultations.record_vote(
            consultation.uuid, flats[room].uuid, choice, method="in_person"
        )
    return estate, unit, flats


def notice(project: Project, estate, out: Path):  # noqa: ANN001
    return build_report(project, "notice", [estate], out, scope="1幢1单元")


def test_a_notice_prints_its_digest_code_project_and_time_and_keeps_it(
    project, consulted, tmp_path
):
    estate, _, _ = consulted
    out = tmp_path / "公示.pdf"
    result = notice(project, estate, out)
    text = pdf_text(out)
    code = short_code(result.digest)
    assert len(code) == 19 and code.count("-") == 3 and code == code.upper()
    assert f"核验码：{code}" in text
    assert project.meta()["project_uuid"] in text
    assert "生成时间：" in text and "+08:00" in text
    # 3 votes, 4 flats, 4 owner links and the consultation.
    assert "依据记录：12 条" in text
    assert digest_in_pdf(out) == result.digest
    assert verify_digest(project, code).unchanged


def test_the_qr_code_holds_the_whole_digest_with_project_and_time() -> None:
    digest = ReportDigest("ab" * 32, "p-1", "notice", "2026-12-07T06:00:00Z", ())
    block = digest_block(make_styles("Helvetica", "en"), Wording("en"), digest)
    table = block[1]._content[0]  # KeepTogether([table, ...])
    drawing = table._cellvalues[0][0]
    widget = drawing.contents[0]
    assert widget.value == digest.qr_payload
    assert f"D={'ab' * 32}" in widget.value and "P=p-1" in widget.value
    assert "T=2026-12-07T06:00:00Z" in widget.value


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbarimg (zbar-tools) not installed")
def test_the_printed_qr_code_scans_back_to_the_digest(project, consulted, tmp_path):
    estate, _, _ = consulted
    out = tmp_path / "公示.pdf"
    result = notice(project, estate, out)
    pages = len(pdf_text(out).split("\f")) - 1
    subprocess.run(["pdftoppm", "-r", "200", "-f", str(pages), "-l", str(pages), "-png", str(out),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    image = next(tmp_path.glob("page*.png"))
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True)
    assert f"D={result.digest}" in scanned.stdout


def test_verify_report_says_unchanged_and_exits_0(project, consulted, tmp_path, capsys):
    estate, _, _ = consulted
    out = tmp_path / "公示.pdf"
    notice(project, estate, out)
    path = project.path
    project.close()
    assert main(["verify-report", str(path), str(out)]) == 0
    assert "未改动" in capsys.readouterr().out


def test_verify_report_names_a_vote_edited_with_sqlite3_a_removed_owner_and_an_added_flat(
    project, consulted, tmp_path, capsys
):
    estate, unit, flats = consulted
    out = tmp_path / "公示.pdf"
    notice(project, estate, out)
    project.households.create(unit.uuid, "301", floor=3, area=60, owners=[Owner("", "刘洋")])
    path = project.path
    project.close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE votes SET choice = 'agree' WHERE household_uuid = ?", [flats["201"].uuid]
        )
        conn.execute("DELETE FROM household_owners WHERE household_uuid = ?", [flats["102"].uuid])
    assert main(["verify-report", str(path), str(out), "--json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert not found["unchanged"]
    named = {(f["state"], f["table"], f["place"]) for f in found["findings"]}
    assert ("changed", "votes", "1幢1单元201") in named
    assert ("removed", "household_owners", "1幢1单元102") in named
    assert ("added", "households", "1幢1单元301") in named
    assert ("added", "household_owners", "1幢1单元301") in named
    assert len(named) == 4
    sentence = next(f["sentence"] for f in found["findings"] if f["table"] == "votes")
    assert sentence == "锁金新村：表决“1幢1单元201”已改动"


def test_a_code_typed_from_paper_finds_the_report_and_a_wrong_one_is_refused(
    project, consulted, tmp_path, capsys
):
    estate, _, flats = consulted
    result = notice(project, estate, tmp_path / "公示.pdf")
    typed = short_code(result.digest).lower().replace("-", " ")
    project.consultations.record_vote(
        project.consultations.for_scope("unit", flats["202"].unit_uuid).uuid,
        flats["202"].uuid, "abstain", method="phone",
    )  # fmt: skip
    path = project.path
    project.close()
    assert main(["verify-report", str(path), "--digest", typed]) == 1
    out = capsys.readouterr().out
    assert "已变化" in out and "锁金新村：表决“1幢1单元202”是报告生成后新增的" in out
    wrong = "0000-0000-0000-0000" if not result.digest.startswith("0000") else "ffff-ffff-ffff-ffff"
    assert main(["verify-report", str(path), "--digest", wrong]) == 1
    assert "没有生成过核验码为" in capsys.readouterr().err
    assert main(["verify-report", str(path), "--digest", "12AB"]) == 1  # too short to be a code
    with Project(path, readonly=True) as again, pytest.raises(RetrofitError) as refused:
        verify_digest(again, "12AB")
    assert refused.value.code == ErrorCode.INVALID_VALUE


def test_a_pdf_without_a_digest_is_refused_in_words(project, consulted, tmp_path, capsys):
    estate, _, _ = consulted
    survey = build_report(project, "survey", [estate], tmp_path / "调查.pdf")
    assert survey.digest is None
    path = project.path
    project.close()
    assert main(["verify-report", str(path), str(survey.path)]) == 1
    assert "中没有数据核验码" in capsys.readouterr().err


def test_a_kept_record_list_altered_to_hide_a_change_is_found(project, consulted, tmp_path):
    estate, _, flats = consulted
    result = notice(project, estate, tmp_path / "公示.pdf")
    path = project.path
    project.close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE votes SET choice = 'agree' WHERE household_uuid = ?", [flats["201"].uuid]
        )
        # Someone also rewrites the kept list so the vote's new fingerprint looks issued.
        records = json.loads(conn.execute("SELECT records FROM report_digests").fetchone()[0])
        conn.execute("UPDATE report_digests SET records = ?", [json.dumps(records[:-1])])
    with Project(path, readonly=True) as again:
        check = verify_digest(again, result.digest)
    assert check.list_altered and not check.unchanged
    assert "清单本身被改动过" in "\n".join(check.sentences("zh"))


def test_an_acceptance_report_digest_names_a_checklist_answer_changed_with_sqlite3(
    project, consulted, tmp_path
):
    estate, _, _ = consulted
    project.checklists.create_for_estate(estate.uuid, ["acceptance_inspection"])
    chosen = next(c for c in project.checklists.of_estate(estate.uuid) if c.template.acceptance)
    item_id = "acc.inspection_date"
    project.checklists.answer(chosen.uuid, item_id, "completion", "2026-11-30")
    out = tmp_path / "验收.pdf"
    result = build_report(project, "acceptance", [estate], out)
    assert result.digest and f"核验码：{short_code(result.digest)}" in pdf_text(out)
    path = project.path
    project.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE checklist_answers SET note = '事后补写' WHERE item_id = ?", [item_id])
    with Project(path, readonly=True) as again:
        check = verify_digest(again, digest_in_pdf(out))
    # named by the item's title in its template, as the report prints it
    assert [(f.state, f.record.table, f.record.place) for f in check.findings] == [
        ("changed", "checklist_answers", "验收日期")
    ]
    assert check.sentences("en")[1] == "锁金新村: checklist answer “验收日期” changed"


def test_a_file_of_schema_8_gets_the_report_digests_table(project_path):
    Project.create(project_path).close()
    with sqlite3.connect(project_path) as conn:
        conn.execute("DROP TABLE report_digests")
        conn.execute("DELETE FROM gpkg_contents WHERE table_name = 'report_digests'")
        conn.execute("UPDATE app_meta SET value = '8' WHERE key = 'schema_version'")
    with Project(project_path) as opened:
        assert opened.migrated_from == 8
        names = [r[1] for r in opened.conn.execute("PRAGMA table_info(report_digests)")]
    assert names[:4] == ["fid", "uuid", "digest", "kind"]


def test_a_review_digest_names_a_fund_changed_and_an_estate_of_another_district_is_not_in_it(
    project, tmp_path
):
    """The review report's hook (digest_for_review): its records are the programme's records of the
    estates in its scope; verify names a changed fund, a work added since, and ignores others."""
    from retrofit_app.core.evidence.report_digest import digest_for_review, issue_digest

    mine = project.estates.create("锁金新村", "玄武区", code="XW-8001")
    other = project.estates.create("南湖新村", "建邺区", code="JY-8001")
    for estate in (mine, other):
        project.programme.set_one("estate_plans", estate.uuid, batch="2025年第一批", plan_year=2025)
        project.programme.add("estate_funds", estate.uuid, source="central", kind="actual",
                              amount_fen=120_000_000, recorded_on="2025-03-01")  # fmt: skip
    digest = digest_for_review(project, "2025", district="玄武区")
    assert {r.table for r in digest.records} == {"estate_plans", "estate_funds"}
    assert {r.estate for r in digest.records} == {"锁金新村"}
    issue_digest(project, digest)
    assert verify_digest(project, digest.short).unchanged
    project.programme.add("estate_funds", other.uuid, source="city", kind="actual", amount_fen=5)
    assert verify_digest(project, digest.short).unchanged  # another district's money
    path = project.path
    project.programme.add("estate_works", mine.uuid, work="roofs", quantity=10)
    project.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE estate_funds SET amount_fen = 100 WHERE estate_uuid = ?", [mine.uuid])
    with Project(path, readonly=True) as again:
        check = verify_digest(again, digest.digest)
    assert sorted((f.state, f.record.table, f.record.estate) for f in check.findings) == [
        ("added", "estate_works", "锁金新村"),
        ("changed", "estate_funds", "锁金新村"),
    ]


def test_a_review_report_built_by_the_cli_prints_its_digest_and_verify_report_names_a_fund_changed(
    project, tmp_path, capsys
):
    """report --kind review keeps the digest of the money, plans and works it counts; a fund changed
    with sqlite3 afterwards is named by its estate, source, kind and date in words."""
    estate = project.estates.create("锁金新村", "玄武区", code="XW-8001")
    project.programme.set_one("estate_plans", estate.uuid,
                              batch="2025年第一批", plan_year=2025)  # fmt: skip
    project.programme.add("estate_funds", estate.uuid, source="central", kind="actual",
                          amount_fen=120_000_000, recorded_on="2025-03-01")  # fmt: skip
    path = project.path
    project.close()
    out = tmp_path / "评估.pdf"
    assert main(["report", str(path), "--kind", "review", "--period", "2025", "--out", str(out),
                 "--json"]) == 0  # fmt: skip
    written = json.loads(capsys.readouterr().out)
    assert digest_in_pdf(out) == written["digest"]
    text = pdf_text(out)
    assert short_code(written["digest"]) in text and "数据核验" in text
    first_page = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out), "-"],
                                capture_output=True, text=True).stdout  # fmt: skip
    # every page's footer carries the code: a photograph of any one page can be checked
    assert f"核验码：{short_code(written['digest'])}" in first_page
    assert main(["verify-report", str(path), str(out)]) == 0
    assert "未改动" in capsys.readouterr().out
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE estate_funds SET amount_fen = 100 WHERE estate_uuid = ?", [estate.uuid]
        )
    assert main(["verify-report", str(path), str(out)]) == 1
    said = capsys.readouterr().out
    assert "锁金新村：资金“中央补助 实际投资 2025-03-01”已改动" in said, said


def test_verify_report_list_names_each_report_issued_latest_first(
    project, consulted, tmp_path, capsys
):
    estate, _, _ = consulted
    first = notice(project, estate, tmp_path / "一.pdf")
    project.consultations.record_vote(
        project.consultations.for_scope("unit", consulted[1].uuid).uuid,
        consulted[2]["202"].uuid, "agree", method="in_person",
    )  # fmt: skip
    second = notice(project, estate, tmp_path / "二.pdf")
    path = project.path
    project.close()
    assert main(["verify-report", str(path), "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert short_code(second.digest) in lines[0] and short_code(first.digest) in lines[1]
    assert all("居民意见征询结果公示" in line and "锁金新村" in line for line in lines)
    assert main(["verify-report", str(path), "--list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["digest"] for r in listed] == [second.digest, first.digest]
    assert listed[0]["records"] == listed[1]["records"] + 1  # the vote recorded in between


def test_a_vote_changed_while_the_notice_builds_is_gathered_again(
    project, consulted, tmp_path, monkeypatch
):
    """The window may change a vote while a notice builds on a pool thread: the records are
    gathered again, so the paper and its digest name the same votes; changes that never stop
    are refused in words."""
    import retrofit_app.core.reports.build as build_module

    estate, unit, flats = consulted
    consultation = project.consultations.for_scope("unit", unit.uuid)
    gather = build_module._story
    calls: list[int] = []

    def story_then_a_vote(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        made = gather(*args, **kwargs)
        calls.append(1)
        if len(calls) == 1:  # someone records 202's vote while the first gathering runs
            project.consultations.record_vote(
                consultation.uuid, flats["202"].uuid, "agree", method="in_person"
            )
        return made

    monkeypatch.setattr(build_module, "_story", story_then_a_vote)
    result = notice(project, estate, tmp_path / "公示.pdf")
    assert len(calls) == 2
    assert verify_digest(project, result.digest).unchanged
    issued = verify_digest(project, result.digest).issued
    assert sum(1 for r in issued["records"] if r[0] == "votes") == 4

    def story_and_always_a_change(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        made = gather(*args, **kwargs)
        choice = ("object", "agree")[len(calls) % 2]  # 202 voted agree: each call changes it
        calls.append(1)
        project.consultations.record_vote(
            consultation.uuid, flats["202"].uuid, choice, method="in_person"
        )
        return made

    monkeypatch.setattr(build_module, "_story", story_and_always_a_change)
    with pytest.raises(RetrofitError) as refused:
        notice(project, estate, tmp_path / "又一份.pdf")
    assert refused.value.code == ErrorCode.REPORT_DATA_CHANGED
    assert "一再被修改" in refused.value.sentence("zh")
    assert not (tmp_path / "又一份.pdf").exists()


def test_a_fund_added_while_the_review_builds_is_counted_and_in_its_digest(
    project, tmp_path, monkeypatch
):
    import retrofit_app.core.reports.review as review_module

    estate = project.estates.create("锁金新村", "玄武区", code="XW-8001")
    project.programme.set_one("estate_plans", estate.uuid, batch="2025年第一批", plan_year=2025)
    count = review_module.review_figures
    calls: list[int] = []

    def figures_then_a_fund(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        made = count(*args, **kwargs)
        calls.append(1)
        if len(calls) == 1:
            project.programme.add("estate_funds", estate.uuid, source="city", kind="actual",
                                  amount_fen=5_000_000, recorded_on="2025-04-01")  # fmt: skip
        return made

    monkeypatch.setattr(review_module, "review_figures", figures_then_a_fund)
    result = review_module.build_review_report(project, "2025", tmp_path / "评估.pdf")
    assert len(calls) == 2
    check = verify_digest(project, result.digest)
    assert check.unchanged
    assert any(r[0] == "estate_funds" for r in check.issued["records"])
