"""Photo import: N generated 12-megapixel phone JPEGs through `retrofit-app import-photos`.

Floor, measured in the same run: the same work (read, SHA-256, draft-mode decode,
thumbnail and print rendition) done one file after another in one process.
Also reported: the peak memory of the whole import (the CLI process, the
forkserver and the decoding workers, summed) and the renditions' size as a
share of the originals'.
"""

from __future__ import annotations

import hashlib
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import row

from retrofit_app.core.photos.renditions import Failed, render
from retrofit_app.core.photos.samples import as_stored, jpeg_bytes, make_exif, scene

WIDTH, HEIGHT = 4000, 3000
# CPU seconds spent, to tell a slow import from a machine that did not give us both cores.
_CPU = {"floor": 0.0, "import": 0.0}  # 12 MP, as a phone writes
ORIENTATIONS = (1, 6, 8, 3)


def make_photos(folder: Path, count: int) -> list[Path]:
    """`count` distinct files from a few noisy base pictures: each copy gets its own JPEG comment,
    so every file has different bytes (no duplicates) but costs the same to decode."""
    bases = []
    for i, orientation in enumerate(ORIENTATIONS):
        upright = scene(WIDTH, HEIGHT, f"bench photo {i}", seed=i, noise=True)
        exif = make_exif(
            orientation=orientation, taken_at=f"2024:05:0{i + 1} 10:00:00", offset="+08:00",
            lon=118.78 + i * 0.001, lat=32.05, make="Apple", model="iPhone 13",
        )  # fmt: skip
        bases.append(jpeg_bytes(as_stored(upright, orientation), exif, quality=92))
    paths = []
    for n in range(count):
        base = bases[n % len(bases)]
        comment = f"bench copy {n}".encode()
        unique = base[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + base[2:]
        path = folder / f"IMG_{n:04d}.jpg"
        path.write_bytes(unique)
        paths.append(path)
    return paths


def floor_seconds(paths: list[Path]) -> float:
    start = time.perf_counter()
    cpu = time.process_time()
    for path in paths:
        data = path.read_bytes()
        hashlib.sha256(data).hexdigest()
        if isinstance(render(data), Failed):
            raise RuntimeError(f"floor could not decode {path}")
    _CPU["floor"] += time.process_time() - cpu
    return time.perf_counter() - start


def _tree_rss_mb(root: int) -> float:
    """Summed resident memory of `root` and all its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/statm") as statm:
                rss[int(entry)] = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    family, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return sum(rss.get(pid, 0) for pid in family) / 1024 / 1024


def import_seconds(project: Path, folder: Path) -> tuple[float, float]:
    """Wall time of the CLI import and the peak memory of its process tree."""
    command = [
        sys.executable,
        "-m",
        "retrofit_app",
        "import-photos",
        str(project),
        "--estate",
        "BENCH-1",
        str(folder),
    ]
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0.0]

    def sample() -> None:
        while process.poll() is None:
            if sys.platform.startswith("linux"):
                peak[0] = max(peak[0], _tree_rss_mb(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    after = resource.getrusage(
        resource.RUSAGE_CHILDREN
    )  # the CLI and its forked workers, all reaped
    _CPU["import"] += (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(
            err.decode("utf-8", "replace")[-2000:] or out.decode("utf-8", "replace")[-2000:]
        )
    return seconds, round(peak[0], 1)


def _sizes(project: Path) -> tuple[int, int]:
    with sqlite3.connect(project) as conn:
        original, renditions = conn.execute(
            "SELECT sum(length(original)), sum(length(thumbnail) + length(print)) FROM photo_data"
        ).fetchone()
    return original, renditions


def run(quick: bool) -> list[dict]:
    from retrofit_app.core.project import Project

    count = 16 if quick else 200
    _CPU.update({"floor": 0.0, "import": 0.0})
    with tempfile.TemporaryDirectory(prefix="photos-bench-") as temp:
        folder = Path(temp) / "photos"
        folder.mkdir()
        paths = make_photos(folder, count)
        project = Path(temp) / "bench.gpkg"
        with Project.create(project, user="bench") as opened:
            opened.estates.create("基准小区", "玄武区", code="BENCH-1")
        # Half the floor before the import and half after, so a change in the machine's load
        # during the run (other jobs share it) weighs on both sides alike.
        half = len(paths) // 2
        floor = floor_seconds(paths[:half])
        seconds, peak_mb = import_seconds(project, folder)
        floor += floor_seconds(paths[half:])
        original, renditions = _sizes(project)
    return [
        row(
            f"import_photos_{count}x12MP", seconds, floor,
            target_ratio=0.8, import_peak_mb=peak_mb, target_peak_mb=600,
            renditions_share=round(renditions / original, 3), target_renditions_share=0.30,
            originals_mb=round(original / 1e6, 1), workers=os.cpu_count(),
            floor_cpu_seconds=round(_CPU["floor"], 1), import_cpu_seconds=round(_CPU["import"], 1),
            cores_used_by_import=round(_CPU["import"] / seconds, 2),
        )
    ]  # fmt: skip


if __name__ == "__main__":
    import json

    for result in run("--quick" in sys.argv):
        print(json.dumps(result, ensure_ascii=False))
