"""Bounded inputs: a roster, workbook or photo that would hang, take minutes or gigabytes is
refused at once with one sentence in the user's language, the project unchanged."""

from __future__ import annotations

import os
import threading
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from retrofit_app.cli import main
from retrofit_app.core import limits
from retrofit_app.core.consultation import roster
from retrofit_app.core.consultation.roster import read_roster
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.input_files import read_limited, regular_file
from retrofit_app.core.xlsx_guard import check_xlsx

HEADER = "楼栋,单元,房号,楼层,建筑面积(㎡),产权人,表决意见,征询方式"


def csv_roster(path: Path, rows: int, *, blank: int = 0) -> Path:
    lines = [HEADER] + [
        f"{1 + i // 400},1,{101 + i % 400},1,60,王伟,同意,当面" for i in range(rows)
    ]
    path.write_text("\r\n".join(lines) + "\r\n" * (blank + 1), encoding="utf-8")
    return path


def xlsx_roster(path: Path, rows: int = 3) -> Path:
    book = openpyxl.Workbook()
    book.active.append(HEADER.split(","))
    for i in range(rows):
        book.active.append([1, 1, 101 + i, 1, 60, "王伟", "同意", "当面"])
    book.save(path)
    return path


def rewrite_part(path: Path, name: str, change) -> Path:
    """The same workbook with one part's bytes changed."""
    with zipfile.ZipFile(path) as source:
        parts = {i.filename: source.read(i) for i in source.infolist()}
    parts[name] = change(parts[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)
    return path


def refusal(call) -> RetrofitError:
    with pytest.raises(RetrofitError) as caught:
        call()
    return caught.value


@pytest.fixture
def make_fifo(tmp_path: Path):
    """Named pipes; a writer opens (and closes) each after a few seconds, so a reader that
    tried to open one would wait, then see it empty, instead of hanging the test forever."""

    def make(name: str) -> Path:
        path = tmp_path / name
        os.mkfifo(path)

        def unblock() -> None:
            time.sleep(5)
            os.close(os.open(path, os.O_RDWR))  # O_RDWR never blocks on Linux

        threading.Thread(target=unblock, daemon=True).start()
        return path

    return make


@pytest.fixture
def fifo(make_fifo) -> Path:
    return make_fifo("名册.csv")


# ----------------------------------------------------------------- FIFOs and devices
def test_a_roster_that_is_a_fifo_is_refused_at_once(fifo: Path) -> None:
    started = time.monotonic()
    error = refusal(lambda: read_roster(fifo))
    assert time.monotonic() - started < 2
    assert error.code is ErrorCode.NOT_REGULAR_FILE
    assert "命名管道" in error.sentence("zh") and "named pipe" in error.sentence("en")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_roster_that_is_a_device_is_refused(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} is not on this system")
    error = refusal(lambda: read_roster(Path(device)))
    assert error.code is ErrorCode.NOT_REGULAR_FILE and "设备" in error.sentence("zh")


def test_the_command_line_refuses_a_fifo_roster_in_english(
    project, fifo: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.estates.create("童家巷小区", "玄武区", code="XW-9001")
    path = project.path
    project.close()
    monkeypatch.setenv("RETROFIT_APP_LANG", "en")
    started = time.monotonic()
    assert main(["import-households", str(path), "--estate", "XW-9001", str(fifo)]) == 1
    assert time.monotonic() - started < 4
    err = capsys.readouterr().err
    assert "is a named pipe (FIFO), not an ordinary file" in err and "Traceback" not in err


def test_a_photo_that_is_a_fifo_fails_alone_and_the_import_finishes(
    project, make_fifo, capsys
) -> None:
    project.estates.create("童家巷小区", "玄武区", code="XW-9001")
    path = project.path
    project.close()
    photo = make_fifo("照片.jpg")
    started = time.monotonic()
    assert main(["import-photos", str(path), "--estate", "XW-9001", str(photo)]) == 1
    assert time.monotonic() - started < 4
    assert "照片.jpg：无法读取文件（是命名管道，不是普通文件）" in capsys.readouterr().err


def test_the_shared_check_names_what_the_path_is(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("a")
    assert regular_file(str(tmp_path / "x")) == tmp_path / "x"
    assert (
        refusal(lambda: regular_file(tmp_path))
        .sentence("zh")
        .endswith("是文件夹，不是普通文件，未读取。")
    )
    assert refusal(lambda: regular_file(tmp_path / "无")).code is ErrorCode.NO_SUCH_FILE
    assert read_limited(tmp_path / "x", 1) == b"a"
    assert refusal(lambda: read_limited(tmp_path / "x", 0)).code is ErrorCode.FILE_TOO_LARGE


# ----------------------------------------------------------------- sizes and rows
def test_a_roster_over_the_byte_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "大名册.csv"
    with path.open("wb") as stream:  # sparse: no disk space used
        stream.truncate(limits.ROSTER_MAX_BYTES + 1)
    started = time.monotonic()
    error = refusal(lambda: read_roster(path))
    assert time.monotonic() - started < 1
    assert error.code is ErrorCode.FILE_TOO_LARGE
    assert "50 MB" in error.sentence("zh") and "over the limit of 50 MB" in error.sentence("en")


def test_a_roster_one_row_over_the_limit_is_refused_and_one_at_it_is_read(
    tmp_path: Path,
) -> None:
    over = csv_roster(tmp_path / "over.csv", limits.ROSTER_MAX_ROWS + 1)
    started = time.monotonic()
    error = refusal(lambda: read_roster(over))
    assert error.code is ErrorCode.ROSTER_TOO_MANY_ROWS
    assert "50000" in error.sentence("zh") and "more than 50000 rows" in error.sentence("en")
    assert time.monotonic() - started < 60
    at = csv_roster(tmp_path / "at.csv", limits.ROSTER_MAX_ROWS)
    assert len(read_roster(at).rows) == limits.ROSTER_MAX_ROWS


def test_an_xlsx_roster_over_the_row_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roster, "ROSTER_MAX_ROWS", 5)
    assert len(read_roster(xlsx_roster(tmp_path / "five.xlsx", 5)).rows) == 5
    error = refusal(lambda: read_roster(xlsx_roster(tmp_path / "six.xlsx", 6)))
    assert error.code is ErrorCode.ROSTER_TOO_MANY_ROWS and error.params["limit"] == 5


def test_a_roster_of_endless_blank_rows_is_refused(tmp_path: Path) -> None:
    path = csv_roster(tmp_path / "空行.csv", 3, blank=limits.ROSTER_MAX_LINES)
    assert refusal(lambda: read_roster(path)).code is ErrorCode.ROSTER_TOO_MANY_ROWS


# ----------------------------------------------------------------- hostile workbooks
def test_an_xlsx_that_expands_past_the_limit_is_refused_before_openpyxl(tmp_path: Path) -> None:
    path = xlsx_roster(tmp_path / "炸弹.xlsx")
    size = limits.XLSX_MAX_EXPANDED_BYTES + (1 << 20)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.xml", "w", force_zip64=True) as part,
    ):
        block = b" " * (1 << 20)
        for _ in range(size >> 20):
            part.write(block)
    assert path.stat().st_size < 2 << 20  # small on disk
    started = time.monotonic()
    error = refusal(lambda: read_roster(path))
    assert time.monotonic() - started < 2
    assert error.code is ErrorCode.XLSX_TOO_LARGE
    assert "解压炸弹" in error.sentence("zh") and "257 MB" in error.sentence("en")


def test_a_small_part_that_inflates_a_thousandfold_is_refused(tmp_path: Path) -> None:
    path = xlsx_roster(tmp_path / "压缩比.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings2.xml", b"\0" * (8 << 20))  # 8 MB from ~8 KB
    assert refusal(lambda: check_xlsx(path)).code is ErrorCode.XLSX_TOO_LARGE


LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


@pytest.mark.parametrize(
    ("part", "codec"),
    [
        ("xl/worksheets/sheet1.xml", "utf-8"),
        ("xl/workbook.xml", "utf-8"),
        ("[Content_Types].xml", "utf-16"),
    ],
)
def test_an_xlsx_with_entity_declarations_is_refused(tmp_path: Path, part: str, codec: str) -> None:
    def inject(data: bytes) -> bytes:
        text = data.decode("utf-8")
        body = text[text.index("?>") + 2 :] if text.startswith("<?xml") else text
        head = LAUGHS.decode().replace("UTF-8", codec.upper())
        return (head + body).encode(codec)

    path = rewrite_part(xlsx_roster(tmp_path / "实体.xlsx"), part, inject)
    error = refusal(lambda: read_roster(path))
    assert error.code is ErrorCode.XML_ENTITIES
    assert "DOCTYPE/ENTITY" in error.sentence("zh") and "entity declarations" in error.sentence(
        "en"
    )


def test_an_xlsx_part_in_an_encoding_excel_never_writes_is_refused(tmp_path: Path) -> None:
    def ebcdic(data: bytes) -> bytes:
        body = data.decode("utf-8").split("?>", 1)[-1]
        return b'<?xml version="1.0" encoding="cp500"?>' + body.encode(
            "cp500", errors="xmlcharrefreplace"
        )

    path = rewrite_part(xlsx_roster(tmp_path / "编码.xlsx"), "xl/worksheets/sheet1.xml", ebcdic)
    error = refusal(lambda: read_roster(path))
    assert error.code is ErrorCode.XML_ENTITIES and "UTF-8" in error.sentence("zh")


def test_an_ordinary_xlsx_roster_still_reads(tmp_path: Path) -> None:
    path = xlsx_roster(tmp_path / "正常.xlsx", 20)
    check_xlsx(path)
    assert len(read_roster(path).rows) == 20


def test_every_limit_has_a_value_and_says_what_it_bounds() -> None:
    source = Path(limits.__file__).read_text(encoding="utf-8")
    names = [n for n in vars(limits) if n.isupper() and n != "MB"]
    assert len(names) >= 8
    for name in names:
        line = next(line for line in source.splitlines() if line.startswith(f"{name} ="))
        assert "#" in line, f"{name} has no comment saying what it bounds"
        assert getattr(limits, name) > 0
