"""Chinese typesetting: no closing punctuation at a line start, document numbers, the font chain."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from reportlab.platypus import Paragraph

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.reports.fonts import FALLBACK_CID_FONT, find_report_font
from retrofit_app.core.reports.layout import page_label
from retrofit_app.core.reports.options import ReportOptions
from retrofit_app.core.reports.styles import NO_LINE_START, make_styles

TEXT = (
    "公示期内，业主如对上述结果有异议，请以书面实名形式向社区居民委员会提出，并写明理由；"
    "居委会将组织核实和协调。公示期满无异议的，出具无异议证明！是否同意？（此处为说明）"
    "低层住户关注采光、通风、噪声、隐私等问题，可采用玻璃井道、调整井道位置、减免费用分摊等办法。"
) * 2


def line_texts(paragraph: Paragraph) -> list[str]:
    """The text of each laid-out line (plain lines are (space, [words]); styled ones carry frags)."""
    texts = []
    for line in paragraph.blPara.lines:
        words = line[1] if isinstance(line, tuple) else line.words
        texts.append("".join(w if isinstance(w, str) else getattr(w, "text", "") for w in words))
    return texts


@pytest.mark.parametrize("width", range(90, 420, 7))
def test_no_line_starts_with_closing_punctuation(width: int) -> None:
    font = find_report_font()
    paragraph = Paragraph(TEXT, make_styles(font.name).body)
    paragraph.wrap(width, 10_000)
    lines = line_texts(paragraph)
    assert len(lines) > 1
    assert "".join(lines) == TEXT
    for line in lines[1:]:
        assert line[0] not in NO_LINE_START, f"{width}: {line[:10]}"


def test_page_label_reads_page_x_of_y() -> None:
    assert page_label(3, 12) == "第 3 页 共 12 页"


def test_document_number_follows_the_pattern_and_refuses_a_bad_one() -> None:
    options = ReportOptions(date=dt.date(2026, 5, 4))
    assert options.doc_number("acceptance", "GL-0001") == "宁房改〔2026〕GL-0001-YS-01"
    options.doc_number_pattern = "{code}-{kind}-{date:%Y%m%d}"
    assert options.doc_number("notice", "GL-0001") == "GL-0001-GS-20260504"
    options.doc_number_pattern = "{unknown}"
    with pytest.raises(RetrofitError) as refused:  # issue 23: a sentence, not a silent stand-in
        options.doc_number("survey", "HZ")
    assert "{unknown}" in refused.value.sentence() and "{seq}" in refused.value.sentence()


@pytest.mark.needs("cjk-font")
def test_chosen_font_comes_first_and_a_bad_one_falls_through(tmp_path: Path) -> None:
    system = find_report_font()
    assert system.embedded and system.path is not None
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    chosen = find_report_font(broken)
    assert chosen.path == system.path and chosen.warning is None


def test_latin_only_font_is_not_taken_for_chinese() -> None:
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.exists():
        pytest.skip("DejaVu not installed")
    found = find_report_font(dejavu, candidates=[])
    assert found.name == FALLBACK_CID_FONT and found.warning == ErrorCode.PDF_FONT_FALLBACK


def test_saved_report_settings_come_back_and_bad_entries_are_ignored() -> None:
    options = ReportOptions(issuing_office="南京市鼓楼区住房和城乡建设局", photo_grid=6)
    options.parties["client"] = "鼓楼区建设局"
    saved = options.to_saved()
    again = ReportOptions.from_saved(saved)
    assert (again.issuing_office, again.photo_grid, again.parties) == (
        "南京市鼓楼区住房和城乡建设局",
        6,
        {"client": "鼓楼区建设局"},
    )
    odd = ReportOptions.from_saved(
        {"photo_grid": "six", "parties": {"nobody": "x"}, "issuing_office": 3}
    )
    assert (odd.photo_grid, odd.parties, odd.issuing_office) == (
        4,
        {},
        ReportOptions().issuing_office,
    )


@pytest.mark.parametrize("width", range(52, 130, 6))  # the date itself is ~45 pt wide
def test_a_photo_caption_never_breaks_its_date(width: int) -> None:
    from retrofit_app.core.reports.photo_pages import caption
    from retrofit_app.core.reports.styles import para
    from retrofit_app.core.reports.wording import Wording

    photo = {"building": "1幢", "stage_tag": "before", "caption": "楼道照明", "taken_at": "2025-03-10T09:30:00"}
    paragraph = para(caption(photo, 1, Wording("zh")), make_styles(find_report_font().name).caption)
    paragraph.wrap(width, 10_000)
    lines = [line.strip() for line in line_texts(paragraph)]
    assert "2025-03-10" in lines, f"{width}: {lines}"
