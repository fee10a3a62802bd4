"""Read-only commands in read-only places, and nothing left beside the file anywhere.

A project on read-only media (a read-only mount) or in a read-only folder opens for
reading: `info`, `check`, `estates` and `report` work there and a write is refused
with a sentence. In a writable folder the same commands leave no -wal or -shm
behind and the file byte for byte as it was. Both hold when the tests run as root
(places.py: a real mount, a process without the capabilities that skip permissions).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from crash_support import Run, cli_env
from places import (
    app,
    as_unprivileged,
    in_private_mounts,
    mounts_available,
    read_only_bind,
    setpriv_available,
)

from retrofit_app.core.project import Project

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and mounts")

ESTATE = "XW-9001"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def surveyed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project as a colleague would hand it over: closed, one file."""
    path = tmp_path_factory.mktemp("surveyed") / "项目 交接.gpkg"
    with Project.create(path, user="测试员") as project:
        estate = project.estates.create("童家巷小区", "玄武区", code=ESTATE)
        building = project.buildings.create(estate.uuid, "1幢")
        unit = project.buildings.add_unit(building.uuid, "1单元")
        project.households.create(unit.uuid, "101", area=63.5)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    return path


def reading_steps(project: Path, out: Path) -> list[list[str]]:
    return [
        app("info", project),
        app("check", project),
        app("estates", project),
        app("report", project, "--estate", ESTATE, "--kind", "survey", "--out", out / "调查.pdf"),
    ]


def assert_read(runs: list[Run]) -> None:
    for run in runs:
        assert run.status == 0, run.err
        assert "程序内部错误" not in run.err
    info, check, estates, _report = runs
    assert "项目文件" in info.out and "检查通过" in check.out and ESTATE in estates.out


def assert_read_and_untouched(runs: list[Run], copy: Path, before: str) -> None:
    """The reading commands worked, the write (last) was refused, nothing changed or appeared."""
    assert_read(runs[:-1])
    refused = runs[-1]
    assert refused.status != 0 and "只读" in refused.err and "程序内部错误" not in refused.err
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name]
    assert digest(copy) == before


needs_mounts = pytest.mark.skipif(
    not mounts_available(), reason="no mount namespace here (needs root or user namespaces)"
)


@pytest.fixture
def place(surveyed: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A copy of the project alone in its folder; a writable folder for outputs; an environment."""
    folder = tmp_path / "光盘"
    folder.mkdir()
    copy = folder / surveyed.name
    shutil.copyfile(surveyed, copy)
    out = tmp_path / "输出"
    out.mkdir()
    out.chmod(0o777)
    return copy, out, cli_env(tmp_path / "home")


def test_read_only_commands_leave_nothing_beside_the_file(place) -> None:  # noqa: ANN001
    copy, out, env = place
    before = digest(copy)
    runs = in_order(env, reading_steps(copy, out))
    assert_read(runs)
    assert sorted(p.name for p in copy.parent.iterdir()) == [copy.name]
    assert digest(copy) == before


@pytest.mark.skipif(not setpriv_available(), reason="as root, setpriv is needed to drop privileges")
def test_a_project_in_a_read_only_folder_opens_for_reading(place) -> None:  # noqa: ANN001
    copy, out, env = place
    before = digest(copy)
    copy.chmod(0o444)
    copy.parent.chmod(0o555)
    try:
        runs = in_order(env, [*reading_steps(copy, out), add_estate(copy)], unprivileged=True)
    finally:
        copy.parent.chmod(0o755)
    assert_read_and_untouched(runs, copy, before)


@needs_mounts
def test_a_project_on_read_only_media_opens_for_reading(place) -> None:  # noqa: ANN001
    copy, out, env = place
    before = digest(copy)
    runs = in_private_mounts(
        read_only_bind(copy.parent), [*reading_steps(copy, out), add_estate(copy)], env
    )
    assert_read_and_untouched(runs, copy, before)


@needs_mounts
@pytest.mark.parametrize("beside", [("-wal",), ("-wal", "-shm")])
def test_read_only_media_with_changes_still_in_the_log_reads_them_or_says_so(
    place,  # noqa: ANN001
    beside: tuple[str, ...],
) -> None:
    """Copied while a program had it open: the .gpkg with its -wal (and maybe -shm) beside it."""
    copy, out, env = place
    writer = sqlite3.connect(copy, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE estates SET name = '童家巷小区（日志中）' WHERE code = ?", [ESTATE])
    snapshot = copy.parent.parent / "快照"
    snapshot.mkdir()
    for name in (copy.name, *(copy.name + suffix for suffix in beside)):
        shutil.copyfile(copy.parent / name, snapshot / name)
    writer.close()
    media = snapshot / copy.name
    runs = in_private_mounts(
        read_only_bind(snapshot),
        [app("estates", media), app("info", media), app("check", media)],
        env,
    )
    estates, info, check = runs
    if estates.status == 0:  # SQLite could read the log: the newest name must show
        assert "日志中" in estates.out and info.status == 0
    else:
        assert "-wal" in estates.err and "只读" in estates.err and "程序内部错误" not in estates.err
    # `check` never passes a .gpkg that is not the whole project on its own.
    assert check.status != 0 and "-wal" in check.err and "程序内部错误" not in check.err


def add_estate(project: Path) -> list[str]:
    return app("add-estate", project, "--name", "新小区", "--district", "鼓楼区")


def in_order(
    env: dict[str, str], steps: list[list[str]], *, unprivileged: bool = False
) -> list[Run]:
    runs = []
    for argv in steps:
        done = subprocess.run(
            as_unprivileged(argv) if unprivileged else argv,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        runs.append(Run(done.returncode, done.stdout, done.stderr))
    return runs
