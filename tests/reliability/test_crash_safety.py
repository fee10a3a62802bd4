"""Crash safety: the command line killed (SIGKILL) at random moments of long work never spoils the file.

Each test is a chain of trials on one copy of a project: start the work, kill it
at a random moment, check the file, start the same work again (a rerun that may
itself be killed), ... and at the end let it run to completion. 30 kills in all,
over four kinds of work. The seed is printed; set RETROFIT_CRASH_SEED to replay.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from crash_support import (
    cli,
    cli_env,
    count_rows,
    kill_after,
    pdf_complete,
    photo_problems,
    sqlite_problems,
    write_jpegs,
    write_roster,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is a POSIX signal")

SEED = int(os.environ.get("RETROFIT_CRASH_SEED") or time.time_ns() % 1_000_000)
PHOTOS = 100
ROSTER_ROWS = 2000
ESTATE = "XW-9001"
REPORT_ESTATE = "XW-0001"


@dataclass
class Inputs:
    env: dict[str, str]
    photos: Path
    roster: Path
    empty: Path  # a project with one empty estate
    office: Path  # the demo project, with the snapshot of an exported field copy beside it
    field_copy: Path


@pytest.fixture(scope="session")
def inputs(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Inputs:
    print(f"\ncrash-safety seed: {SEED} (replay with RETROFIT_CRASH_SEED={SEED})")
    base = tmp_path_factory.mktemp("crash-inputs")
    env = cli_env(base / "home")
    empty = base / "empty" / "普查.gpkg"
    empty.parent.mkdir()
    assert cli(env, "new", empty).status == 0
    added = cli(env, "add-estate", empty, "--name", "童家巷小区", "--district", "玄武区", "--code", ESTATE)
    assert added.status == 0, added.err
    office = base / "office" / "办公室.gpkg"
    office.parent.mkdir()
    shutil.copyfile(demo_template, office)
    field_copy = base / "外业副本.gpkg"
    exported = cli(env, "export-package", office, "--estate", REPORT_ESTATE, "--estate", "GL-0002", "--out", field_copy)  # fmt: skip
    assert exported.status == 0, exported.err
    # Field work worth merging: photos taken and a roster collected on the copy.
    field_photos = write_jpegs(base / "外业照片", 20, seed=SEED + 1)
    assert cli(env, "import-photos", field_copy, "--estate", REPORT_ESTATE, field_photos).status == 0
    field_roster = write_roster(base / "外业名册.csv", 800, seed=SEED + 2)
    assert cli(env, "import-households", field_copy, "--estate", "GL-0002", field_roster).status == 0
    return Inputs(
        env,
        write_jpegs(base / "照片", PHOTOS, seed=SEED),
        write_roster(base / "名册.csv", ROSTER_ROWS, seed=SEED + 3),
        empty,
        office,
        field_copy,
    )


def copy_project(source: Path, folder: Path) -> Path:
    """The file and what lives beside it under its name (field-copy snapshots, backups)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    shutil.copyfile(source, target)
    for side in source.parent.glob(source.name + ".*"):
        if side.is_dir():
            shutil.copytree(side, folder / side.name)
    return target


@dataclass
class Chain:
    """One kind of work: how to set it up, run it, and what must hold after every kill."""

    name: str
    kills: int
    longest: float  # kill delays are uniform in (0.3 s, longest)
    argv: Callable[[Inputs, Path], list[object]]
    source: Callable[[Inputs], Path]
    seen: list[dict] = field(default_factory=list)


def photo_argv(i: Inputs, project: Path) -> list[object]:
    return ["import-photos", project, "--estate", ESTATE, i.photos]


def roster_argv(i: Inputs, project: Path) -> list[object]:
    return ["import-households", project, "--estate", ESTATE, i.roster]


def merge_argv(i: Inputs, project: Path) -> list[object]:
    return ["merge-package", project, i.field_copy]


def report_argv(i: Inputs, project: Path) -> list[object]:
    return ["report", project, "--estate", REPORT_ESTATE, "--kind", "acceptance", "--out", report_target(project)]  # fmt: skip


def report_target(project: Path) -> Path:
    return project.parent / "验收报告.pdf"


CHAINS = {
    "photos": (2, 5, 4.0, photo_argv, lambda i: i.empty),
    "roster": (2, 4, 3.0, roster_argv, lambda i: i.empty),
    "merge": (2, 3, 3.0, merge_argv, lambda i: i.office),
    "report": (2, 3, 3.0, report_argv, lambda i: i.office),
}
CASES = [(kind, n) for kind, spec in CHAINS.items() for n in range(spec[0])]


def snapshot(project: Path) -> dict:
    """What must move together: rows of the tables each kind of work writes."""
    return {
        table: count_rows(project, table)
        for table in ("photos", "photo_data", "households", "owners", "votes", "audit_log")
    }


def assert_sound(project: Path, note: str) -> None:
    assert sqlite_problems(project) == [], note
    checked = cli(cli_env(project.parent / "home"), "check", project)
    assert checked.status == 0, f"{note}: {checked.err}"
    assert photo_problems(project) == [], note
    target = report_target(project)
    if target.exists():
        assert pdf_complete(target), f"{note}: a half-written PDF at {target.name}"


def assert_backups_open(env: dict[str, str], project: Path, note: str) -> None:
    """A backup listed after a crash must be a whole project (it may be restored one day)."""
    folder = project.with_name(project.name + ".backups")
    for backup in sorted(folder.glob("*.gpkg")) if folder.is_dir() else []:
        assert sqlite_problems(backup) == [], f"{note}: {backup.name}"
        assert cli(env, "info", backup).status == 0, f"{note}: backup {backup.name} is not a project"


@pytest.mark.parametrize(("kind", "chain"), CASES, ids=[f"{k}-{n}" for k, n in CASES])
def test_killed_work_leaves_a_sound_file_and_a_rerun_completes(
    inputs: Inputs, tmp_path: Path, kind: str, chain: int
) -> None:
    _, kills, longest, argv, source = CHAINS[kind]
    rng = random.Random(f"{SEED}-{kind}-{chain}")
    project = copy_project(source(inputs), tmp_path / "trial")
    env = cli_env(tmp_path / "home")
    before = snapshot(project)
    seen = []
    for trial in range(kills):
        delay = rng.uniform(0.3, longest)
        note = f"seed {SEED}, {kind} chain {chain} trial {trial}, killed after {delay:.2f} s"
        print(note)
        kill_after(env, delay, *argv(inputs, project))
        assert_sound(project, note)
        assert_backups_open(env, project, note)
        seen.append(snapshot(project))
    rerun = cli(env, *argv(inputs, project), timeout=300)
    assert rerun.status == 0, rerun.err
    after = snapshot(project)
    assert_sound(project, f"seed {SEED}, {kind} chain {chain}: after the rerun")
    if kind == "photos":
        assert after["photos"] == after["photo_data"] == PHOTOS
    if kind == "roster":
        assert after["households"] == ROSTER_ROWS
    if kind == "report":
        assert pdf_complete(report_target(project))
        assert after == before  # a report only reads the project
    if kind in ("roster", "merge"):
        # One transaction: after each kill the rows are as before the work or as after it.
        for trial, counts in enumerate(seen):
            assert counts in (before, after), f"seed {SEED}, {kind} chain {chain} trial {trial}: {counts}"
