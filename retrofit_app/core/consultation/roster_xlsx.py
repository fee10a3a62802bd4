"""Merged cells of a roster sheet read as Excel and WPS show them: the value in every cell they cover.

Staff merge 楼栋 and 单元 down a unit's rows (one 9幢 beside four rooms). A workbook
stores the value in the top-left cell only, and openpyxl's read-only sheets do not say
which cells are merged, so the other rows would have no building or unit, and their
flats would leave the unit (which then "passes 1/1"). The merged ranges are read from
the sheet's XML (<mergeCell ref="A2:A5"/>, after the rows), streamed in pieces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from openpyxl.utils.cell import range_boundaries

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Za-z]+[0-9]+:[A-Za-z]+[0-9]+)"')
_CHUNK = 1 << 20
_OVERLAP = 200  # longer than one <mergeCell .../> element: none is cut between two pieces


class Merged(NamedTuple):
    first_col: int  # 1-based, as openpyxl counts
    first_row: int
    last_col: int
    last_row: int


def merged_ranges(sheet: Any) -> list[Merged]:
    """The merged ranges of a read-only openpyxl sheet, by first row (none for other sheets)."""
    source = getattr(sheet, "_get_source", None)
    if source is None:
        return [Merged(*(range_boundaries(str(r)))) for r in getattr(sheet, "merged_cells", ())]
    found: set[bytes] = set()
    tail = b""
    with source() as xml:
        while piece := xml.read(_CHUNK):
            text = tail + piece
            start = text.find(b"mergeCell")  # most pieces hold rows only: one fast search
            if start >= 0:
                found.update(_MERGE.findall(text, max(0, start - 16)))
            tail = text[-_OVERLAP:]
    ranges = [Merged(*range_boundaries(ref.decode("ascii"))) for ref in found]
    return sorted(r for r in ranges if None not in r)


def fill_merged(rows: Iterable[tuple[Any, ...]], ranges: list[Merged]) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows (from row 1) with each merged range's value in every cell it covers."""
    if not ranges:
        yield from rows
        return
    waiting = iter(ranges)
    upcoming = next(waiting, None)
    active: list[tuple[Merged, Any]] = []  # ranges covering the current row, with their value
    for number, row in enumerate(rows, start=1):
        active = [(r, v) for r, v in active if r.last_row >= number]
        while upcoming is not None and upcoming.first_row <= number:
            if upcoming.first_row == number and upcoming.first_col <= len(row):
                active.append((upcoming, row[upcoming.first_col - 1]))
            upcoming = next(waiting, None)
        if not active:
            yield row
            continue
        cells = list(row)
        for merged, value in active:
            if len(cells) < merged.last_col:
                cells += [None] * (merged.last_col - len(cells))
            for col in range(merged.first_col, merged.last_col + 1):
                cells[col - 1] = value
        yield tuple(cells)
