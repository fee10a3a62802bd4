"""`retrofit-app report --lang`: English or Chinese reports, the Settings language as default."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_reports_pdf import pdf_pages

from retrofit_app.cli import main
from retrofit_app.core.settings import Settings


def first_code(demo_path: Path) -> str:
    from retrofit_app.core.project import Project

    with Project(demo_path, readonly=True) as project:
        return project.estates.list()[0].code


def report(demo_path: Path, out: Path, *extra: str) -> int:
    return main(["report", str(demo_path), "--estate", first_code(demo_path), "--kind",
                 "acceptance", "--out", str(out), *extra])  # fmt: skip


def test_lang_en_writes_an_english_report(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "en.pdf"
    assert report(demo_path, out, "--lang", "en", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    text = " ".join(" ".join(pdf_pages(out)).split())
    assert document["pages"] == len(pdf_pages(out))
    assert "1. Project overview" in text and f"Page 1 of {document['pages']}" in text
    assert "工程概况" not in text


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "1. Project overview"), ("zh_CN", "一、工程概况")]
)
def test_without_lang_the_settings_language_is_used(
    demo_path: Path, tmp_path: Path, language: str, heading: str
) -> None:
    Settings(language=language).save()
    out = tmp_path / "settings.pdf"
    assert report(demo_path, out) == 0
    assert heading in "\n".join(pdf_pages(out))


def test_the_environment_language_wins_over_settings_and_lang_over_both(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Settings(language="zh_CN").save()
    monkeypatch.setenv("RETROFIT_APP_LANG", "en")
    assert report(demo_path, tmp_path / "env.pdf") == 0
    assert "1. Project overview" in "\n".join(pdf_pages(tmp_path / "env.pdf"))
    assert report(demo_path, tmp_path / "zh.pdf", "--lang", "zh") == 0
    assert "一、工程概况" in "\n".join(pdf_pages(tmp_path / "zh.pdf"))


@pytest.mark.parametrize("value", ["fr", "", "chinese"])
def test_a_bad_lang_is_one_clear_sentence_and_no_file(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture, value: str
) -> None:
    out = tmp_path / "bad.pdf"
    assert report(demo_path, out, "--lang", value) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and f"“{value}”" in err
    assert "zh" in err and "en" in err and "Traceback" not in err
    assert not out.exists()
