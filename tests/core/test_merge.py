"""Two colleagues take different estates offline, the office works meanwhile, both copies merge back."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from exchange_support import add_household, add_photo, count, fingerprint, first_unit, households_of

from retrofit_app.core.exchange.export import export_package
from retrofit_app.core.exchange.merge import merge_package
from retrofit_app.core.integrity import check_project
from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project


@pytest.fixture
def field_work(demo_path: Path, tmp_path: Path) -> dict:
    """The whole story up to the merge: two packages out, work in both and in the office."""
    story: dict = {"office": demo_path}
    with Project(demo_path, user="办公室") as office:
        codes = [e.code for e in office.estates.list()]
        story["codes"] = codes
        export_package(office, codes[:2], tmp_path / "小王.gpkg")
        export_package(office, [codes[2]], tmp_path / "小李.gpkg")
    story["a"], story["b"] = tmp_path / "小王.gpkg", tmp_path / "小李.gpkg"

    with Project(story["a"], user="小王") as a:
        unit = first_unit(a, codes[0])
        story["a_household"] = add_household(a, unit, "加建-1", "王建国", "13812345678")
        consultation = a.consultations.for_scope("unit", unit)
        story["a_vote"] = a.consultations.record_vote(
            consultation.uuid, story["a_household"], "agree"
        ).uuid
        story["a_photo"] = add_photo(a, codes[0], tmp_path, "外业北立面")
        edited, conflicting, trashed = households_of(a, codes[1])[:3]
        a.households.update(edited.uuid, note="外业：住户在家，已登记")
        a.households.update(conflicting.uuid, area=70.25)
        a.households.delete(trashed.uuid)
        story.update(edited=edited.uuid, conflicting=conflicting.uuid, trashed=trashed.uuid)
        # A co-owner removed for good (a hard delete of the link row).
        with_owner = next(
            h for h in households_of(a, codes[0]) if h.owners and h.uuid != story["a_household"]
        )
        a.households.update(with_owner.uuid, owners=[])
        story["unlinked"] = with_owner.uuid

    with Project(story["b"], user="小李") as b:
        unit = first_unit(b, codes[2])
        story["b_household"] = add_household(b, unit, "加建-2", "李秀英", "13987654321")
        story["b_photo"] = add_photo(b, codes[2], tmp_path, "外业南立面")

    with Project(demo_path, user="办公室") as office:
        office.households.update(story["conflicting"], area=66.0)
        office.estates.update(office.estates.resolve(codes[3]).uuid, note="办公室：已约设计单位")
        story["office_household"] = add_household(
            office, first_unit(office, codes[3]), "办公-1", "赵敏", ""
        )
        story["office_photo"] = add_photo(office, codes[3], tmp_path, "办公室补拍")
    return story


def _fid(path: Path, table: str, uuid: str) -> int:
    with Project(path, readonly=True) as project:
        return project.conn.execute(f"SELECT fid FROM {table} WHERE uuid = ?", [uuid]).fetchone()[0]


def test_two_field_copies_merge_into_an_office_that_worked_meanwhile(field_work: dict) -> None:
    s = field_work
    office_fid = _fid(s["office"], "households", s["office_household"])
    # Both sides took the next free key for their new household: pygeodiff's rebase must move one.
    assert _fid(s["a"], "households", s["a_household"]) == office_fid
    with Project(s["office"], user="办公室") as office:
        first = merge_package(office, s["a"])
        second = merge_package(office, s["b"])

        for table, uuid in [
            ("households", s["a_household"]),
            ("households", s["b_household"]),
            ("households", s["office_household"]),
            ("votes", s["a_vote"]),
            ("photos", s["a_photo"]),
            ("photos", s["b_photo"]),
            ("photos", s["office_photo"]),
        ]:
            assert count(office, table, "uuid = ?", (uuid,)) == 1, (table, uuid)
        # Both copies added a photo with the same integer key; both arrived whole.
        for photo in (s["a_photo"], s["b_photo"]):
            sha, original = office.conn.execute(
                "SELECT p.sha256, d.original FROM photos p JOIN photo_data d ON d.photo_uuid = p.uuid"
                " WHERE p.uuid = ?",
                [photo],
            ).fetchone()
            assert hashlib.sha256(original).hexdigest() == sha
        assert office.households.get(s["edited"]).note == "外业：住户在家，已登记"
        assert office.households.get(s["trashed"]).deleted_at is not None
        assert office.households.get(s["unlinked"]).owners == []
        assert office.estates.resolve(s["codes"][3]).note == "办公室：已约设计单位"
        assert office.households.get(s["conflicting"]).area == 66.0  # the office value stays
        assert office.households.get(s["a_household"]).owners[0].phone == "13812345678"
        assert check_project(office) == []
    assert _fid(s["office"], "households", s["office_household"]) == office_fid
    assert _fid(s["office"], "households", s["a_household"]) > office_fid

    assert first.counts["households"]["inserted"] == 1
    assert first.counts["photos"]["inserted"] == 1
    assert first.counts["photo_data"]["inserted"] == 1
    assert first.counts["votes"]["inserted"] == 1
    assert first.counts["household_owners"]["deleted"] >= 1
    assert [(c.table, c.field, c.office_value, c.field_value) for c in first.conflicts] == [
        ("households", "area", 66.0, 70.25)
    ]
    assert second.counts["households"]["inserted"] == 1 and second.conflicts == []
    assert first.backup is not None and first.backup.exists()


def test_field_changes_come_with_their_audit_entries(field_work: dict) -> None:
    s = field_work
    with Project(s["office"], user="办公室") as office:
        merge_package(office, s["a"])
        users = {
            r[0]
            for r in office.conn.execute(
                "SELECT user_name FROM audit_log WHERE record_uuid = ?", [s["a_household"]]
            )
        }
    assert users == {"小王"}


def test_merging_the_same_package_twice_changes_nothing_the_second_time(field_work: dict) -> None:
    s = field_work
    with Project(s["office"], user="办公室") as office:
        merge_package(office, s["a"])
    before = fingerprint(s["office"])
    with Project(s["office"], user="办公室") as office:
        again = merge_package(office, s["a"])
    assert again.already_merged and again.counts == {} and again.backup is None
    assert fingerprint(s["office"]) == before


def test_a_package_merged_again_after_more_field_work_brings_only_the_new_work(
    field_work: dict,
) -> None:
    s = field_work
    with Project(s["office"], user="办公室") as office:
        merge_package(office, s["a"])
    with Project(s["a"], user="小王") as a:
        later = add_household(a, first_unit(a, s["codes"][0]), "加建-3", "王小二", "")
    with Project(s["office"], user="办公室") as office:
        households = count(office, "households")
        result = merge_package(office, s["a"])
        assert count(office, "households") == households + 1
        assert count(office, "households", "uuid = ?", (s["a_household"],)) == 1
        assert count(office, "households", "uuid = ?", (later,)) == 1
        assert count(office, "merge_conflicts") == 1  # the area conflict is not recorded twice
    assert not result.already_merged
    # Only the new work travels: what the first merge brought is not applied again.
    assert result.counts["households"] == {"inserted": 1, "updated": 0, "deleted": 0}
    # The records changed, apart from the history that came along with them.
    assert set(result.counts) == {"households", "owners", "household_owners"}
    assert set(result.logged) == {"audit_log", "evidence_chain"}
    assert result.logged["audit_log"] >= 3  # the household, its owner and their link


def test_a_field_copy_handed_back_unchanged_is_nothing_to_merge(
    demo_path: Path, tmp_path: Path
) -> None:
    """Its own evidence chain (the fork and the records it was given) is no field work."""
    with Project(demo_path, user="办公室") as office:
        made = export_package(office, [office.estates.list()[0].code], tmp_path / "f.gpkg")
    with Project(made.path, user="小王") as field:
        field.estates.list()  # opened and looked at, nothing changed
    before = fingerprint(demo_path)
    with Project(demo_path, user="办公室") as office:
        result = merge_package(office, made.path)
    assert result.already_merged and result.counts == {} and result.logged == {}
    assert result.backup is None and fingerprint(demo_path) == before


def test_the_same_place_and_room_added_on_both_sides_arrive_once(
    demo_path: Path, tmp_path: Path
) -> None:
    with Project(demo_path, user="办公室") as office:
        code = office.estates.list()[0].code
        export_package(office, [code], tmp_path / "f.gpkg")
    for path, who, note in [
        (tmp_path / "f.gpkg", "小王", "外业记的"),
        (demo_path, "办公室", "办公室记的"),
    ]:
        with Project(path, user=who) as p:
            p.estates.create("新建小区", "江北新区", street="泰山街道", code="JB-0100")
            p.households.create(first_unit(p, code), "999", note=note, owners=[Owner("", "钱七")])
    with Project(demo_path, user="办公室") as office:
        result = merge_package(office, tmp_path / "f.gpkg")
        assert count(office, "districts", "name = '江北新区'") == 1
        assert count(office, "estates", "code = 'JB-0100'") == 1
        assert count(office, "households", "room = '999'") == 1
        notes = {(c.table, c.field): (c.office_value, c.field_value) for c in result.conflicts}
        assert notes[("households", "note")] == ("办公室记的", "外业记的")
        assert check_project(office) == []


def test_estates_added_on_both_sides_in_one_district_keep_distinct_codes(
    demo_path: Path, tmp_path: Path
) -> None:
    with Project(demo_path, user="办公室") as office:
        first = office.estates.list()[0]
        gulou = [e.code for e in office.estates.list() if e.district == first.district]
        made = export_package(office, [first.code], tmp_path / "外业.gpkg")
    with Project(made.path, user="小王") as field:
        # The copy knows the office's codes: its new estate does not take one of them.
        field_code = field.estates.create("外业新增小区", first.district).code
        assert field_code not in gulou
    with Project(demo_path, user="办公室") as office:
        office_code = office.estates.create("办公室新增小区", first.district).code
        assert office_code == field_code  # both numbered the next estate of the district alike

        result = merge_package(office, made.path)
        by_name = {e.name: e for e in office.estates.list()}
        assert by_name["办公室新增小区"].code == office_code
        assert by_name["外业新增小区"].code not in {*gulou, office_code}
        assert [(r.name, r.old_code) for r in result.recoded] == [("外业新增小区", field_code)]
        assert by_name[first.name].code == first.code and result.conflicts == []
        again = merge_package(office, made.path)
        assert again.already_merged and again.recoded == []
        assert {e.code for e in office.estates.list()} >= {*gulou, office_code}
