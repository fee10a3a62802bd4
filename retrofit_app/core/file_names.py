"""Names for files the program writes beside the user's own."""

from __future__ import annotations

from pathlib import Path


def next_free_name(path: Path) -> Path:
    """`报告.pdf` → `报告-2.pdf` (or -3, …): the first name beside `path` that is not taken."""
    number = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        if not candidate.exists():
            return candidate
        number += 1
