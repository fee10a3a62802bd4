"""Household roster files (CSV in any Chinese encoding, or XLSX) read and checked row by row.

`read_roster` changes nothing: it returns a plan with the valid rows and every
rejected row with its line number and reason, so the caller can choose to
import the valid rows or nothing (roster_import.import_roster).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import charset_normalizer

from retrofit_app.core.consultation import roster_columns as cols
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.input_files import read_limited, regular_file
from retrofit_app.core.limits import ROSTER_MAX_BYTES, ROSTER_MAX_LINES, ROSTER_MAX_ROWS
from retrofit_app.core.privacy import mask_id_number
from retrofit_app.core.text_limits import FIELDS as TEXT_FIELDS
from retrofit_app.core.xlsx_guard import check_xlsx

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

# Reason code → sentence (Chinese, English); {value} and {line} are filled in.
REASONS: dict[str, tuple[str, str]] = {
    "missing": ("缺少{field}", "{field} is missing"),
    "bad_area": (
        "面积“{value}”不是 0–10000 之间的数",
        "area “{value}” is not a number between 0 and 10000",
    ),
    "bad_floor": ("楼层“{value}”不是整数", "floor “{value}” is not a whole number"),
    "bad_kind": (
        "产权类型“{value}”无法识别（个人/开发商未售/单位）",
        "ownership kind “{value}” is unknown (个人/开发商未售/单位)",
    ),
    "bad_vote": (
        "意见“{value}”无法识别（同意/反对/弃权/未联系上）",
        "vote “{value}” is unknown (同意/反对/弃权/未联系上)",
    ),
    "bad_method": (
        "征询方式“{value}”无法识别（当面/电话/短信/信函）",
        "method “{value}” is unknown (当面/电话/短信/信函)",
    ),
    "bad_date": (
        "日期“{value}”无法识别（应为 2024-05-01）",
        "date “{value}” is not a date (write 2024-05-01)",
    ),
    "bad_id": ("证件号“{value}”格式不对", "ID number “{value}” is not well formed"),
    "too_many_ids": ("证件号比产权人多", "there are more ID numbers than owners"),
    "vote_without_owner": (
        "有表决意见但没有产权人（租户不参与表决）",
        "a vote is given but no owner (tenants do not vote)",
    ),
    "duplicate": ("与第 {value} 行是同一户", "the same flat as line {value}"),
    "too_long": ("{field}太长（最多 {value} 个字）", "{field} is too long (at most {value} characters)"),
}
FIELD_NAMES = {"building": ("楼栋", "building"), "unit": ("单元", "unit"), "room": ("房号", "room"),
               "owner": ("产权人", "owner"), "tenant": ("租户", "tenant"), "note": ("备注", "note"),
               "tenant_opinion": ("租户意见", "tenant's opinion"), "objection": ("异议", "objection"),
               "reason": ("理由", "reason"), "cost_share": ("费用分摊", "cost share")}  # fmt: skip
# The text_limits field whose limit each roster column keeps (names 100, notes 2,000 characters).
_LIMITED = {"building": "name", "unit": "name", "room": "room", "owner": "name", "tenant": "tenant_name",
            "note": "note", "tenant_opinion": "note", "objection": "objection", "reason": "reason",
            "cost_share": "cost_share"}  # fmt: skip


@dataclass(frozen=True)
class Rejection:
    line: int
    reason: str
    value: str = ""
    field: str = ""

    def sentence(self, lang: str = "zh") -> str:
        en = lang.startswith("en")
        name = FIELD_NAMES.get(self.field, (self.field, self.field))[1 if en else 0]
        text = REASONS[self.reason][1 if en else 0].format(value=self.value, field=name)
        return f"line {self.line}: {text}" if en else f"第 {self.line} 行：{text}"


@dataclass(frozen=True)
class OwnerEntry:
    name: str
    id_number: str = ""
    phone: str = ""


@dataclass
class RosterRow:
    line: int
    building: str
    unit: str
    room: str
    household: dict[str, object]  # household fields (floor, area, kind, rented, tenant_name, ...)
    owners: list[OwnerEntry]
    vote: dict[str, object] | None  # choice, method, asked_on, objection, reason, cost_share


@dataclass
class RosterPlan:
    path: Path
    encoding: str  # "utf-8", "utf-8-sig", "gbk", "gb18030", ..., or "xlsx"
    rows: list[RosterRow] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({r.line for r in self.rejected})


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
    for line in text.splitlines():
        if line.strip():
            fields = {cols.field_of(h) for h in line.replace("\t", ",").split(",")}
            return all(name in fields for name in cols.REQUIRED)
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
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [cols.cell_text(v) for v in row]
        finally:
            book.close()

    return rows()


_NOT_A_WORKBOOK = ("不是完好的 Excel 工作簿（.xlsx）", "it is not an intact Excel workbook (.xlsx)")
# The codec's own message ("'gb18030' codec can't decode byte 0xc2 ...") means nothing to staff.
_UNKNOWN_ENCODING = (
    "文件的文字编码无法识别（已尝试 UTF-8 与 GBK），请在 Excel 中另存为 CSV 或 XLSX 后再导入",
    "its text encoding is not recognised (UTF-8 and GBK were tried); save it again from Excel as CSV or XLSX",
)


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


# ----------------------------------------------------------------- checking rows
def _lookup(table: Mapping[str, object], text: str, reason: str, line: int, rejected: list) -> object:
    key = text.strip().lower()
    if key not in table:
        rejected.append(Rejection(line, reason, text.strip()))
        return None
    return table[key]


_NUMBERS = (("area", cols.area_of, "bad_area"), ("floor", cols.floor_of, "bad_floor"))
_VOTE_TEXTS = ("objection", "reason", "cost_share")


def check_row(line: int, cells: dict[str, str]) -> RosterRow | list[Rejection]:
    """One data row as a RosterRow, or every problem found in it."""
    problems: list[Rejection] = []
    for name in cols.REQUIRED:
        if not cells.get(name):
            problems.append(Rejection(line, "missing", field=name))
    for name, kept_as in _LIMITED.items():
        text = cells.get(name, "")
        texts = cols.split_owner_names(text) if name == "owner" else [text]
        limit = TEXT_FIELDS[kept_as]
        if any(len(t) > limit for t in texts):
            problems.append(Rejection(line, "too_long", str(limit), field=name))
    household: dict[str, object] = {
        "note": cells.get("note", ""),
        "tenant_opinion": cells.get("tenant_opinion", ""),
    }
    for name, reader, reason in _NUMBERS:
        try:
            household[name] = reader(cells.get(name, ""))
        except ValueError:
            problems.append(Rejection(line, reason, cells[name]))
    household["kind"] = _lookup(cols.KINDS, cells.get("kind", ""), "bad_kind", line, problems)
    household["rented"], household["tenant_name"] = cols.tenant_of(cells.get("tenant", ""))
    names = cols.split_owner_names(cells.get("owner", ""))
    ids = [i.upper() for i in cols.split_people(cells.get("id_number", ""))]
    phones = cols.split_people(cells.get("phone", ""))
    # The report goes to screens and stderr: an ID number is shown masked even when malformed.
    problems += [Rejection(line, "bad_id", mask_id_number(i)) for i in ids if not cols.id_ok(i)]
    if len(ids) > max(len(names), 1 if ids else 0):
        problems.append(Rejection(line, "too_many_ids"))
    owners = [
        OwnerEntry(n, ids[i] if i < len(ids) else "", phones[i] if i < len(phones) else "")
        for i, n in enumerate(names)
    ]
    choice = _lookup(cols.VOTES, cells.get("vote", ""), "bad_vote", line, problems)
    method = _lookup(cols.METHODS, cells.get("method", ""), "bad_method", line, problems)
    asked_on = cells.get("asked_on", "").replace("/", "-").replace(".", "-")
    try:
        asked_on = date.fromisoformat(asked_on).isoformat() if asked_on else ""
    except ValueError:
        problems.append(Rejection(line, "bad_date", cells["asked_on"]))
    if choice and choice != "unreached" and not owners and household["kind"] != "developer_unsold":
        problems.append(Rejection(line, "vote_without_owner"))
    if problems:
        return problems
    vote = None
    if choice:
        vote = {"choice": choice, "method": method, "asked_on": asked_on or None}
        vote.update({k: cells.get(k, "") for k in _VOTE_TEXTS})
    return RosterRow(
        line, cols.building_name(cells["building"]), cols.unit_name(cells["unit"]), cells["room"].strip(),
        household, owners, vote,
    )  # fmt: skip


def read_roster(
    path: Path, *, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> RosterPlan:
    """Read and check every row; nothing is written."""
    path = Path(path)
    lines, encoding = _raw_rows(path)
    plan = RosterPlan(path, encoding)
    columns: list[str | None] | None = None
    named: list[tuple[int, str]] = []  # (cell index, field) of the recognised columns
    seen: dict[tuple[str, str, str], int] = {}
    read = data = 0  # rows read (blank ones too) and household rows
    try:
        for line, raw in lines:
            read += 1
            if read > ROSTER_MAX_LINES:
                raise RetrofitError(
                    ErrorCode.ROSTER_TOO_MANY_ROWS, path=path, limit=ROSTER_MAX_LINES
                )
            if not "".join(raw).strip():  # a blank row
                continue
            if columns is None:
                columns = [cols.field_of(h) for h in raw]
                missing = [n for n in cols.REQUIRED if n not in columns]
                if missing:
                    names = "、".join(FIELD_NAMES[m][0] for m in missing)
                    raise RetrofitError(ErrorCode.ROSTER_COLUMNS, path=path, missing=names)
                plan.ignored_columns = [
                    h for h, c in zip(raw, columns, strict=True) if c is None and h.strip()
                ]
                named = [(i, c) for i, c in enumerate(columns) if c]
                continue
            data += 1
            if data > ROSTER_MAX_ROWS:  # refused before the rows past it cost time and memory
                raise RetrofitError(
                    ErrorCode.ROSTER_TOO_MANY_ROWS, path=path, limit=ROSTER_MAX_ROWS
                )
            cells = {c: raw[i].strip() for i, c in named if i < len(raw)}
            checked = check_row(line, cells)
            if isinstance(checked, list):
                plan.rejected.extend(checked)  # every reason, so the row is fixed in one go
            else:
                key = (checked.building, checked.unit, checked.room)
                if key in seen:
                    plan.rejected.append(Rejection(line, "duplicate", str(seen[key])))
                else:
                    seen[key] = line
                    plan.rows.append(checked)
            if cancelled and line % 500 == 0 and cancelled():
                raise RetrofitError(ErrorCode.CANCELLED)
            if progress and line % 500 == 0:
                progress(line, 0)
    except (UnicodeDecodeError, csv.Error) as error:
        raise RetrofitError(ErrorCode.ROSTER_UNREADABLE, path=path, detail=error) from error
    if columns is None:
        raise RetrofitError(ErrorCode.ROSTER_COLUMNS, path=path, missing="楼栋、单元、房号")
    if not plan.rows and not plan.rejected:
        raise RetrofitError(ErrorCode.ROSTER_EMPTY, path=path)
    return plan
