"""An acceptance report prints the photos chosen for it: by default the after photos of the acceptance
items beside their befores, not every photo of the estate; or all, none, those picked; and the
sections asked for, numbered in sequence."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from retrofit_app.cli import main
from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.photos.model import Placement, StageTag
from retrofit_app.core.project import Project
from retrofit_app.core.reports import ReportOptions, build_report


def pdf_images(path: Path) -> int:
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    return len(listing.stdout.splitlines()[2:])  # two header lines, then one line per image


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return "".join(text.split())


def pictures(folder: Path, first: int, count: int) -> list[Path]:
    """`count` small JPEGs, each a different colour (the photo store refuses duplicates)."""
    paths = []
    for n in range(first, first + count):
        path = folder / f"photo{n}.jpg"
        Image.new("RGB", (96, 72), (n * 37 % 256, n * 91 % 256, n * 13 % 256)).save(path)
        paths.append(path)
    return paths


@pytest.fixture
def estate(project: Project, tmp_path: Path):
    """60 photos: 8 after photos of acceptance items (5 with a before of the same item), the
    other 47 of the building (before, during, after) linked to no item."""
    made = project.estates.create("选图测试小区", "玄武区", code="XW-7001")
    building = project.buildings.create(made.uuid, "1幢")
    project.estates.update(made.uuid, stage="acceptance")
    project.checklists.create_for_estate(made.uuid, ["acceptance_inspection"])
    accepting = next(c for c in project.checklists.of_estate(made.uuid) if c.template.acceptance)
    items = [i.id for i in accepting.template.items if i.section not in ("documents", "conclusion")]
    n = 0
    for k, item in enumerate(items[:8]):
        for stage in [StageTag.AFTER] + ([StageTag.BEFORE] if k < 5 else []):
            placement = Placement(made.uuid, stage, checklist_uuid=accepting.uuid, item_id=item,
                                  caption=f"验收项{k}{stage.value}")  # fmt: skip
            project.photos.import_files(placement, pictures(tmp_path, n, 1))
            n += 1
    for stage, count in ((StageTag.BEFORE, 16), (StageTag.DURING, 16), (StageTag.AFTER, 15)):
        placement = Placement(made.uuid, stage, building_uuid=building.uuid, caption="现场")
        project.photos.import_files(placement, pictures(tmp_path, n, count))
        n += count
    assert len(project.photos.list(made.uuid)) == 60
    return project.estates.get(made.uuid)


def test_by_default_the_after_photos_of_the_acceptance_items_and_their_befores(
    project, estate, tmp_path
):
    out = tmp_path / "default.pdf"
    result = build_report(project, "acceptance", [estate], out)
    assert result.photos == 13 and pdf_images(out) == 13  # 8 after + 5 before, not 60
    text = pdf_text(out)
    # Each before sits just before its after (图1 before of item 0, 图2 its after …).
    for k in range(5):
        assert f"图{2 * k + 1}·改造前·验收项{k}before" in text
        assert f"图{2 * k + 2}·改造后·验收项{k}after" in text
    assert "现场" not in text


def test_all_none_and_picked_photos(project, estate, tmp_path):
    everything, nothing, picked = tmp_path / "all.pdf", tmp_path / "none.pdf", tmp_path / "p.pdf"
    build_report(project, "acceptance", [estate], everything,
                 options=ReportOptions(photo_choice="all"))  # fmt: skip
    assert pdf_images(everything) == 60
    build_report(project, "acceptance", [estate], nothing,
                 options=ReportOptions(photo_choice="none"))  # fmt: skip
    assert pdf_images(nothing) == 0 and "本报告未选印照片（本小区共有照片60张" in pdf_text(nothing)
    during = [p.uuid for p in project.photos.list(estate.uuid) if p.stage_tag == "during"][:2]
    build_report(project, "acceptance", [estate], picked,
                 options=ReportOptions(photo_uuids=tuple(during)))  # fmt: skip
    assert pdf_images(picked) == 2
    text = pdf_text(picked)
    assert "图2·" in text and "图3·" not in text and "施工中" in text


def test_a_photo_of_another_estate_cannot_be_picked(project, estate, tmp_path):
    other = project.estates.create("别的小区", "玄武区", code="XW-7002")
    [imported] = project.photos.import_files(Placement(other.uuid), pictures(tmp_path, 900, 1))
    with pytest.raises(RetrofitError):
        build_report(project, "acceptance", [estate], tmp_path / "x.pdf",
                     options=ReportOptions(photo_uuids=(str(imported.photo_id),)))  # fmt: skip
    assert not (tmp_path / "x.pdf").exists()


def test_cli_photos_and_sections(project, estate, tmp_path, capsys):
    path = project.path
    project.close()
    out = tmp_path / "cli.pdf"
    args = ["report", str(path), "--estate", "XW-7001", "--kind", "acceptance", "--out", str(out)]
    assert main([*args, "--photos", "none", "--sections", "inspection,photos"]) == 0
    text = pdf_text(out)
    assert pdf_images(out) == 0
    assert "一、验收检查结果" in text
    assert "工程概况" not in text and "总平面示意" not in text  # left out
    assert "二、改造前后照片" in text and "三、验收结论" in text and "四、" in text
    assert main([*args, "--photos", "all"]) == 0 and pdf_images(out) == 60
    with Project(path, readonly=True) as reopened:
        first = reopened.photos.list(estate.uuid)[0]
    assert main([*args, "--photo", first.uuid]) == 0 and pdf_images(out) == 1
    assert main([*args, "--sections", "overview,nonsense"]) != 0
    assert "--sections" in capsys.readouterr().err
