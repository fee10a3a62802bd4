"""Helpers shared by the benchmarks: timing, memory, result rows, a cached large project."""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

CACHE = Path.home() / ".cache" / "retrofit-app-bench"


def best_of(func: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` runs: the least disturbed by the other work on the machine."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1 / (1024 * 1024) if sys.platform == "darwin" else 1 / 1024
    return round(max(own, children) * scale, 1)


def row(name: str, seconds: float, floor_seconds: float, **extra: object) -> dict:
    return {
        "name": name,
        "seconds": round(seconds, 4),
        "floor_seconds": round(floor_seconds, 4),
        "ratio": round(seconds / floor_seconds, 2) if floor_seconds > 0 else None,
        "peak_rss_mb": peak_rss_mb(),
        **extra,
    }


def large_project() -> Path:
    """300 estates, ~30,000 households; made once and kept in the cache folder."""
    from retrofit_app.core.demo.estates import DemoSize

    return cached_demo(
        "large", DemoSize(estates=300, buildings=(3, 4), units=(2, 3), storeys=(5, 7))
    )


def cached_demo(stem: str, size: object) -> Path:
    """The demo's kind of data at `size` (a DemoSize), built once into the cache folder."""
    from retrofit_app.core.demo import build_demo

    return cached_project(stem, lambda temp: build_demo(temp, size=size))


def cached_project(stem: str, make: Callable[[Path], object]) -> Path:
    """The project `make` builds at the path it is given, built once into the cache folder (its
    name carries the schema, so a changed schema builds it anew)."""
    import hashlib

    from retrofit_app.core.storage.schema import SCHEMA_VERSION, schema_sql

    key = hashlib.sha256(schema_sql().encode()).hexdigest()[:10]
    path = CACHE / f"{stem}-v{SCHEMA_VERSION}-{key}.gpkg"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(".tmp.gpkg")
        temp.unlink(missing_ok=True)
        make(temp)
        temp.rename(path)
    return path
