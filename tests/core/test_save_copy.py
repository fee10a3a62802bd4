"""Save a copy: a consistent file under the new name, or nothing at all."""

from __future__ import annotations

import pytest

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.project import Project
from retrofit_app.core.storage.copies import save_copy


def test_the_copy_holds_unsaved_to_disk_changes_of_an_open_project(project, tmp_path):  # noqa: ANN001
    estate = project.estates.create("颐和新村", "鼓楼区")  # still in the WAL of the open file
    target = tmp_path / "副本" / "颐和 副本.gpkg"
    target.parent.mkdir()
    calls: list[tuple[int, int]] = []
    assert save_copy(project.path, target, progress=lambda d, t: calls.append((d, t))) == target
    assert calls and calls[-1][0] == calls[-1][1]
    with Project(target, readonly=True) as copy:
        assert copy.estates.get(estate.uuid).name == "颐和新村"
    assert not target.with_name(target.name + ".part").exists()
    assert not target.with_name(target.name + "-wal").exists()


def test_cancelling_leaves_no_file(project, tmp_path):  # noqa: ANN001
    folder = tmp_path / "副本"
    folder.mkdir()
    assert save_copy(project.path, folder / "取消.gpkg", cancelled=lambda: True) is None
    assert list(folder.iterdir()) == []


def test_copying_onto_itself_is_refused(project):  # noqa: ANN001
    before = project.path.read_bytes()
    with pytest.raises(RetrofitError) as caught:
        save_copy(project.path, project.path)
    assert caught.value.code == ErrorCode.EXISTS
    assert project.path.read_bytes() == before


def test_an_existing_target_is_replaced_whole(project, tmp_path):  # noqa: ANN001
    target = tmp_path / "旧副本.gpkg"
    target.write_text("旧内容", encoding="gbk")
    save_copy(project.path, target)
    with Project(target, readonly=True) as copy:
        assert copy.counts().estates == 0
