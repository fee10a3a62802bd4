"""A district's year in one file (issue 21): what the everyday commands cost on a file of that
size, against floors measured in the same run on the same file.

Usage: python bench/district_bench.py --scale 1|4   (1 ≈ 31 estates, ~8,000 households,
900 photos of 12 MP; 4 is four times that). The project is built once from generated photos and
kept in ~/.cache/retrofit-app-bench (never in the repository): the first run at --scale 1 takes a
while. bench/run.py runs it at --scale 0.05 with --quick.

Rows (each a ratio against its floor):
- info: opening the file and counting (floor: one `count(*)` through sqlite3);
- check: our check (floor: SQLite's own `PRAGMA integrity_check`; target ≤ 1.5);
- backup_first / backup_again: a backup when the store is empty, then the next one (floor: `cp`
  of the file; the second should cost the records, not the photos);
- merge_3_estates: a field copy of 3 estates merged back (floor: the same merge into the demo;
  target ≤ 2);
- acceptance_report: one estate's acceptance report with its photos (size in MB, target < 15 MB
  for 60 photos; floor: the same report on the demo).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import CACHE, row  # noqa: E402
from photos_bench import make_photos  # noqa: E402

from retrofit_app.core.demo import build_demo  # noqa: E402
from retrofit_app.core.demo.estates import DemoSize  # noqa: E402
from retrofit_app.core.photos.model import Placement  # noqa: E402
from retrofit_app.core.project import Project  # noqa: E402
from retrofit_app.core.storage.schema import SCHEMA_VERSION, schema_sql  # noqa: E402

ESTATES_AT_1X = 31
PHOTOS_AT_1X = 900


def district_project(scale: float) -> Path:
    """The district-sized project at `scale`, made once: the demo's kind of data for
    31 × scale estates, and 900 × scale generated 12-MP photos spread over them (every 15th
    estate gets a fifth of them, as an estate being accepted does)."""
    key = hashlib.sha256(schema_sql().encode()).hexdigest()[:10]
    path = CACHE / f"district-x{scale:g}-v{SCHEMA_VERSION}-{key}.gpkg"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp.gpkg")
    temp.unlink(missing_ok=True)
    estates = max(3, round(ESTATES_AT_1X * scale))
    build_demo(temp, size=DemoSize(estates=estates, buildings=(5, 8), units=(2, 3), storeys=(5, 7)))
    with tempfile.TemporaryDirectory(prefix="district-photos-") as folder:
        paths = make_photos(Path(folder), max(6, round(PHOTOS_AT_1X * scale)))
        with Project(temp, user="基准") as project:
            listed = project.estates.list()
            heavy = paths[: len(paths) // 5]
            project.photos.import_files(Placement(listed[0].uuid), heavy)
            rest = paths[len(heavy) :]
            for n, estate in enumerate(listed):
                chunk = rest[n :: len(listed)]
                if chunk:
                    project.photos.import_files(Placement(estate.uuid), chunk)
    temp.rename(path)
    return path


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


def _check(path: Path) -> None:
    from retrofit_app.core.integrity import check_project

    with Project(path, readonly=True) as project:
        check_project(project)


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


def _report(path: Path, out: Path) -> tuple[float, float, int]:
    """Seconds and MB of the acceptance report of the estate with the most photos."""
    from retrofit_app.core.reports.build import build_report

    with Project(path, user="基准") as project:
        counts = project.conn.execute(
            "SELECT estate_uuid, count(*) FROM photos GROUP BY estate_uuid ORDER BY 2 DESC LIMIT 1"
        ).fetchone()
        estate = next(e for e in project.estates.list() if e.uuid == counts[0])
        seconds = _timed(lambda: build_report(project, "acceptance", [estate], out))
    return seconds, out.stat().st_size / 1e6, counts[1]


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
        copy_floor = _timed(lambda: shutil.copyfile(big, temp / "cp.gpkg"))
        (temp / "cp.gpkg").unlink()
        first = _timed(lambda: make_backup(big, big, "manual"))
        again = _timed(lambda: make_backup(big, big, "manual"))
        rows.append(row("district_backup_first", first, copy_floor, **extra))
        rows.append(row("district_backup_again", again, copy_floor, **extra))
        on_demo = _merge_seconds(demo, temp)
        rows.append(row("district_merge_3_estates", _merge_seconds(big, temp), on_demo, **extra))
        demo_seconds, demo_mb, _ = _report(demo, temp / "demo-acceptance.pdf")
        seconds, mb, photos = _report(big, temp / "district-acceptance.pdf")
        rows.append(row("district_acceptance_report", seconds, demo_seconds, **extra,
                        report_mb=round(mb, 1), demo_report_mb=round(demo_mb, 1), photos=photos))  # fmt: skip
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
