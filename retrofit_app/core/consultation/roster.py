"""Household roster files (CSV in any Chinese encoding, or XLSX) read and checked row by row.

`read_roster` changes nothing: it returns a plan with the valid rows (those kept
to settle among them), every rejected row with its line number and reason, and
the spellings it took as one place, so the caller can choose to import the valid
rows or nothing (roster_import.import_roster). A rejected row whose building and
unit can be read is among the rows too, as its flat to check (refused_row), so it
never leaves its scope's denominator; the others are `unplaced`. Buildings, units and rooms are
compared on addresses' keys: 5幢 and 5栋 are one building, 101室 and 101 one flat
(the second a duplicate row).
"""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer

from retrofit_app.core.addresses import building_key, room_key, unit_key
from retrofit_app.core.consultation import roster_columns as cols
from retrofit_app.core.consultation.blocking import ROW_REFUSED
from retrofit_app.core.consultation.roster_report import Merged, Problem, Rejection
from retrofit_app.core.consultation.roster_rows import OwnerEntry, RosterRow, check_row, refused_row
from retrofit_app.core.consultation.roster_xlsx import fill_merged, merged_ranges
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.gc_pause import collector_paused
from retrofit_app.core.input_files import read_limited, regular_file
from retrofit_app.core.limits import ROSTER_MAX_BYTES, ROSTER_MAX_LINES, ROSTER_MAX_ROWS
from retrofit_app.core.words import Msg
from retrofit_app.core.xlsx_guard import check_xlsx

__all__ = ["OwnerEntry", "Rejection", "RosterPlan", "RosterRow", "check_row", "read_roster"]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
# Rows above the header that are skipped as its title (“锁金新村3幢业主意见征询表”, merged across).
TITLE_ROWS = 5
# Shown where a required column is missing (the header names a file must use).
_REQUIRED_HEADERS = {"building": "楼栋", "unit": "单元", "room": "房号"}


@dataclass
class RosterPlan:
    path: Path
    encoding: str  # "utf-8", "utf-8-sig", "gbk", "gb18030", ..., or "xlsx"
    rows: list[RosterRow] = field(default_factory=list)  # the kept rows among them (`kept`)
    rejected: list[Rejection] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    merged: list[Merged] = field(default_factory=list)  # spellings of one place taken as one
    # Refused rows whose building or unit cannot be read: in no scope, so nowhere to keep them.
    unplaced: list[int] = field(default_factory=list)

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({r.line for r in self.rejected})

    @property
    def kept(self) -> list[RosterRow]:
        """Rows imported as flats to settle (unknown area or owner, a refused row): never dropped
        from a scope."""
        return [r for r in self.rows if r.problems]

    @property
    def refused_kept(self) -> list[RosterRow]:
        """Refused rows kept as their flats, to check (with none of the row's values)."""
        return [r for r in self.rows if r.refused]

    @property
    def refused_lines_kept(self) -> list[int]:
        """Refused lines whose flat is kept to check: their own, or one read on an earlier line."""
        return sorted({j.line for r in self.rows for p in r.problems for j in p.refusals})

    @property
    def lines_not_imported(self) -> list[int]:
        """Refused lines with no flat kept for them: no place read, or a repeat of a flat read."""
        kept = set(self.refused_lines_kept)
        return [line for line in self.rejected_lines if line not in kept]


# ----------------------------------------------------------------- reading files
def decode(data: bytes, looks_right: Callable[[str], bool] = lambda _text: True) -> tuple[str, str]:
    """The text and the encoding's name: UTF-8 is tried exactly, others detected by charset-normalizer.

    A short GBK file can look just as much like Korean cp949 to a statistical
    detector, so its candidates are tried in order until one gives text whose
    header `looks_right`; GB18030 is always the last candidate.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    chinese = _chinese_header(data, looks_right)
    if chinese:
        return chinese
    found = [m.encoding for m in charset_normalizer.from_bytes(data)]
    first: tuple[str, str] | None = None
    for guess in [*found, "gb18030"]:
        name = guess.lower()
        if name.replace("_", "") in ("gb2312", "gbk", "gb18030", "hz", "cp936"):
            name = "gbk" if _decodes(data, "gbk") else "gb18030"  # GBK ⊂ GB18030: name the narrower
        if not _decodes(data, name):
            continue
        text = data.decode(name)
        if looks_right(text):
            return text, name
        first = first or (text, name)
    if first:
        return first  # no header matched: the caller reports the missing columns
    raise UnicodeDecodeError(
        found[0] if found else "gb18030", data[:1], 0, 1, "no encoding gives a known header"
    )


def _chinese_header(data: bytes, looks_right: Callable[[str], bool]) -> tuple[str, str] | None:
    """GBK (or GB18030) text when the file reads cleanly as such, else None.

    What mainland office software writes (Excel's "CSV" on Chinese Windows), tried
    before the (slow) statistical detector, which takes a short GBK file for Big5
    or Korean cp949. A file is left to the detector only when its header is not
    ASCII and still does not come out as known column names.
    """
    for name in ("gbk", "gb18030"):  # GBK ⊂ GB18030: name the narrower
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        header = text.lstrip().partition("\n")[0]
        return (text, name) if header.isascii() or looks_right(text) else None
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _has_required_header(text: str) -> bool:
    """Whether one of the first lines (a title may stand above the header) names the columns."""
    lines = (line for line in text.splitlines() if line.strip())
    for _, line in zip(range(TITLE_ROWS + 1), lines, strict=False):
        fields = {cols.field_of(h) for h in line.replace("\t", ",").split(",")}
        if all(name in fields for name in cols.REQUIRED):
            return True
    return False


def _csv_rows(path: Path) -> tuple[Iterator[tuple[int, list[str]]], str]:
    text, encoding = decode(read_limited(path, ROSTER_MAX_BYTES), _has_required_header)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def lines() -> Iterator[tuple[int, list[str]]]:
        start = 1
        for row in reader:
            yield start, row  # the physical line where the record starts
            start = reader.line_num + 1

    return lines(), encoding


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    import openpyxl

    check_xlsx(path)  # no zip bomb, no XML entities
    # Opened here, not on the first row read: a damaged file is refused in one sentence
    # (openpyxl and zipfile raise many kinds of errors, each in English).
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except Exception as error:  # noqa: BLE001 - any failure means not a workbook we can read
        raise RetrofitError(
            ErrorCode.ROSTER_UNREADABLE, path=path, detail=_NOT_A_WORKBOOK
        ) from error

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            read = fill_merged(sheet.iter_rows(values_only=True), merged_ranges(sheet))
            for number, row in enumerate(read, start=1):
                yield number, [cols.cell_text(v) for v in row]
        finally:
            book.close()

    return rows()


_NOT_A_WORKBOOK = Msg("roster.not_a_workbook")
# The codec's own message ("'gb18030' codec can't decode byte 0xc2 ...") means nothing to staff.
_UNKNOWN_ENCODING = Msg("roster.unknown_encoding")


def _raw_rows(path: Path) -> tuple[Iterator[tuple[int, list[str]]], str]:
    regular_file(path, ROSTER_MAX_BYTES)  # a FIFO would hang, a huge file take minutes
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return _xlsx_rows(path), "xlsx"
        return _csv_rows(path)
    except UnicodeDecodeError as error:
        raise RetrofitError(
            ErrorCode.ROSTER_UNREADABLE, path=path, detail=_UNKNOWN_ENCODING
        ) from error
    except (OSError, csv.Error, ValueError, KeyError) as error:
        raise RetrofitError(ErrorCode.ROSTER_UNREADABLE, path=path, detail=error) from error


class _Reading:
    """The state of one read: the columns found, the places seen and how they were first written."""

    def __init__(self, plan: RosterPlan) -> None:
        self.plan = plan
        self.named: list[tuple[int, str]] | None = None  # (cell index, field) of the known columns
        self.fields: list[str] = []  # the fields of `named`, and a getter of their cells
        self.pick: Callable[[list[str]], tuple[str, ...]] = lambda _raw: ()
        self.width = 0  # cells a row needs to hold every known column
        self.read = self.data = 0  # rows read (blank ones too) and household rows
        self.titles = 0  # rows above the header taken for its title
        self.first: list[str] = []  # the first of them: the header a file without one gets told of
        self.buildings: dict[str, str] = {}  # key → the spelling first read
        self.units: dict[tuple[str, str], str] = {}
        # Flat key → (line, room as written, its row).
        self.flats: dict[tuple[str, str, str], tuple[int, str, RosterRow]] = {}
        self.told: set[tuple[str, str, str]] = set()  # (what, written, same_as) merges reported

    def take(self, line: int, raw: list[str]) -> None:
        self.read += 1
        if self.read > ROSTER_MAX_LINES:
            raise RetrofitError(
                ErrorCode.ROSTER_TOO_MANY_ROWS, path=self.plan.path, limit=ROSTER_MAX_LINES
            )
        if not "".join(raw).strip():  # a blank row
            return
        if self.named is None:
            if not _names_columns(raw):
                if self.titles < TITLE_ROWS:
                    self.titles += 1  # a title above the header, as staff head a sheet
                    self.first = self.first or raw
                    return
                self._header(self.first or raw)  # no header: told what the first row lacks
            self.named = self._header(raw)
            self.fields = [c for _i, c in self.named]
            self.width = max(i for i, _c in self.named) + 1
            pick = operator.itemgetter(*(i for i, _c in self.named))
            self.pick = pick if len(self.named) > 1 else lambda raw: (pick(raw),)
            return
        self.data += 1
        if self.data > ROSTER_MAX_ROWS:  # refused before the rows past it cost time and memory
            raise RetrofitError(
                ErrorCode.ROSTER_TOO_MANY_ROWS, path=self.plan.path, limit=ROSTER_MAX_ROWS
            )
        if len(raw) >= self.width:  # as most rows are: all the known columns at once
            cells = dict(zip(self.fields, map(str.strip, self.pick(raw)), strict=True))
        else:
            cells = {c: raw[i].strip() for i, c in self.named if i < len(raw)}
        checked = check_row(line, cells)
        if isinstance(checked, list):
            self.plan.rejected.extend(checked)  # every reason, so the row is fixed in one go
            kept = refused_row(line, cells, checked) or self._from_above(line, cells, checked)
            if kept is None:
                self.plan.unplaced.append(line)
            else:
                self._place(kept)
        else:
            self._place(checked)

    def _from_above(
        self, line: int, cells: dict[str, str], refusals: list[Rejection]
    ) -> RosterRow | None:
        """A row whose building or unit is blank (a CSV saved from a sheet with those cells merged
        down a unit's rows) kept to check in the place of the row above, which it then blocks: its
        flat must not leave the unit (where the rows left would pass), nor be counted as a guess."""
        missing = {r.field for r in refusals if r.reason == "missing"} & {"building", "unit"}
        if not missing or not self.plan.rows or "room" in missing:
            return None
        above = self.plan.rows[-1]
        written = cols.building_name(cells.get("building", ""))
        if "building" not in missing and building_key(written) != building_key(above.building):
            return None  # another building without its unit: no place to keep it in
        placed = {**cells, **{name: getattr(above, name) for name in missing}}
        others = [r for r in refusals if not (r.reason == "missing" and r.field in missing)]
        row = refused_row(line, placed, others)
        if row is not None:
            note = Rejection(line, "from_above", str(above.line))
            self.plan.rejected.append(note)
            row.problems = (Problem(ROW_REFUSED, refusals=(*others, note)),)  # note says what is missing
        return row

    def _header(self, raw: list[str]) -> list[tuple[int, str]]:
        columns = [cols.field_of(h) for h in raw]
        missing = [n for n in cols.REQUIRED if n not in columns]
        if missing:
            names = "、".join(_REQUIRED_HEADERS[m] for m in missing)
            raise RetrofitError(ErrorCode.ROSTER_COLUMNS, path=self.plan.path, missing=names)
        self.plan.ignored_columns = [
            h for h, c in zip(raw, columns, strict=True) if c is None and h.strip()
        ]
        return [(i, c) for i, c in enumerate(columns) if c]

    def _place(self, row: RosterRow) -> None:
        """One spelling per building and unit (the first read); a flat read twice is refused."""
        b_key = building_key(row.building)
        row.building = self._same(row.line, "building", row.building, self.buildings, b_key)
        u_key = (b_key, unit_key(row.unit))
        row.unit = self._same(row.line, "unit", row.unit, self.units, u_key)
        f_key = (*u_key, room_key(row.room))
        first = self.flats.get(f_key)
        if first is None:
            self.flats[f_key] = (row.line, row.room, row)
            self.plan.rows.append(row)
            return
        if first[1] == row.room:
            rejection = Rejection(row.line, "duplicate", str(first[0]))
        else:
            rejection = Rejection(
                row.line, "duplicate_spelled", str(first[0]), written=row.room, same_as=first[1]
            )
        self.plan.rejected.append(rejection)
        if row.refused:  # a refused row of a flat read before: that flat is to be checked
            first[2].refuse([*row.problems[0].refusals, rejection])
        elif not first[2].refused and _counts(first[2]) != _counts(row):
            # Two rows of one flat that count differently: which is right is not known.
            differs = Rejection(row.line, "differs", str(first[0]))
            self.plan.rejected.append(differs)
            first[2].refuse([rejection, differs])

    def _same(self, line: int, what: str, written: str, seen: dict, key: object) -> str:
        first = seen.setdefault(key, written)
        if first != written and (what, written, first) not in self.told:
            self.told.add((what, written, first))
            self.plan.merged.append(Merged(line, what, written, first))
        return first


def _counts(row: RosterRow) -> tuple[object, ...]:
    """What of a row the tally reads: area, kind, tenancy, the owners as a set, the vote."""
    h = row.household
    owners = frozenset((o.name, o.id_number) for o in row.owners)
    choice = row.vote["choice"] if row.vote else None
    return h.get("area"), h.get("kind"), h.get("rented"), h.get("tenant_name"), owners, choice


def _names_columns(raw: list[str]) -> bool:
    fields = {cols.field_of(h) for h in raw}
    return all(name in fields for name in cols.REQUIRED)


@collector_paused()
def read_roster(
    path: Path, *, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> RosterPlan:
    """Read and check every row; nothing is written."""
    path = Path(path)
    lines, encoding = _raw_rows(path)
    plan = RosterPlan(path, encoding)
    reading = _Reading(plan)
    try:
        for line, raw in lines:
            reading.take(line, raw)
            if line % 500 == 0:
                if cancelled and cancelled():
                    raise RetrofitError(ErrorCode.CANCELLED)
                if progress:
                    progress(line, 0)
    except (UnicodeDecodeError, csv.Error) as error:
        raise RetrofitError(ErrorCode.ROSTER_UNREADABLE, path=path, detail=error) from error
    if reading.named is None:
        reading._header(reading.first)  # names the columns its first row lacks
        raise RetrofitError(
            ErrorCode.ROSTER_COLUMNS, path=path, missing="、".join(_REQUIRED_HEADERS.values())
        )
    if not plan.rows and not plan.rejected:
        raise RetrofitError(ErrorCode.ROSTER_EMPTY, path=path)
    return plan
