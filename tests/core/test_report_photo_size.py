"""Reports people can mail and print (issue 21 point 3): each photo goes into the PDF with the
pixels its printed box needs at about 200 dpi, upright, never enlarged, stored once however
often it is placed; a 60-photo acceptance report of phone-sized photos stays under 15 MB."""

from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from reportlab.lib.units import mm

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.photos.model import Placement, StageTag
from retrofit_app.core.photos.samples import as_stored, jpeg_bytes, make_exif, scene
from retrofit_app.core.project import Project
from retrofit_app.core.reports import ReportOptions, build_report
from retrofit_app.core.reports.fonts import find_report_font
from retrofit_app.core.reports.layout import FRAME_HEIGHT, FRAME_WIDTH, DocumentInfo, build_pdf
from retrofit_app.core.reports.photo_choice import acceptance_photos
from retrofit_app.core.reports.photo_pages import photo_grid_pages, prepare_photos
from retrofit_app.core.reports.stored_jpeg import jpeg_size, scaled_jpeg
from retrofit_app.core.reports.styles import make_styles, para
from retrofit_app.core.reports.wording import Wording

MAILABLE_BYTES = 15 * 1024 * 1024  # the bound for 60 photos
FRAME = (FRAME_WIDTH, FRAME_HEIGHT)


def listed_images(path: Path) -> list[dict]:
    """pdfimages -list: one row per placement, with its pixels, object and dpi on the page."""
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    rows = []
    for line in listing.stdout.splitlines()[2:]:
        f = line.split()
        rows.append({"page": int(f[0]), "width": int(f[3]), "height": int(f[4]),
                     "object": int(f[10]), "x_ppi": int(f[12]), "y_ppi": int(f[13])})  # fmt: skip
    return rows


def textured(seed: int, width: int = 2400, height: int = 1800) -> Image.Image:
    """A building with brick-, foliage- and render-like texture at several scales: its print
    rendition is as heavy as a real phone photo's (600-900 KB), unlike a flat drawing."""
    rng = np.random.default_rng(seed)
    picture = np.asarray(scene(width, height, f"photo {seed}", seed=seed), dtype=np.int16)
    for cells, amplitude in ((width // 8, 30), (width // 4, 24), (width // 2, 30)):
        grain = rng.integers(-amplitude, amplitude + 1, (cells * 3 // 4, cells, 3), dtype=np.int16)
        layer = Image.fromarray((grain + 128).astype(np.uint8)).resize((width, height))
        picture = picture + np.asarray(layer, dtype=np.int16) - 128
    return Image.fromarray(np.clip(picture, 0, 255).astype(np.uint8))


@pytest.fixture(scope="module")
def heavy_estate(tmp_path_factory: pytest.TempPathFactory):
    """An estate with 60 distinct phone-sized photos (30 before, 30 after); one in four was taken
    with the phone turned (stored sideways, EXIF orientation 6), as phones write them."""
    folder = tmp_path_factory.mktemp("heavy")
    bases = [textured(seed) for seed in range(4)]
    files = []
    for n in range(60):
        picture, exif = bases[n % 4], Image.Exif()
        if n % 4 == 1:
            picture, exif[0x0112] = picture.transpose(Image.Transpose.ROTATE_90), 6
        data = jpeg_bytes(picture, exif, quality=92)
        comment = f"copy {n}".encode()  # a COM segment: other bytes, the same picture
        data = data[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + data[2:]
        files.append(folder / f"IMG_{n:04d}.jpg")
        files[-1].write_bytes(data)
    project = Project.create(folder / "heavy.gpkg", user="test")
    estate = project.estates.create("照片小区", "玄武区", code="XW-7100")
    building = project.buildings.create(estate.uuid, "1幢")
    for stage, chunk in ((StageTag.BEFORE, files[:30]), (StageTag.AFTER, files[30:])):
        placement = Placement(estate.uuid, stage, building_uuid=building.uuid, caption="立面")
        project.photos.import_files(placement, chunk)
    yield project, project.estates.get(estate.uuid)
    project.close()


def test_a_60_photo_acceptance_report_is_mailable_with_each_photo_at_200_dpi(
    heavy_estate, tmp_path
):
    project, estate = heavy_estate
    out = tmp_path / "acceptance.pdf"
    result = build_report(
        project, "acceptance", [estate], out, options=ReportOptions(photo_choice="all")
    )
    assert result.photos == 60
    size = out.stat().st_size
    assert size < MAILABLE_BYTES, f"{size / 1e6:.1f} MB"
    photos = [row for row in listed_images(out) if row["width"] > 400]
    assert len(photos) == 60
    for row in photos:
        # The box of a 4-to-a-page grid is about 78 mm wide: 616 pixels, not the rendition's 1600.
        assert 195 <= row["x_ppi"] <= 205 and 195 <= row["y_ppi"] <= 205, row
        assert row["width"] < 700 and row["width"] > row["height"], row  # landscape, upright
    # The stored renditions alone are over three times that: the PDF holds no full rendition.
    renditions = sum(len(p["data"]()) for p in prepare_photos(project, photo_rows(project, estate)))
    assert renditions > 3 * size


def red_arrow_at_top_right(image: Image.Image) -> bool:
    """scene() draws a red arrow 2 text heights (h/18) from the right edge, 2-3 below the top."""
    w, h = image.size
    corner = image.crop((w - 3 * h // 18, 2 * h // 18, w - h // 18, 3 * h // 18))
    pixels = np.asarray(corner.convert("RGB"), dtype=np.int16)
    return (pixels[..., 0] > pixels[..., 1] + 60).sum() > corner.width * corner.height // 10


def test_twelve_megapixel_photos_filed_on_acceptance_items_print_at_200_dpi_upright(
    project, tmp_path
):
    """As a user files them: 16 phone photos of 4000 x 3000 pixels, a before and an after of 8
    acceptance items, taken with the phone held each of the four ways (EXIF orientation 1, 6, 8,
    3). The default acceptance report prints all 16, each about 200 dpi at its printed size and
    upright, in no more than the issue's 15 MB for 60 photos allows 16."""
    estate = project.estates.create("验收照片小区", "玄武区", code="XW-7102")
    project.checklists.create_for_estate(estate.uuid, ["acceptance_inspection"])
    accepting = next(c for c in project.checklists.of_estate(estate.uuid) if c.template.acceptance)
    items = [i for i in accepting.template.items if i.section not in ("documents", "conclusion")]
    upright = textured(7, 4000, 3000)
    bases = {
        o: jpeg_bytes(as_stored(upright, o), make_exif(orientation=o), quality=92)
        for o in (1, 6, 8, 3)
    }
    for n in range(16):
        data = bases[(1, 6, 8, 3)[n % 4]]
        comment = f"copy {n}".encode()  # a COM segment: other bytes, the same picture
        data = data[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + data[2:]
        path = tmp_path / f"IMG_{n:04d}.jpg"
        path.write_bytes(data)
        item = items[n // 2]
        stage = StageTag.BEFORE if n % 2 == 0 else StageTag.AFTER
        placement = Placement(estate.uuid, stage, checklist_uuid=accepting.uuid, item_id=item.id,
                              caption=item.zh)  # fmt: skip
        project.photos.import_files(placement, [path])
    assert {(p.width, p.height) for p in project.photos.list(estate.uuid)} == {(4000, 3000)}
    out = tmp_path / "acceptance.pdf"
    result = build_report(project, "acceptance", [estate], out)  # the default choice of photos
    assert result.photos == 16
    assert out.stat().st_size < MAILABLE_BYTES * 16 / 60, f"{out.stat().st_size / 1e6:.2f} MB"
    photos = [row for row in listed_images(out) if row["width"] > 400]
    assert len(photos) == 16
    for row in photos:
        assert 195 <= row["x_ppi"] <= 205 and 195 <= row["y_ppi"] <= 205, row
    subprocess.run(["pdfimages", "-j", str(out), str(tmp_path / "img")], check=True)
    extracted = sorted(tmp_path.glob("img-*.jpg"))
    shown = 0
    for path in extracted:
        with Image.open(path) as image:
            if image.width > 400:
                assert image.width > image.height, path.name  # landscape, as taken
                assert red_arrow_at_top_right(image), path.name
                shown += 1
    assert shown == 16


def photo_rows(project: Project, estate) -> list[dict]:
    return acceptance_photos(project, estate.uuid, "all", ())[0]


def test_a_photo_taken_sideways_prints_upright(heavy_estate, tmp_path):
    """The red arrow drawn in the picture's top-right corner is at the top right in the PDF."""
    project, estate = heavy_estate
    out = tmp_path / "one.pdf"
    turned = next(p for p in project.photos.list(estate.uuid) if p.file_name == "IMG_0001.jpg")
    options = ReportOptions(photo_choice="all", photo_uuids=(turned.uuid,))
    build_report(project, "acceptance", [estate], out, options=options)
    subprocess.run(["pdfimages", "-j", str(out), str(tmp_path / "img")], check=True)
    extracted = max(tmp_path.glob("img-*.jpg"), key=lambda p: p.stat().st_size)
    with Image.open(extracted) as image:
        assert image.width > image.height
        assert red_arrow_at_top_right(image)


def test_a_small_photo_is_never_enlarged_and_a_photo_placed_twice_is_stored_once(
    heavy_estate, tmp_path
):
    project, estate = heavy_estate
    rows = prepare_photos(project, photo_rows(project, estate)[:1])
    big = rows[0]
    small_jpeg = jpeg_bytes(Image.new("RGB", (320, 240), (90, 120, 150)))
    small = {**big, "uuid": "small", "data": small_jpeg, "size": (320, 240)}
    font = find_report_font().name
    styles, words = make_styles(font), Wording()
    story = photo_grid_pages(
        styles, words, [big, small], 4, para("照片", styles.h1), slots=[big, big, small]
    )
    out = tmp_path / "twice.pdf"
    build_pdf(out, story, DocumentInfo("照片", "照片", "测试", "1", font))
    placements = listed_images(out)
    assert len(placements) == 3
    first, second, third = placements
    assert first["object"] == second["object"]  # one image, drawn twice
    assert (third["width"], third["height"]) == (320, 240) and third["x_ppi"] < 200
    assert 195 <= first["x_ppi"] <= 205
    assert out.read_bytes().count(small_jpeg[-2000:]) == 1  # the small one as it was, unchanged


def test_a_rendition_that_says_it_is_turned_is_turned_upright():
    """A print rendition carrying EXIF orientation 6 (none written by this program, but a file
    from elsewhere may) is sized and printed upright: ReportLab ignores EXIF, so it is turned."""
    upright = scene(800, 600, "turned", seed=3)
    exif = Image.Exif()
    exif[0x0112] = 6
    stored = jpeg_bytes(upright.transpose(Image.Transpose.ROTATE_90), exif)
    assert jpeg_size(stored) == (800, 600)
    for size in (None, (400, 300)):
        with Image.open(BytesIO(scaled_jpeg(stored, size))) as image:
            assert image.size == (size or (800, 600))
            assert not image.getexif().get(0x0112)
            red, green, _ = image.getpixel((int(image.width * 0.9125), int(image.height * 0.15)))
            assert red > green + 100  # the red arrow, top right


def test_box_width_sets_the_pixels():
    """200 dpi: a photo printed 78 mm wide gets 614 pixels of its 1600."""
    from retrofit_app.core.reports.stored_jpeg import print_pixels

    assert print_pixels((1600, 1200), 78 * mm) == (614, 461)
    assert print_pixels((400, 300), 78 * mm) is None


def test_a_photo_drawn_on_while_the_report_builds_is_refused(project, tmp_path):
    """Pictures are read again when placed: one changed since it was chosen is refused, as the
    report must print what its digest names; one unchanged reads back as it was."""
    estate = project.estates.create("标注小区", "玄武区", code="XW-7101")
    path = tmp_path / "IMG_1.jpg"
    path.write_bytes(jpeg_bytes(scene(1200, 900, "drawn on", seed=5)))
    project.photos.import_files(Placement(estate.uuid, StageTag.BEFORE, caption="外墙"), [path])
    uuid = project.photos.list(estate.uuid)[0].uuid
    circle = {"kind": "circle", "x1": 0.4, "y1": 0.4, "x2": 0.6, "y2": 0.6}
    project.photos.annotate(uuid, [circle])
    (chosen,) = prepare_photos(project, acceptance_photos(project, estate.uuid, "all", ())[0])
    assert chosen["data"]() == project.photos.report_rendition(uuid)
    project.photos.annotate(uuid, [{**circle, "kind": "rect"}])
    with pytest.raises(RetrofitError) as refused:
        chosen["data"]()
    assert refused.value.code == ErrorCode.REPORT_DATA_CHANGED


def test_a_long_caption_stays_inside_its_cell_and_the_photo_gives_it_room(heavy_estate, tmp_path):
    """Six to a page, each photo captioned with the longest text allowed: every caption fits its
    caption row (before, three lines ran over the cell's line into the picture below), the
    pictures shrink to make room, and the page still holds all six."""
    from reportlab.platypus import Table

    from retrofit_app.core.limits import ADDRESS_MAX_CHARS

    project, estate = heavy_estate
    rows = prepare_photos(project, photo_rows(project, estate)[:6])
    long_words = ("门禁可在紧急情况下从内部就地手动开启" * 12)[:ADDRESS_MAX_CHARS]
    rows = [{**row, "caption": long_words} for row in rows]
    font = find_report_font().name
    styles, words = make_styles(font), Wording()
    story = photo_grid_pages(styles, words, rows, 6, para("照片", styles.h1))
    [grid] = [f for f in story if isinstance(f, Table)]
    grid.wrap(*FRAME)
    assert sum(grid._rowHeights) <= FRAME[1]  # one page
    for r in range(1, len(grid._rowHeights), 2):  # the caption rows
        for cell, width in zip(grid._cellvalues[r], grid._colWidths, strict=True):
            assert cell.wrap(width - 4, 10_000)[1] <= grid._rowHeights[r] - 4
    out = tmp_path / "long.pdf"
    build_pdf(out, story, DocumentInfo("照片", "照片", "测试", "1", font))
    assert len(listed_images(out)) == 6
