"""Estates, buildings, units, households and owners through the core services."""

from __future__ import annotations

import pytest

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import Owner, Stage


def test_new_estate_gets_a_district_code_and_keeps_its_place(project):
    first = project.estates.create(
        "颐和新村", "鼓楼区", street="宁海路街道", community="颐和路社区", lon=118.765, lat=32.06
    )
    second = project.estates.create("高云岭小区", "鼓楼区", street="湖南路街道")
    other = project.estates.create("南湖新村", "建邺区")
    assert (first.code, second.code, other.code) == ("GL-0001", "GL-0002", "JY-0001")
    again = project.estates.get(first.uuid)
    assert (again.district, again.street, again.community) == ("鼓楼区", "宁海路街道", "颐和路社区")
    assert (again.lon, again.lat) == (118.765, 32.06)
    assert again.stage == Stage.SURVEYED


def test_a_taken_code_is_refused_whatever_its_case(project):
    project.estates.create("颐和新村", "鼓楼区", code="GL-0007")
    with pytest.raises(RetrofitError) as caught:
        project.estates.create("天山路小区", "鼓楼区", code="gl-0007")
    assert caught.value.code == ErrorCode.DUPLICATE_CODE
    assert "GL-0007" not in [e.code for e in project.estates.list() if e.name == "天山路小区"]
    assert len(project.estates.list()) == 1


def test_search_finds_chinese_names_streets_and_codes(project):
    project.estates.create(
        "锁金新村", "玄武区", street="锁金村街道", address="南京市玄武区锁金村5号"
    )
    project.estates.create("瞻园小区", "秦淮区", street="夫子庙街道")
    assert [e.name for e in project.estates.search("锁金")] == ["锁金新村"]
    assert [e.name for e in project.estates.search("夫子庙")] == ["瞻园小区"]
    assert [e.name for e in project.estates.search("qh-0001")] == ["瞻园小区"]
    assert [e.name for e in project.estates.search("5号")] == ["锁金新村"]
    assert project.estates.search("不存在的小区") == []


def test_resolve_takes_a_code_or_an_exact_name(project):
    estate = project.estates.create("童家巷小区", "玄武区")
    assert project.estates.resolve("XW-0001").uuid == estate.uuid
    assert project.estates.resolve("童家巷小区").uuid == estate.uuid
    with pytest.raises(RetrofitError) as caught:
        project.estates.resolve("童家巷")
    assert caught.value.code == ErrorCode.NO_SUCH_ESTATE


def test_two_estates_with_one_name_must_be_named_by_code(project):
    project.estates.create("新村", "玄武区")
    project.estates.create("新村", "秦淮区")
    with pytest.raises(RetrofitError) as caught:
        project.estates.resolve("新村")
    assert caught.value.code == ErrorCode.AMBIGUOUS_ESTATE


def test_edits_are_audited_with_who_old_and_new(project):
    estate = project.estates.create("长江新村", "玄武区")
    old = project.estates.update(
        estate.uuid, name="长江新村（北区）", year_built=1992, stage="design"
    )
    assert old == {"name": "长江新村", "year_built": None, "stage": "surveyed"}
    last = project.audit.history(estate.uuid)[-1]
    assert last.user == "测试员" and last.action == "update"
    assert last.old["name"] == "长江新村" and last.new["name"] == "长江新村（北区）"
    # Undo is an update back to the old values.
    project.estates.update(estate.uuid, **old)
    assert project.estates.get(estate.uuid).name == "长江新村"


def test_an_invalid_edit_changes_nothing(project):
    estate = project.estates.create("月牙湖花园", "秦淮区")
    for bad in (
        {"year_built": 1066},
        {"stage": "finished"},
        {"name": "  "},
        {"lon": 200.0, "lat": 32.0},
    ):
        with pytest.raises(RetrofitError):
            project.estates.update(estate.uuid, **bad)
    after = project.estates.get(estate.uuid)
    assert (after.name, after.year_built, after.stage, after.lon) == (
        "月牙湖花园",
        None,
        Stage.SURVEYED,
        None,
    )


def test_moving_an_estate_to_another_district_and_back(project):
    estate = project.estates.create("莫愁新寓", "建邺区", street="莫愁湖街道")
    old = project.estates.update(estate.uuid, district="鼓楼区", street="挹江门街道")
    assert project.estates.get(estate.uuid).district == "鼓楼区"
    project.estates.update(estate.uuid, **old)
    back = project.estates.get(estate.uuid)
    assert (back.district, back.street) == ("建邺区", "莫愁湖街道")


def test_deleted_estate_goes_to_the_trash_and_comes_back(project):
    estate = project.estates.create("雨花路小区", "秦淮区")
    building = project.buildings.create(estate.uuid, "1幢", storeys=6)
    unit = project.buildings.add_unit(building.uuid, "1单元")
    project.households.create(unit.uuid, "101", floor=1, area=60.5)
    assert project.counts().households == 1
    project.estates.delete(estate.uuid)
    assert project.estates.list() == []
    assert [e.name for e in project.estates.trash()] == ["雨花路小区"]
    assert project.counts().households == 0
    project.estates.restore(estate.uuid)
    assert [e.name for e in project.estates.list()] == ["雨花路小区"]
    assert project.counts().households == 1
    assert [e.action for e in project.audit.history(estate.uuid)] == ["insert", "delete", "restore"]


def test_boundary_is_stored_as_a_polygon_and_can_be_removed(project):
    ring = [[118.74, 32.02], [118.76, 32.02], [118.76, 32.04], [118.74, 32.04], [118.74, 32.02]]
    estate = project.estates.create(
        "南湖新村", "建邺区", boundary={"type": "Polygon", "coordinates": [ring]}
    )
    assert project.estates.get(estate.uuid).boundary["coordinates"] == [ring]
    project.estates.update(estate.uuid, boundary=None)
    assert project.estates.get(estate.uuid).boundary is None


def test_owner_with_two_flats_is_one_owner_record(project):
    estate = project.estates.create("锁金新村", "玄武区")
    building = project.buildings.create(estate.uuid, "3幢", storeys=6)
    unit = project.buildings.add_unit(building.uuid, "2单元")
    owner = Owner("", "王建国", "320102195001011234", "13912345678")
    a = project.households.create(unit.uuid, "101", owners=[owner], floor=1, area=55.0)
    b = project.households.create(unit.uuid, "502", owners=[owner], floor=5, area=60.0)
    assert a.owners[0].uuid == b.owners[0].uuid
    co = project.households.create(
        unit.uuid, "201", owners=[Owner("", "李红", ""), Owner("", "张伟", "")], floor=2
    )
    assert [o.name for o in co.owners] == ["李红", "张伟"]
    project.households.update(co.uuid, owners=[Owner("", "张伟", "")])
    assert [o.name for o in project.households.get(co.uuid).owners] == ["张伟"]


def test_household_values_are_checked(project):
    estate = project.estates.create("天山路小区", "鼓楼区")
    building = project.buildings.create(estate.uuid, "2幢")
    unit = project.buildings.add_unit(building.uuid, "1单元")
    for bad in ({"area": -3}, {"floor": "三楼"}, {"kind": "rental"}):
        with pytest.raises(RetrofitError):
            project.households.create(unit.uuid, "101", **bad)
    assert project.households.of_unit(unit.uuid) == []


def test_buildings_and_units_list_in_natural_order(project):
    estate = project.estates.create("尧化新村", "栖霞区")
    for name in ["10幢", "2幢", "1幢"]:
        project.buildings.create(estate.uuid, name)
    assert [b.name for b in project.buildings.of_estate(estate.uuid)] == ["1幢", "2幢", "10幢"]
    with pytest.raises(RetrofitError):
        project.buildings.create(estate.uuid, "3幢", safety_grade="E")
