"""A district's year in one file (issue 21): what the everyday commands cost on a file of that
size, against floors measured in the same run on the same file.

Usage: python bench/district_bench.py --scale 1|4   (1 ≈ 31 estates, ~8,000 households,
900 photos of 12 MP; 4 is four times that). The project is built once from generated photos and
kept in ~/.cache/retrofit-app-bench (never in the repository): the first run at --scale 1 takes a
while. bench/run.py runs it at --scale 0.05 with --quick.

Rows (each a ratio against its floor):
- info: opening the file and counting (floor: one `count(*)` through sqlite3);
- check: our check (floor: SQLite's own `PRAGMA integrity_check`; target ≤ 1.5);
- check_quick: `check --quick` right after it (nothing new to hash; same floor);
- backup_first / backup_again: a backup when the store is empty, then the next one (floor: `cp`
  of the file; the second should cost the records, not the photos);
- merge_3_estates: a field copy of 3 estates merged back (floor: the same merge into the demo;
  target ≤ 2);
- acceptance_report: the acceptance report of the estate with the most photos, 60 of its 12-MP
  photos (30 before, 30 after) placed on its acceptance items in the bench's copy, as a user
  files them, so the report's default choice prints all 60 (target < 15 MB, each photo ≈ 200 dpi
  at its printed size: the ppi range pdfimages reads); floor: the same report on the demo holding
  the same kind of 60 photos (made once into the bench cache).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import cached_project, row  # noqa: E402
from photos_bench import make_photos  # noqa: E402

from retrofit_app.core.demo import build_demo  # noqa: E402
from retrofit_app.core.demo.estates import DemoSize  # noqa: E402
from retrofit_app.core.photos.model import Placement, StageTag  # noqa: E402
from retrofit_app.core.project import Project  # noqa: E402

ESTATES_AT_1X = 31
PHOTOS_AT_1X = 900
ACCEPTED_PHOTOS = 60  # the acceptance report: 60 photos under 15 MB


def district_project(scale: float) -> Path:
    """The district-sized project at `scale`, made once: the demo's kind of data for
    31 × scale estates, and 900 × scale generated 12-MP photos spread over them (every 15th
    estate gets a fifth of them, as an estate being accepted does)."""
    return cached_project(f"district-x{scale:g}", lambda temp: _build_district(temp, scale))


def _build_district(temp: Path, scale: float) -> None:
    estates = max(3, round(ESTATES_AT_1X * scale))
    build_demo(temp, size=DemoSize(estates=estates, buildings=(5, 8), units=(2, 3), storeys=(5, 7)))
    with tempfile.TemporaryDirectory(prefix="district-photos-") as folder:
        count = max(6, round(PHOTOS_AT_1X * scale))
        # The estate being accepted holds at least the report's 60 photos at any scale.
        heavy_count = max(ACCEPTED_PHOTOS, count // 5)
        paths = make_photos(Path(folder), heavy_count + count - count // 5)
        with Project(temp, user="基准") as project:
            listed = project.estates.list()
            heavy = paths[:heavy_count]
            project.photos.import_files(Placement(listed[0].uuid), heavy)
            rest = paths[len(heavy) :]
            for n, estate in enumerate(listed):
                chunk = rest[n :: len(listed)]
                if chunk:
                    project.photos.import_files(Placement(estate.uuid), chunk)


def _timed(func) -> float:  # noqa: ANN001
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def _info(path: Path) -> None:
    with Project(path, readonly=True) as project:
        project.meta()
        project.counts()


def _count(path: Path) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM households").fetchone()
    finally:
        conn.close()


def _integrity(path: Path) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


def _check(path: Path, quick: bool = False) -> None:
    """`check` (quick: `check --quick` after the full one, no photo added: SQLite's quick check
    and no photo hashed again); its record of checks kept beside the file, not in the user's."""
    import os

    from retrofit_app.core.integrity import run_check

    before = os.environ.get("RETROFIT_APP_DATA_DIR")
    os.environ["RETROFIT_APP_DATA_DIR"] = str(path.parent / "check-records")
    try:
        with Project(path, readonly=True) as project:
            found = run_check(project, quick=quick)
    finally:
        if before is None:
            del os.environ["RETROFIT_APP_DATA_DIR"]
        else:
            os.environ["RETROFIT_APP_DATA_DIR"] = before
    if found.problems:
        raise RuntimeError(f"check found problems in the bench's file: {found.problems[:3]}")


def _merge_seconds(office: Path, temp: Path) -> float:
    """Export 3 estates, change a household in each, merge back: the merge alone timed."""
    from retrofit_app.core.exchange.export import export_package
    from retrofit_app.core.exchange.merge import merge_package

    package = temp / f"field-{office.stem}.gpkg"
    with Project(office, user="办公室") as opened:
        codes = [e.code for e in opened.estates.list()[:3]]
        made = export_package(opened, codes, package)
    with Project(made.path, user="外业") as field:
        for estate in field.estates.list():
            unit = field.buildings.units(field.buildings.of_estate(estate.uuid)[0].uuid)[0]
            household = field.households.of_unit(unit.uuid)[0]
            field.households.update(household.uuid, note=f"外业核实 {estate.code}")
    with Project(office, user="办公室") as opened:
        return _timed(lambda: merge_package(opened, made.path))


def _file_photos_on_acceptance_items(project: Project) -> str:
    """Place 60 of the generated 12-MP photos of the estate with the most photos on its acceptance
    items, a before and an after of each item, as a user files them; returns the estate's uuid."""
    estate_uuid = project.conn.execute(
        "SELECT estate_uuid FROM photos WHERE deleted_at IS NULL"
        " GROUP BY estate_uuid ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    # The generated 12-MP ones, not the demo's small drawings; by name, so the phone held each of
    # the four ways (EXIF orientations 1, 6, 8, 3 in turn) is among them.
    listed = sorted(project.photos.list(estate_uuid), key=lambda p: p.file_name)
    phone = [p for p in listed if (p.width or 0) * (p.height or 0) >= 12e6]
    if len(phone) < ACCEPTED_PHOTOS:
        raise SystemExit(f"{project.path} has {len(phone)} 12-MP photos in one estate, not "
                         f"{ACCEPTED_PHOTOS}: delete it from the bench cache to build it again")  # fmt: skip
    project.checklists.create_for_estate(estate_uuid, ["acceptance_inspection"])
    accepting = next(c for c in project.checklists.of_estate(estate_uuid) if c.template.acceptance)
    items = [i for i in accepting.template.items if i.section not in ("documents", "conclusion")]
    pairs = ACCEPTED_PHOTOS // 2
    for n, photo in enumerate(phone[:ACCEPTED_PHOTOS]):
        stage = StageTag.BEFORE if n < pairs else StageTag.AFTER
        item = items[(n % pairs) % len(items)]
        project.photos.update(photo.uuid, stage_tag=stage, checklist_uuid=accepting.uuid,
                              item_id=item.id, caption=item.zh)  # fmt: skip
    return estate_uuid


def accepting_demo() -> Path:
    """The demo with 60 generated 12-MP photos in one estate: the report's floor, the same report
    on a small file (_report files them on the acceptance items). Made once into the bench cache."""

    def build(temp: Path) -> None:
        build_demo(temp)
        with tempfile.TemporaryDirectory(prefix="accepting-photos-") as folder, \
                Project(temp, user="基准") as project:  # fmt: skip
            photos = make_photos(Path(folder), ACCEPTED_PHOTOS)
            project.photos.import_files(Placement(project.estates.list()[0].uuid), photos)

    return cached_project(f"accepting-demo-{ACCEPTED_PHOTOS}", build)


def placed_ppi(pdf: Path) -> list[int]:
    """The x and y ppi of every photo (JPEG) placed in `pdf`, as pdfimages -list reads them."""
    import subprocess

    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]  # fmt: skip
    rows = [line.split() for line in listing]
    return [int(v) for f in rows if f[8] == "jpeg" for v in f[12:14]]


def _report(path: Path, out: Path) -> dict:
    """Seconds, MB, photos placed and their ppi range of the acceptance report of the estate with
    the most photos, once 60 of them are filed on its acceptance items (`path` is a copy)."""
    from retrofit_app.core.reports.build import build_report

    with Project(path, user="基准") as project:
        estate_uuid = _file_photos_on_acceptance_items(project)
        estate = project.estates.get(estate_uuid)
        start = time.perf_counter()
        result = build_report(project, "acceptance", [estate], out)
        seconds = time.perf_counter() - start
    ppi = placed_ppi(out)
    return {"seconds": seconds, "mb": round(out.stat().st_size / 1e6, 2), "photos": result.photos,
            "ppi": [min(ppi), max(ppi)] if ppi else []}  # fmt: skip


def run_at(scale: float) -> list[dict]:
    from retrofit_app.core.storage.backups import make_backup

    source = district_project(scale)
    rows = []
    with tempfile.TemporaryDirectory(prefix="district-bench-") as folder:
        temp = Path(folder)
        big, demo = temp / "district.gpkg", temp / "demo.gpkg"
        shutil.copyfile(source, big)
        build_demo(demo)
        size_mb = round(big.stat().st_size / 1e6)
        extra = {"scale": scale, "file_mb": size_mb}
        _info(big)  # warm: the figures are the file's, not the first import of the code
        rows.append(row("district_info", _timed(lambda: _info(big)), _timed(lambda: _count(big)), **extra))
        rows.append(row("district_check", _timed(lambda: _check(big)), _timed(lambda: _integrity(big)), **extra))  # fmt: skip
        rows.append(row("district_check_quick", _timed(lambda: _check(big, quick=True)), _timed(lambda: _integrity(big)), **extra))  # fmt: skip
        copy_floor = _timed(lambda: shutil.copyfile(big, temp / "cp.gpkg"))
        (temp / "cp.gpkg").unlink()
        first = _timed(lambda: make_backup(big, big, "manual"))
        again = _timed(lambda: make_backup(big, big, "manual"))
        rows.append(row("district_backup_first", first, copy_floor, **extra))
        rows.append(row("district_backup_again", again, copy_floor, **extra))
        on_demo = _merge_seconds(demo, temp)
        rows.append(row("district_merge_3_estates", _merge_seconds(big, temp), on_demo, **extra))
        shutil.copyfile(accepting_demo(), temp / "accepting.gpkg")
        small = _report(temp / "accepting.gpkg", temp / "demo-acceptance.pdf")
        (temp / "accepting.gpkg").unlink()
        ours = _report(big, temp / "district-acceptance.pdf")
        rows.append(row("district_acceptance_report", ours["seconds"], small["seconds"], **extra,
                        report_mb=ours["mb"], photos=ours["photos"], placed_ppi=ours["ppi"],
                        demo_report_mb=small["mb"], demo_photos=small["photos"]))  # fmt: skip
    return rows


def run(quick: bool) -> list[dict]:
    """bench/run.py: a small district (--quick) or the 1× one."""
    return run_at(0.05 if quick else 1.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = a district's year, 4 = four")
    args = parser.parse_args()
    for result in run_at(args.scale):
        print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
