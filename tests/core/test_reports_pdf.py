"""The PDF reports read back: sections, 第 X 页 共 Y 页, embedded font, masked notice, photos."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from needs import need
from privacy_checks import contains_unmasked_number

from retrofit_app.cli import main
from retrofit_app.core.checklists.model import Checklist
from retrofit_app.core.checklists.service import ChecklistService
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import Estate
from retrofit_app.core.privacy import mask_name
from retrofit_app.core.project import Project
from retrofit_app.core.reports import ReportOptions, build_report
from retrofit_app.core.reports import fonts as report_fonts


def pdf_pages(path: Path, *, layout: bool = False) -> list[str]:
    """Each page's text; without `layout` a table cell's wrapped lines stay together."""
    need("pdftotext")
    command = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    text = subprocess.run(command, capture_output=True, check=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def pdf_fonts(path: Path) -> str:
    need("pdffonts")
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout


def image_count(path: Path) -> int:
    need("pdfimages")
    listing = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True
    ).stdout
    return len(listing.splitlines()) - 2


def assert_numbered(pages: list[str]) -> None:
    for number, page in enumerate(pages, start=1):
        # pdftotext drops the spaces between CJK characters, so compare without spaces.
        assert f"第{number}页共{len(pages)}页" in re.sub(r"\s", "", page), f"page {number}"


@pytest.fixture
def demo(demo_path: Path):
    with Project(demo_path, user="测试员") as opened:
        yield opened


def start_vote(project: Project, unit_uuid: str, choices: list[str]) -> list:
    """A consultation of the unit with the given votes, flat by flat; the households are returned."""
    consultation = project.consultations.for_scope("unit", unit_uuid)
    households = project.households.of_unit(unit_uuid)
    for household, choice in zip(households, choices, strict=False):
        project.consultations.record_vote(
            consultation.uuid, household.uuid, choice, method="in_person"
        )
    return households


def quiet_unit(project: Project, estate) -> tuple:  # noqa: ANN001
    """A unit of the estate that no consultation covers yet (the demo consults some)."""
    taken = {c.scope_uuid for c in project.consultations.of_estate(estate.uuid)}
    for building in project.buildings.of_estate(estate.uuid):
        if building.uuid in taken:
            continue
        for unit in project.buildings.units(building.uuid):
            if unit.uuid not in taken:
                return building, unit
    raise AssertionError("every unit is consulted")


def test_acceptance_report_has_every_section_and_page_x_of_y(demo: Project, tmp_path: Path) -> None:
    estate = demo.estates.list()[0]
    out = tmp_path / "验收.pdf"
    result = build_report(demo, "acceptance", [estate], out)
    pages = pdf_pages(out)
    assert result.pages == len(pages) >= 4
    assert_numbered(pages)
    text = "".join(pages)
    for heading in ("竣工验收报告", "工程概况", "验收检查结果", "问题与整改情况", "加装电梯居民意见征询情况",
                    "小区平面示意图", "改造前后照片", "验收结论", "验收各方签字盖章", "监理单位", "居民代表"):  # fmt: skip
        assert heading in text, heading
    assert estate.name in pages[0] and result.doc_number in pages[-1]


def test_acceptance_report_places_every_photo_once(demo: Project, tmp_path: Path) -> None:
    estate = next(
        e for e in demo.estates.list() if demo.counts().photos and _photo_count(demo, e) >= 2
    )
    out = tmp_path / "photos.pdf"
    every = ReportOptions(photo_grid=2, photo_choice="all")
    result = build_report(demo, "acceptance", [estate], out, options=every)
    assert result.photos == _photo_count(demo, estate)
    assert image_count(out) == result.photos
    assert "图1" in "".join(pdf_pages(out))


def _photo_count(project: Project, estate) -> int:  # noqa: ANN001
    from retrofit_app.core.reports.facts import photos

    return len(photos(project, estate.uuid))


def test_report_for_an_estate_without_photos_or_votes_still_builds(
    project: Project, tmp_path: Path
) -> None:
    estate = project.estates.create("空白小区", "玄武区", street="玄武门街道")
    out = tmp_path / "empty.pdf"
    result = build_report(project, "acceptance", [estate], out)
    text = "".join(pdf_pages(out))
    assert result.photos == 0
    assert (
        "本小区尚无照片" in text and "本小区无加装电梯征询记录" in text and "尚未绘制边界" in text
    )


@pytest.mark.needs("cjk-font")
@pytest.mark.parametrize("kind", ["acceptance", "survey"])
def test_every_font_in_the_pdf_is_embedded_as_a_subset(
    demo: Project, tmp_path: Path, kind: str
) -> None:
    out = tmp_path / "font.pdf"
    result = build_report(demo, kind, demo.estates.list()[:1], out)
    assert result.warning is None
    rows = pdf_fonts(out).splitlines()[2:]  # below the header and its rule
    assert rows, pdf_fonts(out)
    for line in rows:
        # name, type, encoding, then emb and sub: a subset name starts with six letters and '+'.
        assert re.match(r"[A-Z]{6}\+\S+\s.*\byes\s+yes\b", line), line


@pytest.mark.needs("poppler-data")  # pdftotext reads the unembedded STSong through its CMaps
def test_without_a_system_font_stsong_is_used_with_a_warning(
    demo: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setattr(report_fonts, "system_candidates", lambda: [])
    out = tmp_path / "fallback.pdf"
    result = build_report(demo, "survey", demo.estates.list()[:1], out)
    assert result.warning == ErrorCode.PDF_FONT_FALLBACK
    assert "STSong-Light" in pdf_fonts(out)
    assert_numbered(pdf_pages(out))
    code = main(["report", str(demo.path), "--estate", demo.estates.list()[0].code, "--kind", "survey",
                 "--out", str(tmp_path / "cli.pdf")])  # fmt: skip
    assert code == 0
    assert "STSong-Light" in capsys.readouterr().err


def test_notice_masks_names_and_never_prints_a_phone_or_id_number(
    demo: Project, tmp_path: Path
) -> None:
    estate = demo.estates.list()[1]
    building, unit = quiet_unit(demo, estate)
    households = start_vote(demo, unit.uuid, ["agree", "agree", "object", "abstain", "unreached"])
    out = tmp_path / "公示.pdf"
    build_report(demo, "notice", [estate], out, scope=f"{building.name}{unit.name}")
    pages = pdf_pages(out)
    text = "".join(pages)
    assert_numbered(pages)
    person = next(
        o for h in households for o in h.owners if len(o.name) == 3 and "公司" not in o.name
    )
    assert mask_name(person.name) in text
    assert person.name not in text and person.phone not in text and person.id_number not in text
    assert not contains_unmasked_number(text)
    for words in (
        "适用规则",
        "表决统计",
        "各户意见",
        "公示期限",
        "异议方式",
        "同意",
        "反对",
        "弃权",
        "盖章",
    ):
        assert words in text, words
    assert f"{estate.name}{building.name}{unit.name}" in text


def test_the_printed_notice_period_ends_when_objections_stop_counting(
    demo: Project, tmp_path: Path
) -> None:
    estate = demo.estates.list()[1]
    building, unit = quiet_unit(demo, estate)
    start_vote(demo, unit.uuid, ["agree", "agree"])
    consultation = demo.consultations.for_scope("unit", unit.uuid)
    demo.consultations.start_notice(consultation.uuid, "2025-04-21", 10)
    out = tmp_path / "公示.pdf"
    build_report(demo, "notice", [estate], out, scope=f"{building.name}{unit.name}")
    text = re.sub(r"\s", "", "".join(pdf_pages(out)))
    # Civil Code Art. 201: the first day is not counted, so ten days from 21 April end on 1 May,
    # a holiday: Art. 203 moves the last day past the May Day days off (1-5 May) to 6 May, the
    # day the objection counting also ends (opinions.notice_objections).
    assert "共10日（按日历日计算），至2025年5月6日二十四时止" in text
    period = demo.consultations.notice_state(consultation.uuid).period
    assert period is not None and period.end is not None and period.end.isoformat() == "2025-05-06"


def test_notice_with_no_votes_lists_every_flat_as_not_asked(demo: Project, tmp_path: Path) -> None:
    estate = demo.estates.list()[2]
    building, unit = quiet_unit(demo, estate)
    start_vote(demo, unit.uuid, [])
    out = tmp_path / "none.pdf"
    build_report(demo, "notice", [estate], out, scope=f"{building.name} {unit.name}")
    text = "".join(pdf_pages(out))
    rooms = demo.households.of_unit(unit.uuid)
    assert text.count("未征询") >= len(rooms)
    assert "未通过" in text


def test_notice_for_a_scope_without_consultation_is_refused(demo: Project, tmp_path: Path) -> None:
    estate = demo.estates.list()[3]
    building, unit = quiet_unit(demo, estate)
    with pytest.raises(RetrofitError) as caught:
        build_report(
            demo, "notice", [estate], tmp_path / "x.pdf", scope=f"{building.name}{unit.name}"
        )
    assert caught.value.code == ErrorCode.NO_CONSULTATION
    assert not (tmp_path / "x.pdf").exists()


def test_long_roster_repeats_the_table_header_on_each_page(demo: Project, tmp_path: Path) -> None:
    estate = demo.estates.list()[0]
    building = max(
        demo.buildings.of_estate(estate.uuid), key=lambda b: len(demo.buildings.units(b.uuid))
    )
    consultation = demo.consultations.for_scope(
        "building", building.uuid, rule="civil-code-278-building"
    )
    for unit in demo.buildings.units(building.uuid):
        for household in demo.households.of_unit(unit.uuid):
            demo.consultations.record_vote(consultation.uuid, household.uuid, "agree")
    out = tmp_path / "long.pdf"
    build_report(demo, "notice", [estate], out, scope=building.name)
    pages = pdf_pages(out, layout=True)
    roster_pages = [p for p in pages if re.search(r"\b\d{3,4}\b.*同意", p)]
    assert len(roster_pages) >= 2
    for page in roster_pages:
        assert re.search(r"单元\s+房号\s+楼层", page), page[:400]


def inspected_estate(project: Project) -> tuple[Estate, Checklist]:
    """An estate whose acceptance inspection has one item passed and one to rectify (with a note)."""
    estate = project.estates.list()[4]
    checklists = ChecklistService(project)
    checklists.create_for_estate(estate.uuid, ["acceptance_inspection"])
    chosen = next(
        c
        for c in checklists.of_estate(estate.uuid)
        if c.template.template_id == "acceptance_inspection"
    )
    checklists.answer(chosen.uuid, "acc.completion_report", "completion", "pass")
    checklists.answer(
        chosen.uuid, "acc.supervision_report", "completion", "rectify", note="缺少监理签章"
    )
    return estate, chosen


def test_checklist_answers_and_defects_appear_in_the_acceptance_report(
    demo: Project, tmp_path: Path
) -> None:
    estate, _checklist = inspected_estate(demo)
    ChecklistService(demo).defects.add(
        estate.uuid, "3幢屋面防水卷材搭接不足", responsible="施工单位", deadline="2026-12-31"
    )
    out = tmp_path / "checks.pdf"
    build_report(demo, "acceptance", [estate], out)
    text = re.sub(r"\s", "", "".join(pdf_pages(out)))  # a cell's wrapped lines joined again
    assert "施工单位工程竣工报告" in text and "合格" in text
    assert "限期整改" in text and "缺少监理签章" in text
    assert "屋面防水卷材搭接不足" in text and "2026-12-31" in text
    # Most items are not inspected yet: a draft that names them, never a conclusion.
    assert "待整改" in text and "验收结论：尚未验收" in text and "草稿" in text
    assert "同意通过竣工验收" not in text and "方可通过竣工验收" not in text


def test_survey_summary_covers_every_estate(demo: Project, tmp_path: Path) -> None:
    estates = demo.estates.list()
    out = tmp_path / "survey.pdf"
    result = build_report(demo, "survey", estates, out)
    pages = pdf_pages(out)
    assert_numbered(pages)
    text = "".join(pages)
    assert all(e.name in text for e in estates)
    assert "检查表进度" in text and "未整改问题" in text and "居民意见征询" in text
    assert image_count(out) == result.photos


def test_cancelling_writes_no_file(demo: Project, tmp_path: Path) -> None:
    out = tmp_path / "cancel.pdf"
    with pytest.raises(RetrofitError) as caught:
        build_report(demo, "survey", demo.estates.list(), out, cancelled=lambda: True)
    assert caught.value.code == ErrorCode.CANCELLED
    assert list(tmp_path.glob("cancel*")) == [] and list(tmp_path.glob("*.part")) == []


def test_progress_reaches_the_end(demo: Project, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    build_report(
        demo,
        "acceptance",
        demo.estates.list()[:1],
        tmp_path / "p.pdf",
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen and seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_cli_batch_writes_one_acceptance_report_per_estate(demo_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    code = main(["report", str(demo_path), "--all", "--kind", "acceptance", "--out", str(folder), "--grid", "6",
                 "--party", "client=南京市鼓楼区住房和城乡建设局"])  # fmt: skip
    assert code == 0
    files = sorted(folder.glob("*.pdf"))
    with Project(demo_path, readonly=True) as project:
        assert len(files) == len(project.estates.list())
    assert "南京市鼓楼区住房和城乡建设局" in "".join(pdf_pages(files[0]))


def test_cli_unknown_unit_is_one_sentence(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    with Project(demo_path, readonly=True) as project:
        code_ = project.estates.list()[0].code
    code = main(
        [
            "report",
            str(demo_path),
            "--estate",
            code_,
            "--kind",
            "notice",
            "--unit",
            "99幢",
            "--out",
            str(tmp_path / "n.pdf"),
        ]
    )
    assert code == 1
    err = capsys.readouterr().err.strip()
    assert "99幢" in err and "\n" not in err
