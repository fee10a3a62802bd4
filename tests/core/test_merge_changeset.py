"""Our changeset reader against pygeodiff's own, and the field's changes meeting the office's on one record."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pygeodiff
import pytest
from exchange_support import export_first_estate, households_of

from retrofit_app.core.exchange.merge import merge_package
from retrofit_app.core.project import Project
from retrofit_app.core.storage.changeset_file import (
    UNDEFINED,
    ChangesetDamaged,
    ChangesetFile,
)

_TABLE = "CREATE TABLE 照片 (fid INTEGER PRIMARY KEY, 名称 TEXT, 面积 REAL, n INTEGER, data BLOB)"


def _changeset(tmp_path: Path) -> Path:
    """pygeodiff's changeset of inserts, updates and deletes with every kind of value."""
    base, modified = tmp_path / "base.sqlite", tmp_path / "modified.sqlite"
    with sqlite3.connect(base) as conn:
        conn.execute(_TABLE)
        conn.executemany(
            "INSERT INTO 照片 VALUES (?, ?, ?, ?, ?)",
            [
                (1, "北立面", 63.5, -7, b"\x00\x01"),
                (2, "南立面", None, 2**40, None),
                (3, "x", 1.0, 0, b""),
            ],
        )
    modified.write_bytes(base.read_bytes())
    with sqlite3.connect(modified) as conn:
        conn.execute(
            "UPDATE 照片 SET 名称 = '北立面（外业）', data = ? WHERE fid = 1", [b"\xff" * 300]
        )
        conn.execute("DELETE FROM 照片 WHERE fid = 2")
        conn.execute(
            "INSERT INTO 照片 VALUES (900, '新拍', -0.25, ?, ?)",
            [-(2**62), bytes(range(256)) * 700],
        )
        conn.execute("INSERT INTO 照片 VALUES (901, NULL, NULL, NULL, NULL)")
    changeset = tmp_path / "changes.diff"
    engine = pygeodiff.GeoDiff()
    try:
        engine.create_changeset(str(base), str(modified), str(changeset))
    finally:
        engine.shutdown()
    return changeset


def _theirs(values: list) -> list:
    return [UNDEFINED if isinstance(v, pygeodiff.UndefinedValue) else v for v in values]


def test_our_reader_reads_what_pygeodiffs_reader_reads(tmp_path: Path) -> None:
    changeset = _changeset(tmp_path)
    engine = pygeodiff.GeoDiff()
    try:
        expected = [
            (
                e.table.name,
                e.operation,
                _theirs(getattr(e, "old_values", [])),
                _theirs(getattr(e, "new_values", [])),
            )
            for e in engine.read_changeset(str(changeset))
        ]
    finally:
        engine.shutdown()
    ops = {"inserted": 18, "updated": 23, "deleted": 9}
    with ChangesetFile(changeset) as reading:
        changes = reading.changes()
        ours = [(c.table, ops[c.kind], c.old or [], c.new_values()) for c in changes]
    assert ours == expected
    assert sorted(c.key for c in changes) == [1, 2, 900, 901]
    inserted = next(c for c in changes if c.key == 900)
    assert inserted.new is None  # an insert's values stay in the file until they are written


def test_a_changeset_cut_short_is_refused(tmp_path: Path) -> None:
    changeset = _changeset(tmp_path)
    cut = tmp_path / "cut.diff"
    cut.write_bytes(changeset.read_bytes()[:-5000])
    with ChangesetFile(cut) as reading, pytest.raises(ChangesetDamaged):
        for change in reading.changes():
            change.new_values()


def test_different_fields_of_one_household_changed_on_each_side_both_arrive(
    demo_path: Path, tmp_path: Path
) -> None:
    code, made = export_first_estate(demo_path, tmp_path)
    with Project(made.path, user="小王") as field:
        one, same = households_of(field, code)[:2]
        field.households.update(one.uuid, area=71.5)
        field.households.update(same.uuid, note="两边都这样写")
    with Project(demo_path, user="办公室") as office:
        office.households.update(one.uuid, note="办公室：已电话联系")
        office.households.update(same.uuid, note="两边都这样写")
        result = merge_package(office, made.path)
        merged = office.households.get(one.uuid)
        assert (merged.area, merged.note) == (71.5, "办公室：已电话联系")
        assert office.households.get(same.uuid).note == "两边都这样写"
    assert result.conflicts == []
    assert result.counts["households"]["updated"] >= 1


def test_a_link_the_office_removed_for_good_while_the_field_reordered_it_stays_removed(
    demo_path: Path, tmp_path: Path
) -> None:
    code, made = export_first_estate(demo_path, tmp_path)
    with Project(made.path, user="小王") as field:
        household = next(h for h in households_of(field, code) if len(h.owners) >= 2)
        first, second = household.owners[:2]
        field.households.update(household.uuid, owners=[second, first, *household.owners[2:]])
    with Project(demo_path, user="办公室") as office:
        office.households.update(household.uuid, owners=[first, *household.owners[2:]])
        result = merge_package(office, made.path)
        owners = [o.uuid for o in office.households.get(household.uuid).owners]
    assert owners == [first.uuid, *(o.uuid for o in household.owners[2:])]
    gone = [c for c in result.conflicts if c.table == "household_owners"]
    assert [(c.field, c.office_value, c.field_value) for c in gone] == [("position", None, 0)]
