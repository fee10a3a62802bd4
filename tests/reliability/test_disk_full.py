"""A full disk: a sentence, a sound file, and never a success that the .gpkg alone does not hold.

Most tests simulate the full disk with PRAGMA max_page_count on one connection; the
photo-import tests fill a real small disk (a tmpfs in a private mount namespace,
places.py), where the write-ahead log still grows but copying it into the file does
not fit (issue 23: "已导入 40 张", rc 0, a 20 MB file beside an 11 MB -wal).
Read-only media: test_read_only_places.py.
"""

from __future__ import annotations

import shlex
import sqlite3
from pathlib import Path

import pytest
from crash_support import (
    cli,
    cli_env,
    command,
    photo_problems,
    sqlite_problems,
    write_jpegs,
    write_roster,
)
from places import in_private_mounts, mounts_available, small_disk

from retrofit_app.core.consultation.roster import read_roster
from retrofit_app.core.consultation.roster_import import import_roster
from retrofit_app.core.errors import ErrorCode, ProjectFileError
from retrofit_app.core.photos.model import Placement
from retrofit_app.core.photos.service import PhotoService
from retrofit_app.core.project import Project

DISK_FULL_ZH = "磁盘已满"


def fill_disk(project: Project) -> None:
    """From now on the file may not grow by one page: what a full disk looks like to SQLite."""
    pages = project.conn.execute("PRAGMA page_count").fetchone()[0]
    project.conn.execute(f"PRAGMA max_page_count = {pages}")


def counts(path: Path) -> dict[str, int]:
    with Project(path, readonly=True) as project:
        found = project.counts()
    return {"estates": found.estates, "households": found.households, "photos": found.photos}


@pytest.fixture
def surveyed(project_path: Path) -> Path:
    """A project with months of work in it: two estates, one with households."""
    with Project.create(project_path, user="测试员") as project:
        project.estates.create("童家巷小区", "玄武区", code="XW-9001")
        estate = project.estates.create("锁金新村", "玄武区", code="XW-9002")
        building = project.buildings.create(estate.uuid, "1幢")
        unit = project.buildings.add_unit(building.uuid, "1单元")
        project.households.create(unit.uuid, "101", area=63.5)
    return project_path


def assert_sound_and_as_before(path: Path, before: dict[str, int]) -> None:
    assert sqlite_problems(path) == []
    assert counts(path) == before
    with Project(path) as again:  # and the next day, with room on the disk, work goes on
        again.estates.create("尧化新村", "栖霞区")
    assert counts(path)["estates"] == before["estates"] + 1


def test_creating_estates_on_a_full_disk_stops_with_a_sentence(surveyed: Path) -> None:
    before = counts(surveyed)
    made = 0
    with Project(surveyed, user="测试员") as project:
        fill_disk(project)
        with pytest.raises(ProjectFileError) as caught:
            for n in range(500):  # the pages still free fill up after a few
                project.estates.create(f"新小区{n}", "鼓楼区", street="宁海路街道" * 20)
                made += 1
    assert caught.value.code == ErrorCode.DISK_FULL
    assert DISK_FULL_ZH in caught.value.sentence("zh") and "full" in caught.value.sentence("en")
    assert_sound_and_as_before(surveyed, {**before, "estates": before["estates"] + made})


def test_a_photo_import_on_a_full_disk_fails_with_a_sentence(
    surveyed: Path, tmp_path: Path
) -> None:
    photos = write_jpegs(tmp_path / "照片", 3, seed=1, size=(800, 600))
    before = counts(surveyed)
    with Project(surveyed, user="测试员") as project:
        estate = project.estates.resolve("XW-9001")
        fill_disk(project)
        # The batch stops at the first photo: the next ones would not fit either.
        with pytest.raises(ProjectFileError) as caught:
            PhotoService(project).import_files(Placement(estate.uuid), [photos], workers=0)
    assert caught.value.code == ErrorCode.DISK_FULL
    assert DISK_FULL_ZH in caught.value.sentence("zh")
    assert_sound_and_as_before(surveyed, before)


def test_a_roster_import_on_a_full_disk_imports_nothing(surveyed: Path, tmp_path: Path) -> None:
    plan = read_roster(write_roster(tmp_path / "名册.csv", 300, seed=2))
    before = counts(surveyed)
    with Project(surveyed, user="测试员") as project:
        estate = project.estates.resolve("XW-9001")
        fill_disk(project)
        with pytest.raises(ProjectFileError) as caught:
            import_roster(project, estate.uuid, plan)
    assert caught.value.code == ErrorCode.DISK_FULL
    assert_sound_and_as_before(surveyed, before)


def test_a_read_only_copy_refuses_writes_with_a_sentence(surveyed: Path) -> None:
    before = counts(surveyed)
    with Project(surveyed, readonly=True, user="测试员") as project:
        with pytest.raises(ProjectFileError) as caught:
            project.estates.create("新小区", "鼓楼区")
        assert caught.value.code == ErrorCode.READ_ONLY
        assert "只读" in caught.value.sentence("zh")
        with pytest.raises(ProjectFileError):
            PhotoService(project).import_files(
                Placement(project.estates.resolve("XW-9001").uuid), []
            )
    assert counts(surveyed) == before


def test_the_disk_full_limit_is_only_on_that_connection(surveyed: Path) -> None:
    """The simulation itself: another connection still writes, so the file was never damaged."""
    with Project(surveyed) as project:
        fill_disk(project)
        other = sqlite3.connect(surveyed)
        try:
            assert other.execute("PRAGMA max_page_count").fetchone()[0] > 1_000_000
        finally:
            other.close()


# ------------------------------------------------------------------ a real small disk
BATCHES, PER_BATCH = 4, 40
# The project grows ~3.6 MB per batch of 40 such photos, and each photo commits on its
# own, so a batch's -wal is ~6.2 MB (the file's pages plus the indexes, audit and chain
# pages each commit rewrites). While a batch is copied from the -wal into the file both
# are on the disk: batch 2 needs 7.9 + 6.2 MB, batch 3 11.5 + 6.2 MB. On 15 MB,
# batches 1 and 2 fit whole, batch 3 fits in the -wal but not in the file, batch 4 not
# even in the -wal.
DISK_MB = 15


def photo_count(path: Path, *, recover: bool) -> int:
    """Photos in the file; `recover`: as SQLite sees it with its -wal (else the .gpkg alone)."""
    uri = f"file:{path}" + ("" if recover else "?mode=ro&immutable=1")
    conn = sqlite3.connect(uri, uri=True)
    try:
        return conn.execute("SELECT count(*) FROM photos").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.skipif(not mounts_available(), reason="no mount namespace here (needs root or user namespaces)")
def test_photo_imports_onto_a_really_full_disk_never_claim_a_success_the_file_does_not_hold(
    tmp_path: Path,
) -> None:
    env = cli_env(tmp_path / "home")
    disk, saved = tmp_path / "小盘", tmp_path / "取出"
    disk.mkdir()
    saved.mkdir()
    fresh = tmp_path / "项目.gpkg"
    assert cli(env, "new", fresh).status == 0
    assert cli(env, "add-estate", fresh, "--name", "童家巷小区", "--district", "玄武区", "--code", "XW-9001").status == 0  # fmt: skip
    project = disk / fresh.name
    steps: list[list[object]] = []
    for k in range(1, BATCHES + 1):
        photos = write_jpegs(tmp_path / f"照片{k}", PER_BATCH, seed=100 * k, size=(800, 600))
        steps.append(command("import-photos", project, "--estate", "XW-9001", photos))
        # What a user would then copy: the .gpkg alone, and the .gpkg with its -wal.
        steps.append(["sh", "-c", f'mkdir "$1/{k}" && cp "$0" "$1/{k}/alone.gpkg" && cp "$0"* "$1/{k}/"', project, saved])  # fmt: skip
    runs = in_private_mounts(
        f"{small_disk(disk, DISK_MB)} && cp {shlex.quote(str(fresh))} {shlex.quote(str(disk))}/",
        steps,
        env,
    )
    imports, copies = runs[0::2], runs[1::2]
    assert all(c.status == 0 for c in copies), [c.err for c in copies]
    outcomes = []
    for k, run in enumerate(imports, start=1):
        alone, whole = saved / str(k) / "alone.gpkg", saved / str(k) / project.name
        if run.status == 0:
            assert f"已导入 {PER_BATCH} 张" in run.out
            # Success means the .gpkg alone holds everything: a sound file, every photo.
            assert sqlite_problems(alone) == []
            assert photo_count(alone, recover=False) == photo_count(whole, recover=True) == k * PER_BATCH  # fmt: skip
        else:
            assert DISK_FULL_ZH in run.err and "程序内部错误" not in run.err, run.err
            assert "已导入" not in run.out
        outcomes.append(run.status == 0)
    assert outcomes[:2] == [True, True] and not any(outcomes[2:]), "the disk did not fill as planned"
    # With room again, the last state (.gpkg and its -wal) is a sound project: nothing committed is lost.
    last = saved / str(BATCHES) / project.name
    assert sqlite_problems(last) == [] and photo_problems(last) == []
    assert photo_count(last, recover=True) >= 2 * PER_BATCH


@pytest.mark.skipif(not mounts_available(), reason="no mount namespace here (needs root or user namespaces)")
def test_a_report_onto_a_full_disk_says_so_in_the_users_language_and_leaves_nothing(
    surveyed: Path, tmp_path: Path
) -> None:
    disk = tmp_path / "满盘"
    disk.mkdir()
    steps = [command("report", surveyed, "--estate", "XW-9001", "--kind", "survey", "--out", disk / "汇总.pdf"),
             ["sh", "-c", 'ls -A "$0"', disk]]  # fmt: skip
    full = f"{small_disk(disk, 1)} && (head -c 2000000 /dev/zero > {shlex.quote(str(disk / 'fill'))} || true)"
    for lang, sentence in (("zh", "磁盘已满"), ("en", "The disk is full")):
        env = {**cli_env(tmp_path / "home"), "RETROFIT_APP_LANG": lang}
        report, listing = in_private_mounts(full, steps, env)
        assert report.status == 1 and sentence in report.err, report.err
        assert "No space left" not in report.err
        assert listing.out.split() == ["fill"]  # no PDF, no .part left behind
