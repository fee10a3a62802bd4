"""How the command line prints: JSON documents, plain tables, one-sentence errors."""

from __future__ import annotations

import json
import sys
from typing import Any


def emit_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")


def emit_table(header: list[str], rows: list[list[Any]]) -> None:
    cells = [header] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(header))]
    for row in cells:
        line = "  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True))
        sys.stdout.write(line.rstrip() + "\n")


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def fail(sentence: str, status: int = 1) -> int:
    sys.stderr.write(sentence.rstrip() + "\n")
    return status
