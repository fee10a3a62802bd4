"""Opening a path that is not a usable project: one dialog with the reason, nothing changed."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from retrofit_app.core.project import Project


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in folder.iterdir() if p.is_file()}


def attempt(window, boxes, path: Path) -> str:  # noqa: ANN001
    """Open `path`; the window must show exactly one warning and keep the demo open."""
    before = window.context.project
    assert window.open_project(path) is False
    assert len(boxes.shown) == 1 and boxes.shown[0][0] == "warning"
    assert window.context.project is before  # the open project is still the one shown
    return boxes.shown[0][2]


def test_a_missing_file(window, boxes, tmp_path):  # noqa: ANN001
    path = tmp_path / "没有这个文件.gpkg"
    assert attempt(window, boxes, path) == f"找不到项目文件：{path}。"
    assert not path.exists()


def test_a_folder(window, boxes, tmp_path):  # noqa: ANN001
    folder = tmp_path / "资料文件夹.gpkg"
    folder.mkdir()
    assert attempt(window, boxes, folder) == f"{folder} 是一个文件夹，不是项目文件。"
    assert list(folder.iterdir()) == []


def test_a_text_file_in_gbk(window, boxes, tmp_path):  # noqa: ANN001
    path = tmp_path / "住户名单.gpkg"
    path.write_bytes("房号,姓名,面积\n101,张三,78.5\n".encode("gbk"))
    before = folder_state(tmp_path)
    assert "不是本程序的项目文件" in attempt(window, boxes, path)
    assert folder_state(tmp_path) == before


def test_another_programs_sqlite_file(window, boxes, tmp_path):  # noqa: ANN001
    path = tmp_path / "别的程序.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO notes (text) VALUES ('居委会记录')")
    conn.close()
    before = folder_state(tmp_path)
    assert "是另一个程序的数据库" in attempt(window, boxes, path)
    assert folder_state(tmp_path) == before


def test_a_file_from_a_newer_version(window, boxes, tmp_path):  # noqa: ANN001
    path = tmp_path / "新版本.gpkg"
    Project.create(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE app_meta SET value = '99' WHERE key = 'schema_version'")
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = folder_state(tmp_path)
    assert "由更新版本的程序创建" in attempt(window, boxes, path)
    assert folder_state(tmp_path) == before


HOLD_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="the lock holder is a POSIX child process")
def test_a_file_locked_by_another_program(window, boxes, tmp_path):  # noqa: ANN001
    path = tmp_path / "被锁定.gpkg"
    Project.create(path).close()
    before = digest(path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert attempt(window, boxes, path) == f"{path} 正被另一个程序锁定，请关闭它后再试。"
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    assert digest(path) == before


def test_open_errors_speak_english_when_the_user_chose_it(window, boxes, tmp_path, monkeypatch):  # noqa: ANN001
    window.context.settings.language = "en"
    path = tmp_path / "missing.gpkg"
    assert attempt(window, boxes, path) == f"The project file {path} does not exist."


def test_a_read_only_file_opens_for_reading(window, boxes, tmp_path, demo_template):  # noqa: ANN001
    """chmod 444; as root the permission does not stop writes, so there the window's own
    read-only open (File → Open read-only) is what keeps the file unchanged."""
    demo_path = tmp_path / "只读副本.gpkg"
    shutil.copyfile(demo_template, demo_path)
    os.chmod(demo_path, 0o444)
    before = digest(demo_path)
    running_as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    assert window.open_project(demo_path, readonly=running_as_root)
    assert window.context.is_readonly()
    assert "只读" in window.windowTitle() and "只读" in window.file_label.text()
    tab = window.tab(1)
    estate = window.context.project.estates.resolve("GL-0001")
    window.context.select("estate", estate.uuid)
    assert tab.readonly_hint.isVisible()
    assert tab.edits["name"].isReadOnly() and not tab.stage.isEnabled()
    from retrofit_app.gui.undo.estate_edit import apply_estate_edit

    refused: list[str] = []
    ok = apply_estate_edit(
        window.context,
        estate.uuid,
        {"name": "改不了"},
        "x",
        lambda e: refused.append(e.sentence("zh")),
    )
    assert ok is False and refused == [f"{demo_path} 以只读方式打开，不能保存修改。"]
    window.context.set_project(None)
    assert digest(demo_path) == before
