"""Parties and facts per estate (issue 16 point 2): each estate's acceptance prints its own parties,
dates and contract and keeps its own 文号; several acceptances per estate; audited; migrated."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from retrofit_app.cli import main
from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.project import Project
from retrofit_app.core.storage.schema import SCHEMA_VERSION


def flat(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return "".join(text.split())


def report(project: Path, estate: str, out: Path, *extra: str) -> None:
    args = ["report", str(project), "--estate", estate, "--kind", "acceptance", "--out", str(out)]
    assert main([*args, *extra]) == 0


@pytest.fixture
def two_estates(tmp_path: Path) -> Path:
    path = tmp_path / "两个小区.gpkg"
    assert main(["new", str(path)]) == 0
    assert main(["add-estate", str(path), "--name", "童家巷小区", "--district", "玄武区"]) == 0
    assert main(["add-estate", str(path), "--name", "南湖新村", "--district", "建邺区"]) == 0
    return path


def test_two_estates_print_their_own_parties_and_their_own_document_numbers(
    two_estates, tmp_path, capsys
):
    assert main(["acceptance", str(two_estates), "XW-0001", "--add", "--inspected", "2026-11-20",
                 "--contract-number", "HT-2026-017", "--price", "3,865,000",
                 "--work", "屋面防水翻新3幢", "--party", "client=玄武区房产局", "--signer", "client=王建国",
                 "--party", "contractor=金陵建设公司", "--party", "community=童家巷社区居委会",
                 "--signer", "residents=李桂兰"]) == 0  # fmt: skip
    assert main(["acceptance", str(two_estates), "JY-0001", "--add",
                 "--party", "client=建邺区住建局", "--party", "contractor=苏州园区建设集团"]) == 0  # fmt: skip
    report(two_estates, "XW-0001", tmp_path / "x.pdf")
    report(two_estates, "JY-0001", tmp_path / "j.pdf")
    x, j = flat(tmp_path / "x.pdf"), flat(tmp_path / "j.pdf")
    assert "玄武区房产局（代表：王建国）" in x and "金陵建设公司" in x and "童家巷社区居委会" in x
    assert (
        "屋面防水翻新3幢" in x and "HT-2026-017" in x and "3865000.00元" in x and "2026-11-20" in x
    )
    assert "建邺区住建局" in j and "苏州园区建设集团" in j
    assert "玄武区房产局" not in j and "建邺区住建局" not in x
    numbers = {}
    for code in ("XW-0001", "JY-0001"):
        capsys.readouterr()
        assert main(["acceptance", str(two_estates), code, "--json"]) == 0
        numbers[code] = json.loads(capsys.readouterr().out)["acceptances"][0]["doc_number"]
    assert numbers["XW-0001"] and numbers["JY-0001"] and numbers["XW-0001"] != numbers["JY-0001"]
    assert numbers["XW-0001"] in x and numbers["JY-0001"] in j
    # A second report of the same acceptance reuses its number.
    report(two_estates, "XW-0001", tmp_path / "x2.pdf")
    assert numbers["XW-0001"] in flat(tmp_path / "x2.pdf")


def test_a_number_pattern_without_code_or_seq_still_gives_each_acceptance_its_own(
    two_estates, tmp_path, capsys
):
    for code in ("XW-0001", "JY-0001"):
        assert main(["acceptance", str(two_estates), code, "--add"]) == 0
        report(
            two_estates, code, tmp_path / f"{code}.pdf", "--doc-number", "宁房改〔{year}〕固定号"
        )
    with Project(two_estates) as project:
        found = [
            a.doc_number
            for e in project.estates.list()
            for a in project.acceptances.of_estate(e.uuid)
        ]
    assert len(set(found)) == 2 and all(n.startswith("宁房改〔") for n in found)


def test_several_acceptances_per_estate_and_the_report_picks_one(two_estates, tmp_path):
    assert (
        main(["acceptance", str(two_estates), "XW-0001", "--add", "--party", "supervisor=甲监理"])
        == 0
    )
    assert main(["acceptance", str(two_estates), "XW-0001", "--add", "--inspected", "2026-12-05",
                 "--party", "supervisor=乙监理"]) == 0  # fmt: skip
    with Project(two_estates) as project:
        uuid = project.estates.resolve("XW-0001").uuid
        first, second = project.acceptances.of_estate(uuid)
    assert (first.kind, second.kind) == ("first", "reinspection")
    report(two_estates, "XW-0001", tmp_path / "latest.pdf")
    report(two_estates, "XW-0001", tmp_path / "first.pdf", "--acceptance", "1")
    latest, earlier = flat(tmp_path / "latest.pdf"), flat(tmp_path / "first.pdf")
    assert "乙监理" in latest and "整改后复验" in latest and "甲监理" not in latest
    assert "甲监理" in earlier and "首次验收" in earlier
    with Project(two_estates) as project:
        first, second = project.acceptances.of_estate(uuid)
        assert first.doc_number != second.doc_number
        with pytest.raises(RetrofitError):
            project.acceptances.chosen(uuid, 3)


def test_an_estate_without_a_record_prints_the_settings_parties_and_says_so(two_estates, tmp_path):
    report(two_estates, "JY-0001", tmp_path / "j.pdf", "--party", "client=设置里的建设单位")
    text = flat(tmp_path / "j.pdf")
    assert "设置里的建设单位" in text and "本小区尚未记录验收" in text
    assert (
        main(
            ["acceptance", str(two_estates), "JY-0001", "--add", "--party", "contractor=某施工单位"]
        )
        == 0
    )
    report(two_estates, "JY-0001", tmp_path / "j2.pdf", "--party", "client=设置里的建设单位")
    text = flat(tmp_path / "j2.pdf")
    assert "某施工单位" in text and "设置里的建设单位" in text
    assert "本小区的验收记录未填写建设单位" in text


def test_every_change_is_in_the_audit_log(two_estates):
    with Project(two_estates, user="张工") as project:
        uuid = project.estates.resolve("XW-0001").uuid
        record = project.acceptances.add(uuid, started_on="2026-03-01")
        record = project.acceptances.change(record, contract_name="综合整治合同")
        record = project.acceptances.set_parties(record, {"designer": ("设计院", "赵工")})
        project.acceptances.set_parties(record, {"designer": ("", "")})
        entries = project.db.execute(
            "SELECT user_name, action, table_name, new_values FROM audit_log"
            " WHERE table_name LIKE 'acceptance%' ORDER BY fid"
        ).fetchall()
    assert [(e[1], e[2]) for e in entries] == [
        ("insert", "acceptances"), ("update", "acceptances"),
        ("insert", "acceptance_parties"), ("delete", "acceptance_parties"),
    ]  # fmt: skip
    assert {e[0] for e in entries} == {"张工"} and "综合整治合同" in entries[1][3]


def test_bad_values_are_refused_with_a_sentence(two_estates, capsys):
    for bad in (["--started", "2026-13-01"], ["--price", "-5"], ["--price", "abc"],
                ["--party", "mayor=某人"], ["--completed", "2026-01-01,2026-01-02"]):  # fmt: skip
        assert main(["acceptance", str(two_estates), "XW-0001", "--add", *bad]) != 0
        assert capsys.readouterr().err.strip()
    with Project(two_estates) as project:
        assert project.acceptances.of_estate(project.estates.resolve("XW-0001").uuid) == []


def test_a_schema_5_file_is_migrated_to_hold_acceptances(tmp_path):
    new, old = tmp_path / "新.gpkg", tmp_path / "旧.gpkg"
    for path in (new, old):
        assert main(["new", str(path)]) == 0
    with sqlite3.connect(old) as conn:
        conn.execute("DROP TABLE acceptance_parties")
        conn.execute("DROP TABLE acceptances")
        conn.execute("DELETE FROM gpkg_contents WHERE table_name LIKE 'acceptance%'")
        conn.execute("UPDATE app_meta SET value = '5' WHERE key = 'schema_version'")
    with Project(old) as project:
        assert project.migrated_from == 5
        estate = project.estates.create("童家巷小区", "玄武区")
        project.acceptances.add(estate.uuid, inspected_on="2026-11-20")
    query = "SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'acceptance%'"
    contents = "SELECT table_name, data_type FROM gpkg_contents WHERE table_name LIKE 'acceptance%'"
    with sqlite3.connect(new) as a, sqlite3.connect(old) as b:
        assert set(a.execute(query)) == set(b.execute(query)) and len(set(a.execute(query))) == 4
        assert set(a.execute(contents)) == set(b.execute(contents))
        version = b.execute("SELECT value FROM app_meta WHERE key = 'schema_version'").fetchone()
    assert version[0] == str(SCHEMA_VERSION)


def test_an_estates_acceptances_travel_in_a_field_copy_and_merge_back(
    two_estates, tmp_path, capsys
):
    assert (
        main(["acceptance", str(two_estates), "XW-0001", "--add", "--party", "client=玄武区房产局"])
        == 0
    )
    assert (
        main(["acceptance", str(two_estates), "JY-0001", "--add", "--party", "client=建邺区住建局"])
        == 0
    )
    package = tmp_path / "外业.gpkg"
    assert (
        main(["export-package", str(two_estates), "--estate", "XW-0001", "--out", str(package)])
        == 0
    )
    with Project(package, user="小王") as field:
        estates = {e.code: e.uuid for e in field.estates.list()}
        assert set(estates) == {"XW-0001"}  # the other estate's acceptance stays at the office
        record = field.acceptances.chosen(estates["XW-0001"])
        assert record is not None and record.parties["client"].name == "玄武区房产局"
        field.acceptances.set_parties(record, {"supervisor": ("华宁监理", "周工")})
        field.acceptances.add(estates["XW-0001"], inspected_on="2026-12-05")
    capsys.readouterr()
    assert main(["merge-package", str(two_estates), str(package), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["conflicts"] == []
    with Project(two_estates) as office:
        uuid = office.estates.resolve("XW-0001").uuid
        first, second = office.acceptances.of_estate(uuid)
    assert first.parties["supervisor"].representative == "周工"
    assert (second.kind, second.inspected_on) == ("reinspection", "2026-12-05")


def test_naming_a_party_of_an_estate_without_an_acceptance_records_its_first(two_estates, capsys):
    assert main(["acceptance", str(two_estates), "JY-0001", "--party", "client=建邺区住建局",
                 "--signer", "client=张三"]) == 0  # fmt: skip
    assert "建邺区住建局（代表：张三）" in capsys.readouterr().out
    assert main(["acceptance", str(two_estates), "JY-0001", "--json"]) == 0
    (only,) = json.loads(capsys.readouterr().out)["acceptances"]
    assert only["kind"] == "first" and only["parties"]["client"]["representative"] == "张三"
