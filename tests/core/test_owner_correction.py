"""Correcting an owner in the household dialog corrects that owner's entry: no second entry for one
person, none left behind unlinked; a person told apart from a shared entry gets an entry of their own."""

from __future__ import annotations

from retrofit_app.core.model import Owner

ID = "320105198602091207"


def _setup(project):
    estate = project.estates.create("颐和新村", "鼓楼区", code="GL-9001")
    building = project.buildings.create(estate.uuid, "7幢")
    unit = project.buildings.add_unit(building.uuid, "1单元")
    return unit.uuid


def owners(project) -> list[tuple[str, str, str]]:
    found = project.db.execute("SELECT name, id_number, phone FROM owners ORDER BY fid").fetchall()
    return [tuple(r) for r in found]


def test_a_name_corrected_with_the_same_id_corrects_the_owner(project):
    unit = _setup(project)
    flat = project.households.create(
        unit, "101", area=60, owners=[Owner("", "王伟", ID, "13812341234")]
    )
    other = project.households.create(unit, "102", area=60, owners=[Owner("", "王伟", ID)])
    (stored,) = flat.owners
    # As the dialog gives it: the row's owner uuid, the name retyped, the phone shown masked.
    project.households.update(flat.uuid, owners=[Owner(stored.uuid, "王玮", ID, "138****1234")])
    assert owners(project) == [("王玮", ID, "13812341234")]  # one entry, corrected, phone kept
    assert [o.name for o in project.households.get(other.uuid).owners] == ["王玮"]  # same person
    history = project.db.execute(
        "SELECT count(*) FROM audit_log WHERE record_uuid = ?", [stored.uuid]
    ).fetchone()[0]
    assert history >= 2  # added, then corrected: the change is in the audit log


def test_a_different_person_on_a_shared_entry_without_id_gets_their_own_entry(project):
    unit = _setup(project)
    flat = project.households.create(unit, "101", owners=[Owner("", "张三")])
    other = project.households.create(unit, "102", owners=[Owner("", "张三")])
    (stored,) = flat.owners
    project.households.update(flat.uuid, owners=[Owner(stored.uuid, "李四")])
    assert owners(project) == [("张三", "", ""), ("李四", "", "")]
    assert [o.name for o in project.households.get(other.uuid).owners] == ["张三"]
    assert [o.name for o in project.households.get(flat.uuid).owners] == ["李四"]


def test_a_correction_onto_an_existing_entry_links_that_entry(project):
    unit = _setup(project)
    flat = project.households.create(unit, "101", owners=[Owner("", "王伟", ID)])
    project.households.create(unit, "102", owners=[Owner("", "王玮", ID)])
    (stored,) = flat.owners
    project.households.update(flat.uuid, owners=[Owner(stored.uuid, "王玮", ID)])
    assert [o.name for o in project.households.get(flat.uuid).owners] == ["王玮"]
    assert sorted(n for n, _i, _p in owners(project)) == ["王伟", "王玮"]  # the old one untouched
