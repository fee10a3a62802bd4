"""The review report (issue 19): PDF and XLSX from the command line on the small programme."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from review_support import QINHUAI, XUANWU, build_small_programme
from test_cli import cli

from retrofit_app.core.project import Project


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return "".join(text.split())


@pytest.fixture
def small_file(project_path: Path) -> Path:
    with Project.create(project_path, user="测试员") as project:
        build_small_programme(project)
    return project_path


@pytest.mark.needs("pdftotext")
def test_the_half_year_pdf_names_its_period_figures_and_the_estates_behind_them(
    small_file, tmp_path
):
    out = tmp_path / "通报.pdf"
    done = cli(
        "report", small_file, "--kind", "review", "--period", "2025H1", "--out", out, "--json"
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["pages"] >= 2 and document["period"] == "2025H1"
    text = pdf_text(out)
    assert "2025年上半年老旧小区改造工作半年通报" in text
    assert "2025年1月1日至2025年6月30日" in text
    for words in ("各区开工、完工小区", "本期实际投资来源", "加装电梯各阶段", XUANWU, QINHUAI):
        assert words in text
    # The estate left out for a missing start date is named, with why.
    assert "开工小区：1个小区未能计入" in text and "石鼓路小区（QH-02）" in text
    assert "梅园新村（XW-01）" in text  # behind the figures
    # Each figure with its unit (户, 万元, 平方米), money and areas to two places: 1.20, not 1.2.
    assert "开工户数户60" in text and "开工小区个1" in text and "电梯开工部1" in text
    assert "本期实际投资万元1.20260%" in text and "开工面积平方米4000.50" in text
    # The satisfaction rate (3 of 4 dated ratings) the same in the summary and its section.
    assert "满意率%75.0" in text and "满意率75.0%" in text


@pytest.mark.needs("pdftotext")
def test_one_district_in_english(small_file, tmp_path):
    out = tmp_path / "review.pdf"
    done = cli("report", small_file, "--kind", "review", "--period", "2025", "--district", XUANWU,
               "--lang", "en", "--out", out)  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = pdf_text(out)
    assert "Yearlyassessment" in text and "兰园小区" in text
    assert "张府园小区" not in text  # Qinhuai's estate is outside the district


def test_the_xlsx_holds_the_same_figures_and_every_estate_behind_them(small_file, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "通报.xlsx"
    done = cli("report", small_file, "--kind", "review", "--period", "2025H1", "--format", "xlsx",
               "--out", out)  # fmt: skip
    assert done.returncode == 0, done.stderr
    book = load_workbook(out)
    assert book.sheetnames[0] == "说明" and book.sheetnames[-1] == "所涉小区"
    assert {"总体情况", "改造进度", "资金投入", "加装电梯", "长效管理"} <= set(book.sheetnames)
    summary = {row[0]: row for row in book["总体情况"].iter_rows(min_row=2, values_only=True)}
    assert summary["开工小区"][2:4] == (1, 3)
    rate = book["总体情况"].cell(2 + list(summary).index("开工小区"), 5)
    assert rate.value == pytest.approx(0.33) and rate.number_format == "0%"  # a number, shown 33%
    assert [c.value for c in book["说明"][1]] == ["项目", "内容"]
    assert summary["本期实际投资"][2] == pytest.approx(1.2)  # 万元
    money = {row[0]: row for row in book["资金投入"].iter_rows(min_row=2, values_only=True)}
    assert money["中央补助"][1:] == (2, 1)
    behind = [r for r in book["所涉小区"].iter_rows(min_row=2, values_only=True)
              if r[0] == "合计" and r[1] == "开工小区"]  # fmt: skip
    assert {(r[4], r[5]) for r in behind} == {("计入", "XW-01"), ("未计入", "QH-02")}


@pytest.mark.parametrize("period", ["2025H3", "", "二〇二五"])
def test_a_bad_period_is_one_sentence_and_no_file(small_file, tmp_path, period):
    out = tmp_path / "x.pdf"
    done = cli("report", small_file, "--kind", "review", "--period", period, "--out", out)
    assert done.returncode != 0
    assert "2025H1" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_an_unknown_district_is_refused(small_file, tmp_path):
    done = cli("report", small_file, "--kind", "review", "--period", "2025", "--district", "火星区",
               "--out", tmp_path / "x.pdf")  # fmt: skip
    assert done.returncode != 0 and "火星区" in done.stderr
