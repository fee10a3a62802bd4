"""Tables written for Excel: CSV in UTF-8 with a BOM and XLSX with a bold, frozen header.

No cell can become a formula (OWASP's CSV-injection rule): in CSV a text that
starts with = + - @, a tab or a carriage return gets a leading apostrophe; in
XLSX every text is a string cell (and marked quote-prefixed, so editing it in
Excel keeps it text). Numbers stay numbers and dates dates. Both files are
written beside the target and renamed, so they appear complete or not at all.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from retrofit_app.core.errors import write_failed
from retrofit_app.core.ids import new_uuid
from retrofit_app.core.limits import XLSX_MAX_CELL_CHARS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0 cannot hold (openpyxl refuses the whole workbook for one of them).
_ILLEGAL_XML = {c: None for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]}


def csv_text(value: Any) -> Any:
    """A CSV cell: text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(path: Path, head: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    def write(temp: Path) -> None:
        # The byte-order mark: Excel on Chinese Windows otherwise reads UTF-8 as GBK.
        with temp.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow([csv_text(v) for v in head])
            writer.writerows([csv_text(v) for v in row] for row in rows)

    _write_beside(Path(path), write)


def write_xlsx(
    path: Path,
    title: str,
    head: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: dict[str, int] | None = None,
) -> None:
    """One sheet; column widths as given (by letter), else from the first 200 rows' text."""
    write_xlsx_sheets(path, [(title, head, rows, widths)])


Sheet = tuple[str, Sequence[str], Sequence[Sequence[Any]], dict[str, int] | None]


def write_xlsx_sheets(path: Path, sheets: Sequence[Sheet]) -> None:
    """Several sheets (title, header, rows, widths or None), each as write_xlsx writes one."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for title, head, rows, widths in sheets:
        sheet = book.create_sheet(title)
        for number, row in enumerate([head, *rows], start=1):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(number, column)
                _put(cell, value)
                if number == 1:
                    cell.font = bold
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        if widths is None:
            widths = {}
            for index, name in enumerate(head, start=1):
                # CJK characters are about two columns wide in Excel.
                widest = max([len(str(name))] + [len(str(r[index - 1])) * 2 for r in rows[:200]])
                widths[sheet.cell(1, index).column_letter] = min(40, widest + 2)
        for letter, width in widths.items():
            sheet.column_dimensions[letter].width = width
    # Saved in memory first: a zip left half-written on a full disk would complain again when
    # collected ("Exception ignored in ZipFile.__del__"), after the sentence was printed.
    data = io.BytesIO()
    book.save(data)
    _write_beside(Path(path), lambda temp: temp.write_bytes(data.getvalue()))


def _put(cell: Any, value: Any) -> None:
    """One XLSX cell typed explicitly: number, boolean, date or text, never a formula."""
    if value is None:
        return
    if isinstance(value, bool | int | float | Decimal):
        cell.value = value
    elif isinstance(value, datetime):
        # Excel has no time zones: an aware time is shown in the computer's local time.
        cell.value = value.astimezone().replace(tzinfo=None) if value.tzinfo else value
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    elif isinstance(value, date | time):
        cell.value = value
    else:
        text = str(value).translate(_ILLEGAL_XML)[:XLSX_MAX_CELL_CHARS]
        cell.value = text
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # Excel keeps it text even after the cell is edited


def _write_beside(path: Path, write: Callable[[Path], object]) -> None:
    """Write to a hidden file beside `path`, then rename it over `path`.

    A full disk raises DISK_FULL and any other failure CANNOT_WRITE; either way
    `path` is left as it was and the partial file removed.
    """
    temp = path.with_name(f".{path.name}.{new_uuid()[:8]}.part")
    try:
        write(temp)
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise write_failed(error, path) from error
