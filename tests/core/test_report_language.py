"""Reports in English and Chinese: one wording catalogue, English PDFs with no stray Chinese."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest
from catalogue_files import texts
from test_reports_pdf import inspected_estate, pdf_pages

from retrofit_app.core.consultation.rules import articles
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.project import Project
from retrofit_app.core.reports import ReportOptions, build_report
from retrofit_app.core.reports.checklist_facts import estate_checklists
from retrofit_app.core.reports.consultation_facts import consultation_facts
from retrofit_app.core.reports.facts import estate_facts, photos
from retrofit_app.core.reports.layout import page_label
from retrofit_app.core.reports.wording import Wording, normalise_language
from retrofit_app.core.words import has

# Han characters, CJK punctuation (，。、「」〔〕　) and full-width forms (（）：).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
REPORTS_DIR = Path(__file__).parents[2] / "retrofit_app" / "core" / "reports"
DAY = dt.date(2026, 11, 27)
ZH = texts("zh")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_wording_key_the_reports_name_is_in_the_catalogue() -> None:
    prefixes = {key.split(".")[0] for key in ZH}
    named = set()
    for source in REPORTS_DIR.glob("*.py"):
        for key in re.findall(r'"([a-z_]+\.[a-z_]+)"', source.read_text(encoding="utf-8")):
            if key.split(".")[0] in prefixes:
                named.add(key)
    assert len(named) > 100
    assert sorted(key for key in named if not has(key)) == []


def test_dates_numbers_and_page_labels_follow_the_language() -> None:
    zh, en = Wording("zh"), Wording("en")
    assert zh.date(DAY) == "2026年11月27日" and en.date(DAY) == "27 November 2026"
    assert en.date(dt.date(2027, 1, 5)) == "5 January 2027"
    assert zh.area(1234.5) == "1234.50 m²" and en.area(1234.5) == "1,234.50 m²"
    assert en.count(12345) == "12,345" and zh.count(12345) == "12345"
    assert zh.heading(3, "问题") == "三、问题" and en.heading(3, "Problems") == "3. Problems"
    assert page_label(3, 12) == "第 3 页 共 12 页"
    assert page_label(3, 12, en) == "Page 3 of 12"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("zh", "zh"), ("zh_CN", "zh"), ("zh-CN", "zh"), ("EN", "en"), ("en_GB", "en")],
)
def test_language_names_are_understood(given: str, expected: str) -> None:
    assert normalise_language(given) == expected


@pytest.mark.parametrize("given", ["fr", "", "english", "z"])
def test_an_unknown_language_is_refused_before_any_file_is_written(
    given: str, project: Project, tmp_path: Path
) -> None:
    estate = project.estates.create("空白小区", "玄武区")
    out = tmp_path / "x.pdf"
    with pytest.raises(RetrofitError) as caught:
        build_report(project, "survey", [estate], out, options=ReportOptions(language=given))
    assert caught.value.code == ErrorCode.REPORT_LANGUAGE
    assert "zh" in caught.value.sentence("en") and not out.exists()


def test_the_default_issuing_office_prints_in_the_report_language() -> None:
    options = ReportOptions()
    assert options.office(Wording("zh")) == "南京市住房保障和房产局"
    assert options.office(Wording("en")) == "Nanjing Housing Security and Real Estate Bureau"
    options.issuing_office = "南京市鼓楼区住房和城乡建设局"  # typed by a user: printed as typed
    assert options.office(Wording("en")) == "南京市鼓楼区住房和城乡建设局"


@pytest.fixture
def demo(demo_path: Path):
    with Project(demo_path, user="测试员") as opened:
        yield opened


def user_data(project: Project, estates: list) -> list[str]:
    """Everything the demo's users typed (or the office set) that a report may print as is."""
    found = []
    for estate in estates:
        facts = estate_facts(project, estate)
        found += [estate.name, estate.address, *facts.place_parts]
        found += [b[k] for b in facts.buildings for k in ("name", "structure")]
        found += [f"{u['building']}{u['name']}" for u in facts.units] + [
            u["name"] for u in facts.units
        ]
        for photo in photos(project, estate.uuid):
            found += [photo.get("caption") or "", photo.get("building") or ""]
        checks = estate_checklists(project, estate.uuid, Wording("en"))
        found += [c.target for c in checks.checklists]
        found += [line.note for c in checks.checklists for line in c.lines]
        found += [t for d in checks.defects for t in (d.description, d.responsible)]
        for consultation in consultation_facts(project, estate.uuid, words=Wording("en")):
            # Statutes are quoted as enacted, in Chinese (each article on its own), and what
            # could not be verified is said in the words of the source that was looked for.
            found += [consultation.scope_name, consultation.rule.unverified]
            found += [a.quoted() for a in articles().values()]
            found += [consultation.record.get("title") or ""]
            found += [row["unit"] for row in consultation.roster]
            found += [row["owners_masked"] for row in consultation.roster]
    return sorted({"".join(t.split()) for t in found if t}, key=len, reverse=True)


def stray_chinese(text: str, allowed: list[str]) -> list[str]:
    """Chinese left in `text` once the users' own words are taken out, with some context."""
    flat = "".join(text.split())
    for words in allowed:
        flat = flat.replace(words, "")
    return [flat[max(m.start() - 15, 0) : m.end() + 15] for m in CJK.finditer(flat)]


ENGLISH_HEADINGS = {
    "acceptance": [
        "Acceptance report", "Old-estate retrofit of", "Document No.", "Prepared by",
        "1. Project overview", "Exclusive area", "2. Inspection results", "3. Problems and rectification",
        "4. Residents' consultation on adding elevators", "5. Site plan", "6. Photos before and after",
        "Fig. 1", "7. Conclusion", "Conclusion: Not yet inspected", "DRAFT", "8. Signatures and seals of the parties",
        "Supervisor", "Residents' representatives", "Person in charge (signature):", "(seal)",
    ],
    "notice": [
        "Public notice: owners' consultation on adding an elevator", "1. Rule applied",
        "Civil Code Art. 278", "2. Tally", "Owners in total", "Approval threshold", "3. Votes by flat",
        "Asked by", "Agree", "4. Notice period", "(calendar days) run from the next day", "5. How to object",
        "Residents' Committee", "(seal)",
    ],
    "survey": [
        "Survey summary", "Overview", "Elevator votes passed", "Checklist progress",
        "Open problems", "Resident consultations", "Key photos",
    ],
}  # fmt: skip


@pytest.mark.parametrize("kind", ["acceptance", "notice", "survey"])
def test_each_report_prints_in_english_with_no_chinese_but_the_users_words(
    demo: Project, tmp_path: Path, kind: str
) -> None:
    estates = demo.estates.list()[:2] if kind == "survey" else demo.estates.list()[:1]
    out = tmp_path / f"{kind}-en.pdf"
    # Every photo: the demo's are not tied to acceptance items (the default's choice).
    options = ReportOptions(language="en", date=DAY, photo_choice="all")
    result = build_report(demo, kind, estates, out, options=options)
    pages = pdf_pages(out)
    text = "\n".join(pages)
    joined = " ".join(text.split())  # wrapped lines joined again
    for heading in ENGLISH_HEADINGS[kind]:
        assert heading in joined, heading
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    assert "27 November 2026" in joined and "Nanjing Housing Security" in joined
    assert result.doc_number in text
    # The document number (宁房改〔2026〕…) is an identifier: the same in both languages.
    assert stray_chinese(text, [result.doc_number, *user_data(demo, estates)]) == []
    assert b"/Lang (en)" in out.read_bytes()


def test_the_same_report_in_chinese_keeps_its_chinese_words(demo: Project, tmp_path: Path) -> None:
    out = tmp_path / "zh.pdf"
    build_report(demo, "acceptance", demo.estates.list()[:1], out, options=ReportOptions(date=DAY))
    text = "".join("".join(pdf_pages(out)).split())
    assert "一、工程概况" in text and "第1页共" in text and "2026年11月27日" in text
    assert "Acceptance report" not in text and "Page 1 of" not in text
    assert b"/Lang (zh-CN)" in out.read_bytes()


def test_checklist_items_print_in_english_from_the_template(demo: Project, tmp_path: Path) -> None:
    estate, chosen = inspected_estate(demo)
    out = tmp_path / "checks-en.pdf"
    build_report(demo, "acceptance", [estate], out, options=ReportOptions(language="en"))
    text = " ".join(" ".join(pdf_pages(out)).split())
    item = chosen.template.item("acc.completion_report")
    assert item.en in text and item.zh not in text
    assert chosen.template.en in text and "Pass" in text and "Rectify" in text
    assert "缺少监理签章" in text.replace(" ", "")  # the inspector's note stays as typed
