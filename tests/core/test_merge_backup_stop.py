"""A merge cancelled (or the window closing) while it backs the project up stops there (issue 21)."""

from __future__ import annotations

from itertools import count
from pathlib import Path

import pytest
from exchange_support import add_household, fingerprint, first_unit

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.exchange.export import export_package
from retrofit_app.core.exchange.merge import merge_package
from retrofit_app.core.project import Project
from retrofit_app.core.project_backups import list_backups

STEPS_BEFORE_THE_BACKUP = 4  # merge_package asks at each of its first four steps


def test_a_merge_cancelled_during_its_backup_stops_and_changes_nothing(
    demo_path: Path, tmp_path: Path
) -> None:
    with Project(demo_path, user="办公室") as office:
        made = export_package(office, [office.estates.list()[0].code], tmp_path / "小王.gpkg")
    with Project(made.path, user="小王") as field:
        add_household(field, first_unit(field, made.estates[0]), "加建-1", "王建国", "")
    before = fingerprint(demo_path)
    asked = count(1)
    with Project(demo_path, user="办公室") as office, pytest.raises(RetrofitError) as stopped:
        merge_package(office, made.path, cancelled=lambda: next(asked) > STEPS_BEFORE_THE_BACKUP)
    assert stopped.value.code == ErrorCode.CANCELLED
    assert next(asked) == STEPS_BEFORE_THE_BACKUP + 2  # the fifth question was the backup's
    assert list_backups(demo_path) == [] and fingerprint(demo_path) == before
    with Project(demo_path, user="办公室") as office:
        assert not merge_package(office, made.path).already_merged  # still to merge, and merges
    assert [b.reason for b in list_backups(demo_path)] == ["before-merge"]
