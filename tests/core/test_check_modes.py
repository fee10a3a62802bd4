"""`check` and `check --quick` on a project file whose bytes were damaged on disk: a photo's
original with a flipped byte, a broken page. Both modes find what they looked at, and the quick
one says what it did not look at."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from retrofit_app.cli import main
from retrofit_app.core.photos.samples import make_exif, scene, write_photo

PAGE = 4096


def _new_project(path: Path, capsys) -> str:
    assert main(["new", str(path)]) == 0
    assert main(["add-estate", str(path), "--name", "南湖新村", "--district", "建邺区"]) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


def _import(path: Path, code: str, folder: Path, names: list[str], capsys) -> None:
    files = []
    for n, name in enumerate(names):
        exif = make_exif(orientation=1, taken_at=f"2024:06:0{n + 1} 09:30:00", offset="+08:00")
        files.append(
            write_photo(folder / f"{name}.jpg", scene(1200, 900, name, seed=n, noise=True), exif)
        )
    assert main(["import-photos", str(path), "--estate", code, *map(str, files), "--json"]) == 0
    capsys.readouterr()


def _original(path: Path, name: str) -> bytes:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            """SELECT d.original FROM photo_data d JOIN photos p ON p.uuid = d.photo_uuid
               WHERE p.file_name = ?""",
            [f"{name}.jpg"],
        ).fetchone()[0]
    finally:
        conn.close()


def _flip_a_byte_of(path: Path, name: str) -> None:
    """One byte of the photo's original changed in the file, as a bad disk sector would: the
    pages stay well-formed, only the bytes differ from their SHA-256."""
    original = _original(path, name)
    data = bytearray(path.read_bytes())
    piece = original[10_000:10_064]
    at = data.find(piece)
    assert at > 0 and data.find(piece, at + 1) == -1
    data[at + 32] ^= 0xFF
    path.write_bytes(bytes(data))


def _break_a_page_of(path: Path, table: str) -> None:
    """The header of one of the table's b-tree pages overwritten."""
    conn = sqlite3.connect(path)
    try:
        page = conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno DESC LIMIT 1", [table]
        ).fetchone()[0]
    finally:
        conn.close()
    with path.open("r+b") as file:
        file.seek((page - 1) * PAGE)
        file.write(b"\x00" * 12)


def _check(path: Path, capsys, *options: str) -> tuple[int, dict]:
    status = main(["check", str(path), "--json", *options])
    return status, json.loads(capsys.readouterr().out)


def test_a_flipped_byte_in_a_photo_is_found_by_both_modes(project_path, tmp_path, capsys):
    code = _new_project(project_path, capsys)
    _import(project_path, code, tmp_path, ["旧照片"], capsys)
    assert _check(project_path, capsys)[0] == 0
    _import(project_path, code, tmp_path, ["新照片"], capsys)  # after the last check
    _flip_a_byte_of(project_path, "新照片")

    status, full = _check(project_path, capsys)
    assert status == 1 and len(full["problems"]) == 1
    assert "新照片.jpg" in full["problems"][0] and "SHA-256" in full["problems"][0]

    status, quick = _check(project_path, capsys, "--quick")
    assert status == 1 and quick["problems"] == full["problems"]
    # the wrong photo is hashed again at every quick check until it is put right
    status, again = _check(project_path, capsys, "--quick")
    assert status == 1 and again["problems"] == full["problems"]


def test_quick_says_which_photos_it_did_not_hash_again(project_path, tmp_path, capsys):
    code = _new_project(project_path, capsys)
    _import(project_path, code, tmp_path, ["一", "二"], capsys)

    status, first = _check(project_path, capsys, "--quick")  # nothing recorded yet: all hashed
    assert status == 0 and first["quick"]["photos_hashed"] == 2
    assert "全部核对" in first["quick"]["not_checked"]

    assert main(["check", str(project_path)]) == 0
    capsys.readouterr()
    _import(project_path, code, tmp_path, ["三"], capsys)
    status, quick = _check(project_path, capsys, "--quick")
    assert status == 0
    assert (quick["quick"]["photos_hashed"], quick["quick"]["photos_not_hashed"]) == (1, 2)
    sentence = quick["quick"]["not_checked"]
    assert "快速检查" in sentence and "未重新核对" in sentence and "--quick" in sentence
    assert quick["quick"]["last_full_check"] in sentence

    # a photo hashed whole before and damaged since: only the full check hashes it again
    _flip_a_byte_of(project_path, "一")
    status, quick = _check(project_path, capsys, "--quick")
    assert status == 0 and quick["quick"]["photos_not_hashed"] == 3
    status, full = _check(project_path, capsys)
    assert status == 1 and "一.jpg" in full["problems"][0]


def test_quick_in_english_names_what_it_left_out(project_path, tmp_path, capsys, monkeypatch):
    code = _new_project(project_path, capsys)
    _import(project_path, code, tmp_path, ["一"], capsys)
    assert main(["check", str(project_path)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("RETROFIT_APP_LANG", "en")
    assert main(["check", str(project_path), "--quick"]) == 0
    out = capsys.readouterr().out
    assert "Quick check" in out and "not hashed again" in out and "leave out --quick" in out


def test_a_copy_of_the_file_is_a_new_file_for_the_quick_check(project_path, tmp_path, capsys):
    code = _new_project(project_path, capsys)
    _import(project_path, code, tmp_path, ["一"], capsys)
    assert main(["check", str(project_path)]) == 0
    capsys.readouterr()
    copy = tmp_path / "copy.gpkg"
    copy.write_bytes(project_path.read_bytes())
    project_path.unlink()
    copy.rename(project_path)  # same place, another file on disk (a restore, a copy over it)
    _flip_a_byte_of(project_path, "一")
    status, quick = _check(project_path, capsys, "--quick")
    assert status == 1 and quick["quick"]["photos_hashed"] == 1


def test_a_broken_page_is_found_by_both_modes(project_path, tmp_path, capsys):
    code = _new_project(project_path, capsys)
    _import(project_path, code, tmp_path, ["一"], capsys)
    assert main(["check", str(project_path)]) == 0
    capsys.readouterr()
    _break_a_page_of(project_path, "audit_log")
    for options in ([], ["--quick"]):
        status, found = _check(project_path, capsys, *options)
        assert status == 1, options
        assert any(p.startswith("SQLite 完整性检查失败") for p in found["problems"]), found


def test_a_broken_page_in_a_photo_is_found_by_both_modes(project_path, tmp_path, capsys):
    """A photo's bytes run over many pages, each naming the next: one such link broken."""
    code = _new_project(project_path, capsys)
    _import(project_path, code, tmp_path, ["一"], capsys)
    original = _original(project_path, "一")
    data = project_path.read_bytes()
    at = data.find(original[20_000:20_064])
    page_start = at - at % PAGE
    with project_path.open("r+b") as file:
        file.seek(page_start)
        file.write((10**6).to_bytes(4, "big"))  # the next page: far past the end of the file
    for options in ([], ["--quick"]):
        status, found = _check(project_path, capsys, *options)
        assert status == 1, options
        assert any(p.startswith("SQLite 完整性检查失败") for p in found["problems"]), found
