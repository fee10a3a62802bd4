"""The command line contract of design.md: outputs, JSON shapes, one-sentence errors."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from retrofit_app import __version__
from retrofit_app.core.storage.schema import SCHEMA_VERSION


def cli(*args: object, lang: str = "zh") -> subprocess.CompletedProcess:
    env = {**os.environ, "RETROFIT_APP_LANG": lang}
    return subprocess.run(
        [sys.executable, "-m", "retrofit_app", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_version_and_help():
    assert cli("--version").stdout.strip() == f"retrofit-app {__version__}"
    helptext = cli("--help").stdout
    for command in ("new", "demo", "add-estate", "info", "estates", "check"):
        assert command in helptext


def test_new_add_estate_info_estates(tmp_path: Path):
    path = tmp_path / "玄武 区.gpkg"
    assert cli("new", path).returncode == 0
    added = cli("add-estate", path, "--name", "童家巷小区", "--district", "玄武区",
                "--street", "玄武门街道", "--lon", "118.79", "--lat", "32.07")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "XW-0001"
    info = json.loads(cli("info", path, "--json").stdout)
    # A new file is made at the version this program writes (core/storage/schema.py).
    assert info["schema_version"] == SCHEMA_VERSION
    assert info["counts"] == {
        "estates": 1,
        "buildings": 0,
        "units": 0,
        "households": 0,
        "photos": 0,
    }
    estates = json.loads(cli("estates", path, "--json").stdout)
    assert estates[0]["code"] == "XW-0001"
    assert {"code", "name", "district", "street", "stage", "progress"} <= set(estates[0])
    assert (estates[0]["name"], estates[0]["street"], estates[0]["stage"]) == (
        "童家巷小区",
        "玄武门街道",
        "surveyed",
    )
    table = cli("estates", path).stdout
    assert "童家巷小区" in table and "已调查" in table


def test_demo_has_the_promised_size_and_passes_check(tmp_path: Path):
    path = tmp_path / "demo.gpkg"
    assert cli("demo", path).returncode == 0
    info = json.loads(cli("info", path, "--json").stdout)
    counts = info["counts"]
    assert counts["estates"] >= 12 and counts["households"] > 1000
    districts = {e["district"] for e in json.loads(cli("estates", path, "--json").stdout)}
    assert len(districts) >= 4
    checked = cli("check", path)
    assert checked.returncode == 0, checked.stderr
    assert "未发现问题" in checked.stdout


def test_check_reports_a_broken_reference_in_a_sentence(tmp_path: Path):
    path = tmp_path / "p.gpkg"
    cli("new", path)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO units (uuid, building_uuid, name, created_at, updated_at) VALUES ('u1', 'missing', '1单元', '', '')"
    )
    conn.commit()
    conn.close()
    result = cli("check", path)
    assert result.returncode != 0
    assert "units" in result.stderr and "Traceback" not in result.stderr


def _write_other_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: None, "找不到项目文件"),
        (lambda p: p.mkdir(), "文件夹"),
        (lambda p: p.write_text("hello", encoding="utf-8"), "不是本程序的项目文件"),
        (_write_other_sqlite, "另一个程序的数据库"),
    ],
)
def test_bad_paths_get_one_sentence_and_a_nonzero_exit(tmp_path: Path, make, words):
    path = tmp_path / "x.gpkg"
    make(path)
    for command in (["info", path], ["estates", path], ["check", path],
                    ["add-estate", path, "--name", "a", "--district", "玄武区"]):  # fmt: skip
        result = cli(*command)
        assert result.returncode != 0
        assert words in result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_english_sentences_on_request(tmp_path: Path):
    result = cli("info", tmp_path / "nope.gpkg", lang="en")
    assert result.stderr.strip() == f"The project file {tmp_path / 'nope.gpkg'} does not exist."


def test_unknown_estate_and_duplicate_code(tmp_path: Path):
    path = tmp_path / "p.gpkg"
    cli("new", path)
    cli("add-estate", path, "--name", "瞻园小区", "--district", "秦淮区", "--code", "QH-0100")
    again = cli("add-estate", path, "--name", "另一个", "--district", "秦淮区", "--code", "QH-0100")
    assert again.returncode != 0 and "QH-0100" in again.stderr and "已被使用" in again.stderr


def test_new_refuses_to_overwrite(tmp_path: Path):
    path = tmp_path / "p.gpkg"
    path.write_text("precious", encoding="utf-8")
    result = cli("new", path)
    assert result.returncode != 0 and "已存在" in result.stderr
    assert path.read_text(encoding="utf-8") == "precious"
