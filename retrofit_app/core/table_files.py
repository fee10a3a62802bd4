"""Tables written for Excel: CSV in UTF-8 with a BOM and XLSX with a bold, frozen header."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def write_csv(path: Path, head: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    # The byte-order mark: Excel on Chinese Windows otherwise reads UTF-8 as GBK.
    with Path(path).open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(head)
        writer.writerows(rows)


def write_xlsx(
    path: Path,
    title: str,
    head: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: dict[str, int] | None = None,
) -> None:
    """One sheet; column widths as given (by letter), else from the first 200 rows' text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(head))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    if widths is None:
        widths = {}
        for index, name in enumerate(head, start=1):
            # CJK characters are about two columns wide in Excel.
            widest = max([len(str(name))] + [len(str(r[index - 1])) * 2 for r in rows[:200]])
            widths[sheet.cell(1, index).column_letter] = min(40, widest + 2)
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    book.save(path)
