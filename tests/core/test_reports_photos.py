"""Photos in reports: renditions copied into the PDF byte for byte, before beside after."""

from __future__ import annotations

from pathlib import Path

from retrofit_app.core.photos.service import PhotoService
from retrofit_app.core.project import Project
from retrofit_app.core.reports import ReportOptions, build_report
from retrofit_app.core.reports.facts import photos
from retrofit_app.core.reports.photo_pages import before_after_slots


def test_print_renditions_go_into_the_pdf_unchanged(demo_path: Path, tmp_path: Path) -> None:
    with Project(demo_path, readonly=True) as project:
        estate = next(e for e in project.estates.list() if photos(project, e.uuid))
        listed = photos(project, estate.uuid)
        service = PhotoService(project)
        renditions = [service.print_rendition(p["uuid"]) for p in listed]
        originals = [service.original(p["uuid"]) for p in listed]
        out = tmp_path / "photos.pdf"
        options = ReportOptions(photo_grid=6, photo_choice="all")  # not only the acceptance items'
        result = build_report(project, "acceptance", [estate], out, options=options)
    pdf = out.read_bytes()
    assert result.photos == len(renditions) > 0
    for data in renditions:
        assert data in pdf  # the JPEG stream is the rendition itself: not decoded, not re-encoded
    assert not any(data in pdf for data in originals)
    assert b"/DCTDecode" in pdf and b"ASCII85Decode" not in pdf


def test_an_annotated_photo_is_printed_with_its_annotation(demo_path: Path, tmp_path: Path) -> None:
    with Project(demo_path, user="测试员") as project:
        estate = next(e for e in project.estates.list() if photos(project, e.uuid))
        photo = photos(project, estate.uuid)[0]
        service = PhotoService(project)
        plain = service.print_rendition(photo["uuid"])
        shape = {"kind": "text", "x1": 0.05, "y1": 0.12, "text": "外墙渗水 需修补"}
        service.annotate(photo["uuid"], [shape])
        drawn = service.report_rendition(photo["uuid"])
        out = tmp_path / "annotated.pdf"
        chosen = ReportOptions(photo_uuids=(photo["uuid"],))  # picked, whatever it shows
        build_report(project, "acceptance", [estate], out, options=chosen)
    pdf = out.read_bytes()
    assert drawn != plain and drawn in pdf and plain not in pdf


def _photo(building: str, stage: str, n: int) -> dict:
    return {"uuid": f"{building}-{stage}-{n}", "building": building, "stage_tag": stage}


def test_nth_before_sits_beside_nth_after_and_pairs_start_a_row() -> None:
    listed = [
        _photo("1幢", "before", 1), _photo("1幢", "before", 2), _photo("1幢", "during", 1),
        _photo("1幢", "after", 1), _photo("2幢", "after", 1), _photo("2幢", "before", 1),
    ]  # fmt: skip
    slots = [s["uuid"] if s else None for s in before_after_slots(listed)]
    assert slots == [
        "1幢-before-1", "1幢-after-1", "1幢-before-2", "1幢-during-1",
        "2幢-before-1", "2幢-after-1",
    ]  # fmt: skip


def test_an_odd_leftover_leaves_an_empty_slot_so_the_next_pair_stays_aligned() -> None:
    listed = [_photo("1幢", "before", 1), _photo("2幢", "before", 1), _photo("2幢", "after", 1)]
    slots = [s["uuid"] if s else None for s in before_after_slots(listed)]
    assert slots == ["1幢-before-1", None, "2幢-before-1", "2幢-after-1"]


def test_no_photos_no_slots() -> None:
    assert before_after_slots([]) == []
