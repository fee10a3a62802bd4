"""Conflicts: the office value stays, the field value is kept for a person to choose; merges are all or nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from exchange_support import export_first_estate, fingerprint, households_of

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.exchange import merge
from retrofit_app.core.exchange.conflicts import list_conflicts, resolve_conflict
from retrofit_app.core.exchange.merge import merge_package
from retrofit_app.core.exchange.store import changeset_apply
from retrofit_app.core.project import Project


@pytest.fixture
def both_edited(demo_path: Path, tmp_path: Path) -> dict:
    """The field and the office both changed the note and the area of one household."""
    code, made = export_first_estate(demo_path, tmp_path)
    with Project(made.path, user="小王") as field:
        household = households_of(field, code)[0]
        field.households.update(household.uuid, note="外业：低层反对", area=58.5, floor=9)
    with Project(demo_path, user="办公室") as office:
        office.households.update(household.uuid, note="办公室：已调解", area=57.0)
    return {"office": demo_path, "package": made.path, "household": household.uuid}


def test_the_same_field_changed_on_both_sides_keeps_the_office_value_and_lists_the_conflict(
    both_edited: dict,
) -> None:
    with Project(both_edited["office"], user="办公室") as office:
        merge_package(office, both_edited["package"])
        household = office.households.get(both_edited["household"])
        assert (household.note, household.area) == ("办公室：已调解", 57.0)
        assert household.floor == 9  # changed only in the field: it applies
        found = {c.field: c for c in list_conflicts(office, open_only=True)}
    assert set(found) == {"note", "area"}
    assert (found["note"].office_value, found["note"].field_value) == (
        "办公室：已调解",
        "外业：低层反对",
    )
    assert found["area"].record_uuid == both_edited["household"] and found["area"].open


def test_choosing_the_field_value_writes_it_and_the_choice_is_audited(both_edited: dict) -> None:
    with Project(both_edited["office"], user="科长") as office:
        merge_package(office, both_edited["package"])
        found = {c.field: c for c in list_conflicts(office)}
        decided = resolve_conflict(office, found["note"].uuid, "field")
        resolve_conflict(office, found["area"].uuid, "office")
        household = office.households.get(both_edited["household"])
        assert (household.note, household.area) == ("外业：低层反对", 57.0)
        assert decided.choice == "field" and decided.resolved_by == "科长" and not decided.open
        assert list_conflicts(office, open_only=True) == []
        audited = office.conn.execute(
            "SELECT table_name, record_uuid, new_values FROM audit_log WHERE user_name = '科长'"
            " AND action = 'update' ORDER BY fid"
        ).fetchall()
        tables = [(r[0], r[1]) for r in audited]
        assert ("households", both_edited["household"]) in tables
        assert ("merge_conflicts", found["note"].uuid) in tables
        assert ("merge_conflicts", found["area"].uuid) in tables
        with pytest.raises(RetrofitError) as raised:
            resolve_conflict(office, found["note"].uuid, "office")
        assert raised.value.code == ErrorCode.CONFLICT_DONE
        with pytest.raises(RetrofitError):
            resolve_conflict(office, found["area"].uuid, "neither")


def test_a_merge_that_fails_halfway_through_writing_leaves_the_office_as_it_was(
    both_edited: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = fingerprint(both_edited["office"])
    applied: list[int] = []

    def fail_halfway(conn, entries, inserted=(), progress=None):  # noqa: ANN001, ANN202
        entries = list(entries)
        changeset_apply.apply_entries(conn, entries[: len(entries) // 2], list(inserted)[:1])
        applied.append(len(entries) // 2)
        raise sqlite3.IntegrityError("磁盘在写到一半时出错")

    monkeypatch.setattr(merge, "apply_entries", fail_halfway)
    with (
        Project(both_edited["office"], user="办公室") as office,
        pytest.raises(RetrofitError) as raised,
    ):
        merge_package(office, both_edited["package"])
    assert raised.value.code == ErrorCode.MERGE_FAILED and applied[0] > 0
    assert "合并前的状态" in raised.value.sentence()
    assert fingerprint(both_edited["office"]) == before
    # No scratch files are left beside the office.
    assert not list(Path(both_edited["office"]).parent.glob(".merge-*"))


def test_a_cancelled_merge_changes_nothing(both_edited: dict) -> None:
    before = fingerprint(both_edited["office"])
    seen: list[int] = []

    def cancel_late() -> bool:
        # Cancel at the last moment a cancel is heard: just before the office is written.
        return len(seen) >= 4

    with (
        Project(both_edited["office"], user="办公室") as office,
        pytest.raises(RetrofitError) as raised,
    ):
        merge_package(
            office,
            both_edited["package"],
            progress=lambda done, total: seen.append(done),
            cancelled=cancel_late,
        )
    assert raised.value.code == ErrorCode.CANCELLED
    assert fingerprint(both_edited["office"]) == before
    # Nothing was recorded as merged, so the package still merges afterwards.
    with Project(both_edited["office"], user="办公室") as office:
        assert not merge_package(office, both_edited["package"]).already_merged


def test_a_record_the_field_deleted_for_good_goes_from_the_office(
    demo_path: Path, tmp_path: Path
) -> None:
    code, made = export_first_estate(demo_path, tmp_path)
    with Project(made.path, user="小王") as field:
        household = next(h for h in households_of(field, code) if len(h.owners) >= 1)
        field.households.update(household.uuid, owners=[])
    with Project(demo_path, user="办公室") as office:
        assert office.households.get(household.uuid).owners
        result = merge_package(office, made.path)
        assert office.households.get(household.uuid).owners == []
    assert result.counts["household_owners"]["deleted"] == len(household.owners)
