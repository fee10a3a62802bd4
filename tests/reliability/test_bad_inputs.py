"""Malformed inputs on the real command line: one clear sentence, a non-zero exit, the project untouched."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from bad_inputs import CASES, ESTATE, Case, World
from crash_support import cli, cli_env, count_rows

# What a user must never read: Python's own words for what went wrong.
PYTHON_WORDS = re.compile(
    r"Traceback|File \"|\b[A-Z]\w*(Error|Exception|Warning)\b|BadZipFile|sqlite3\.|\bNone\b"
    r"|codec can't|Expecting value|position \d+"
)
CJK = re.compile(r"[\u4e00-\u9fff]")

# For a batch that imports the good items and reports the bad one: (table, where) of the
# bad item that must not exist, and (table, where, n) of what the good ones left.
ITEM_TRACES = {
    "photo-bad-exif-in-batch": (("photos", "file_name = '坏照片.jpg'"), ("photos", "1", 1)),
    # The bad row's flat is kept to check (issue 15: it stays in the unit's count), without its
    # owner or any of its values.
    "roster-one-bad-vote-csv": (("owners", "name = '赵六'"), ("households", "1", 7)),
}


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> World:
    from retrofit_app.core.photos.samples import jpeg_bytes, scene

    base = tmp_path_factory.mktemp("bad-inputs")
    env = cli_env(base / "home")
    project = base / "project" / "普查.gpkg"
    project.parent.mkdir()
    assert cli(env, "new", project).status == 0
    assert cli(env, "add-estate", project, "--name", "童家巷小区", "--district", "玄武区", "--code", ESTATE).status == 0  # fmt: skip
    shipped = cli(env, "checklist-templates", project)  # the shipped templates land once, here
    assert shipped.status == 0, shipped.err
    office = base / "office" / "办公室.gpkg"
    office.parent.mkdir()
    shutil.copyfile(project, office)
    package = base / "外业副本.gpkg"
    assert cli(env, "export-package", office, "--estate", ESTATE, "--out", package).status == 0
    other = base / "other" / "别的项目.gpkg"
    other.parent.mkdir()
    assert cli(env, "new", other).status == 0
    assert cli(env, "add-estate", other, "--name", "锁金新村", "--district", "玄武区", "--code", "XW-7001").status == 0  # fmt: skip
    foreign = base / "别的项目的外业副本.gpkg"
    assert cli(env, "export-package", other, "--estate", "XW-7001", "--out", foreign).status == 0
    good = jpeg_bytes(scene(640, 480, "好照片", seed=3))
    return World(project, good, package, foreign)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else f"<{path.exists()}>"


def test_the_corpus_is_large_and_covers_every_kind() -> None:
    kinds = {case.id.split("-")[0] for case in CASES}
    assert len(CASES) >= 40 and kinds == {"photo", "roster", "geojson", "template", "package", "project", "estate", "report"}  # fmt: skip
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_bad_input_is_refused_with_one_clear_sentence(
    case: Case, world_template: World, tmp_path: Path
) -> None:
    project = tmp_path / world_template.project.name
    shutil.copyfile(world_template.project, project)
    world = World(project, world_template.good_jpeg, world_template.package, world_template.foreign_package)  # fmt: skip
    inputs = tmp_path / "输入"
    inputs.mkdir()
    argv = case.make(inputs, world)
    target = Path(argv[1])  # every command takes its project first
    before = sha256(target)

    result = cli(cli_env(tmp_path / "home"), *argv)
    print(f"{case.id}: {result.err.strip()}")

    assert result.status != 0, f"accepted: {result.out}"
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert lines, "nothing on stderr"
    assert not PYTHON_WORDS.search(result.err), result.err
    assert all(CJK.search(line) for line in lines), result.err
    if case.refusal == "whole":
        assert len(lines) <= 2, result.err
        assert sha256(target) == before, "the project file changed"
        assert not Path(f"{target}-wal").is_file() or Path(f"{target}-wal").stat().st_size == 0
    else:
        (bad_table, bad_where), (good_table, good_where, n) = ITEM_TRACES[case.id]
        assert count_rows(target, bad_table, bad_where) == 0, "the bad item left a trace"
        assert count_rows(target, good_table, good_where) == n, "the good items were not imported"
