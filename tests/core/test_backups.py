"""Backups: before a merge, on a schedule, listed, restored (the current file saved first), pruned."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from backup_support import restored_copy as restored_into
from exchange_support import export_first_estate, fingerprint, households_of

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.exchange.merge import merge_package
from retrofit_app.core.project import Project
from retrofit_app.core.project_backups import (
    backup_if_due,
    backup_now,
    list_backups,
    restore_backup,
)
from retrofit_app.core.storage import work_folder
from retrofit_app.core.storage.backups import prune_backups, sqlite_copy


def test_a_merge_makes_a_backup_of_the_office_as_it_was(demo_path: Path, tmp_path: Path) -> None:
    code, made = export_first_estate(demo_path, tmp_path)
    before = fingerprint(demo_path)
    with Project(made.path, user="小王") as field:
        field.households.update(households_of(field, code)[0].uuid, note="外业修改")
    with Project(demo_path, user="办公室") as office:
        result = merge_package(office, made.path)
    assert [(b.path, b.reason) for b in list_backups(demo_path)] == [
        (result.backup, "before-merge")
    ]
    assert fingerprint(restored_copy(result.backup, tmp_path)) == before != fingerprint(demo_path)


def restored_copy(backup: Path, folder: Path) -> Path:
    """The project a backup gives back, restored into a scratch copy (its photos from the store)."""
    return restored_into(backup, folder / f"restored-{backup.stem}.gpkg")


def test_a_scheduled_backup_is_made_only_when_due(project: Project) -> None:
    first = backup_if_due(project, hours=4)
    assert first is not None and first.exists()
    assert backup_if_due(project, hours=4) is None
    later = datetime.now(UTC) + timedelta(hours=5)
    second = backup_if_due(project, hours=4, now=later)
    assert second is not None and second != first
    assert [b.reason for b in list_backups(project.path)] == ["scheduled", "scheduled"]


def test_a_read_only_project_gets_no_scheduled_backup(project: Project) -> None:
    path = project.path
    project.close()
    with Project(path, readonly=True) as readonly:
        assert backup_if_due(readonly, hours=0) is None
    assert list_backups(path) == []


def test_restoring_a_backup_brings_its_content_back_and_saves_the_current_file_first(
    project: Project, tmp_path: Path
) -> None:
    project.estates.create("颐和新村", "鼓楼区")
    saved = backup_now(project)
    at_backup = fingerprint(restored_copy(saved, tmp_path))
    project.estates.create("后加小区", "鼓楼区")
    current = fingerprint(project.path)

    replaced = restore_backup(project, saved)

    assert [e.name for e in project.estates.list()] == ["颐和新村"]
    assert fingerprint(project.path) == at_backup
    assert fingerprint(restored_copy(replaced, tmp_path)) == current
    assert "before-restore" in replaced.name
    # The open project keeps working after the restore.
    project.estates.create("恢复后新增", "鼓楼区")
    assert len(project.estates.list()) == 2


def test_restoring_something_that_is_not_a_backup_is_refused(
    project: Project, tmp_path: Path
) -> None:
    with pytest.raises(RetrofitError) as raised:
        restore_backup(project, tmp_path / "没有.gpkg")
    assert raised.value.code == ErrorCode.NO_SUCH_BACKUP
    text = tmp_path / "notes.gpkg"
    text.write_text("不是数据库", encoding="utf-8")
    with pytest.raises(RetrofitError) as raised:
        restore_backup(project, text)
    assert raised.value.code == ErrorCode.NOT_SQLITE
    assert list_backups(project.path) == []


def test_old_backups_are_pruned_to_the_number_kept(project: Project) -> None:
    made = [backup_now(project, keep=3) for _ in range(5)]
    kept = [b.path for b in list_backups(project.path)]
    assert kept == list(reversed(made))[:3]
    assert prune_backups(project.path, 1) == kept[1:]
    assert [b.path for b in list_backups(project.path)] == kept[:1]


def test_backups_live_owner_only_in_the_projects_own_folder(project: Project) -> None:
    made = backup_now(project)
    assert made.parent == work_folder.backups_folder(project.path)
    assert made.parent.parent == project.path.with_name(project.path.name + ".retrofit")
    if os.name == "posix":
        assert stat.S_IMODE(made.stat().st_mode) == 0o600
        assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(made.parent.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE((made.parent / "photo-store").stat().st_mode) == 0o700
    # Nothing of the work that made it is left: no scratch folder, no .part.
    assert sorted(p.name for p in made.parent.parent.iterdir()) == ["backups"]
    assert sorted(p.name for p in made.parent.iterdir()) == sorted([made.name, "photo-store"])


def test_backups_in_the_old_folder_beside_the_project_are_listed_restored_and_moved_in(
    project: Project,
) -> None:
    """A project from before the project's folder: its backups sat in `<project>.backups/`."""
    project.estates.create("颐和新村", "鼓楼区")
    old = work_folder.legacy_backups_folder(project.path)
    old.mkdir()
    legacy = old / f"{project.path.stem}.20260101-080000.manual.gpkg"
    sqlite_copy(project.conn, legacy)  # a whole copy, as backups were made then
    with contextlib.closing(sqlite3.connect(legacy)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")  # as backups were made then
    project.estates.create("后加小区", "鼓楼区")
    assert [b.path for b in list_backups(project.path)] == [legacy]

    restore_backup(project, legacy, keep=5)
    assert [e.name for e in project.estates.list()] == ["颐和新村"]
    assert [p.name for p in old.iterdir()] == [legacy.name]  # reading it left no -wal/-shm
    assert [b.reason for b in list_backups(project.path)] == ["before-restore", "manual"]

    path = project.path
    project.close()
    with Project(path):  # opened for writing: the old folder's files move in
        pass
    assert not old.exists()
    assert [b.path.parent for b in list_backups(path)] == [work_folder.backups_folder(path)] * 2


def test_pruning_counts_backups_in_the_old_folder_too(project: Project) -> None:
    old = work_folder.legacy_backups_folder(project.path)
    old.mkdir()
    legacy = old / f"{project.path.stem}.20260101-080000.manual.gpkg"
    backup_now(project).replace(legacy)
    newer = backup_now(project, keep=1)
    assert [b.path for b in list_backups(project.path)] == [newer] and not legacy.exists()
