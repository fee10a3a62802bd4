"""Snapshots of handed-out field copies go once no merge can use them (issue 21)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from exchange_support import add_household, first_unit

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.exchange.export import export_package
from retrofit_app.core.exchange.files import exchange_folder
from retrofit_app.core.exchange.merge import merge_package
from retrofit_app.core.project import Project


def _snapshots(project: Path) -> set[str]:
    return {p.name for p in exchange_folder(project).glob("*.base.gpkg")}


def test_a_copy_merged_back_and_handed_out_again_leaves_one_snapshot(
    demo_path: Path, tmp_path: Path
) -> None:
    with Project(demo_path, user="办公室") as office:
        codes = [e.code for e in office.estates.list()]
        first = export_package(office, codes[:2], tmp_path / "小王.gpkg")
        other = export_package(office, [codes[2]], tmp_path / "小李.gpkg")
    with Project(first.path, user="小王") as field:
        add_household(field, first_unit(field, codes[0]), "加建-1", "王建国", "")
    with Project(demo_path, user="办公室") as office:
        merge_package(office, first.path)
        assert first.base.exists()  # merged, but still the copy 小王 works on: merged again later
        fewer = export_package(office, [codes[0]], tmp_path / "小张.gpkg")
        assert first.base.exists()  # codes[1] is still only in 小王's copy
        again = export_package(office, codes[:2], tmp_path / "小王-第二份.gpkg")
    # 小王's first copy is replaced by the second; 小李's was never merged, so it stays.
    assert _snapshots(demo_path) == {again.base.name, other.base.name, fewer.base.name}
    with Project(demo_path, user="办公室") as office:
        with pytest.raises(RetrofitError) as refused:
            merge_package(office, first.path)
        assert refused.value.code == ErrorCode.PACKAGE_BASE_MISSING
        merge_package(office, again.path)  # the new copy merges as any
    assert again.base.exists()


def test_an_unrecorded_snapshot_goes_once_an_hour_old(demo_path: Path, tmp_path: Path) -> None:
    """An export stopped before it was recorded, a restore to before a copy was handed out."""
    with Project(demo_path, user="办公室") as office:
        codes = [e.code for e in office.estates.list()]
        made = export_package(office, [codes[0]], tmp_path / "a.gpkg")
    folder = exchange_folder(demo_path)
    fresh, stale = folder / "0-fresh.base.gpkg", folder / "0-stale.base.gpkg"
    fresh.write_bytes(made.base.read_bytes())
    stale.write_bytes(made.base.read_bytes())
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    with Project(demo_path, user="办公室") as office:
        later = export_package(office, [codes[1]], tmp_path / "b.gpkg")
    assert _snapshots(demo_path) == {made.base.name, later.base.name, fresh.name}
