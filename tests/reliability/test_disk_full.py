"""A full disk (PRAGMA max_page_count on the connection) and read-only media: a sentence, a sound file."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from crash_support import cli, cli_env, sqlite_problems, write_jpegs, write_roster

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


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_a_project_on_read_only_media_is_refused_by_the_command_line(
    surveyed: Path, tmp_path: Path
) -> None:
    media = tmp_path / "光盘"
    media.mkdir()
    copy = media / surveyed.name
    shutil.copyfile(surveyed, copy)
    copy.chmod(0o444)
    media.chmod(0o555)
    try:
        before = copy.read_bytes()
        result = cli(cli_env(tmp_path / "home"), "add-estate", copy, "--name", "新小区", "--district", "鼓楼区")  # fmt: skip
        assert result.status != 0 and "只读" in result.err
        assert copy.read_bytes() == before
        assert cli(cli_env(tmp_path / "home"), "info", copy).status == 0
    finally:
        media.chmod(0o755)


def test_the_disk_full_limit_is_only_on_that_connection(surveyed: Path) -> None:
    """The simulation itself: another connection still writes, so the file was never damaged."""
    with Project(surveyed) as project:
        fill_disk(project)
        other = sqlite3.connect(surveyed)
        try:
            assert other.execute("PRAGMA max_page_count").fetchone()[0] > 1_000_000
        finally:
            other.close()
