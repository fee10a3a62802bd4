"""Reports: an acceptance report with N photos against ReportLab placing the same N rendition JPEGs.

Floor, measured in the same run: a bare ReportLab canvas that draws the same print
renditions (already written out as .jpg files) one to a page, with no other layout, plus
Pillow scaling each of them to the pixels its printed box needs at 200 dpi (issue 21
point 3: the report does that, so the floor does it too; draft decoding, bilinear, no
Huffman optimisation: the least it can cost). Also reported: the PDF's size as a share of
the renditions' size, the placed photos' dpi (pdfimages) and peak memory.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from common import cached_project, row

from retrofit_app.core.photos.importer import import_photos
from retrofit_app.core.photos.model import Placement, StageTag
from retrofit_app.core.photos.samples import jpeg_bytes, scene
from retrofit_app.core.photos.service import PhotoService
from retrofit_app.core.project import Project
from retrofit_app.core.reports import ReportOptions, build_report


def _photo_files(folder: Path, count: int) -> list[Path]:
    """`count` distinct phone-sized JPEGs (a few base pictures, each copy with its own comment)."""
    bases = [
        jpeg_bytes(
            scene(
                2400, 1800, f"bench {i}", stage="before" if i % 2 else "after", seed=i, noise=True
            )
        )
        for i in range(4)
    ]
    paths = []
    for n in range(count):
        data = bases[n % 4]
        # A COM segment right after SOI makes the bytes unique without changing the picture.
        comment = f"copy {n}".encode()
        data = data[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + data[2:]
        path = folder / f"p{n:04d}.jpg"
        path.write_bytes(data)
        paths.append(path)
    return paths


def photo_project(count: int) -> Path:
    """A project with one estate holding `count` imported photos; cached between runs."""

    def build(temp: Path) -> None:
        with Project.create(temp, user="bench") as project, tempfile.TemporaryDirectory() as folder:
            estate = project.estates.create(
                "基准小区", "鼓楼区", street="宁海路街道", lon=118.77, lat=32.06
            )
            building = project.buildings.create(estate.uuid, "1幢", storeys=6)
            files = _photo_files(Path(folder), count)
            half = len(files) // 2
            for tag, chunk in ((StageTag.BEFORE, files[:half]), (StageTag.AFTER, files[half:])):
                placement = Placement(
                    estate.uuid, stage_tag=tag, building_uuid=building.uuid, caption="立面"
                )
                # no worker processes: works from any caller
                import_photos(project, placement, chunk, workers=0)

    return cached_project(f"reports-{count}", build)


def _floor(files: list[Path], out: Path) -> float:
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    rl_config.useA85 = 0
    start = time.perf_counter()
    canvas = Canvas(str(out), pagesize=A4)
    for path in files:
        canvas.drawImage(str(path), 40, 200, width=515, height=386)
        canvas.showPage()
    canvas.save()
    return time.perf_counter() - start


def _scale_floor(files: list[Path], size: tuple[int, int] = (616, 462)) -> float:
    from io import BytesIO

    from PIL import Image

    start = time.perf_counter()
    for path in files:
        with Image.open(path) as image:
            image.draft("RGB", size)
            out = BytesIO()
            image.resize(size, Image.Resampling.BILINEAR).save(out, "JPEG", quality=85)
    return time.perf_counter() - start


def _placed_dpi(pdf: Path) -> list[int]:
    import subprocess

    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    return sorted({int(line.split()[12]) for line in listing.stdout.splitlines()[2:]})


def run(quick: bool) -> list[dict]:
    count = 40 if quick else 200
    path = photo_project(count)
    with Project(path, readonly=True) as project, tempfile.TemporaryDirectory() as folder:
        estate = project.estates.list()[0]
        service = PhotoService(project)
        files = []
        for n, photo in enumerate(service.list(estate.uuid)):
            files.append(Path(folder) / f"r{n:04d}.jpg")
            files[-1].write_bytes(service.report_rendition(photo.uuid))
        renditions = sum(f.stat().st_size for f in files)
        floors, ours = [], []
        out = Path(folder) / "report.pdf"
        for _ in range(2 if quick else 7):
            # Both write a new file: replacing an old 60 MB one costs its own time on some file systems.
            (Path(folder) / "floor.pdf").unlink(missing_ok=True)
            out.unlink(missing_ok=True)
            floors.append(_floor(files, Path(folder) / "floor.pdf") + _scale_floor(files))
            start = time.perf_counter()
            result = build_report(
                project,
                "acceptance",
                [estate],
                out,
                options=ReportOptions(photo_grid=4, photo_choice="all"),
            )
            ours.append(time.perf_counter() - start)
        size = out.stat().st_size
        dpi = _placed_dpi(out)
    return [
        row(
            f"acceptance report, {count} photos",
            min(ours),
            min(floors),
            photos=result.photos,
            pages=result.pages,
            pdf_mb=round(size / 1e6, 2),
            renditions_mb=round(renditions / 1e6, 2),
            size_ratio=round(size / renditions, 3),
            placed_dpi=dpi,
        )
    ]


if __name__ == "__main__":
    import json

    for line in run(quick=True):
        print(json.dumps(line, ensure_ascii=False))
