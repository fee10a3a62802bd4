"""The estate tree data and per-estate counts the window shows."""

from __future__ import annotations

from retrofit_app.core.estate_overview import estate_counts, estate_tree, matching_estate_uuids
from retrofit_app.core.model import Stage


def test_tree_groups_estates_by_district_and_street(project):  # noqa: ANN001
    a = project.estates.create("颐和新村", "鼓楼区", street="宁海路街道", stage=Stage.DESIGN)
    b = project.estates.create("天山路小区", "鼓楼区", street="宁海路街道")
    c = project.estates.create("无街道小区", "玄武区")
    tree = estate_tree(project)
    assert [d.label for d in tree] == ["玄武区", "鼓楼区"]
    gulou = tree[1]
    assert [s.label for s in gulou.children] == ["宁海路街道"]
    assert {e.uuid for e in gulou.children[0].children} == {a.uuid, b.uuid}
    assert (
        tree[0].children[0].kind == "estate" and tree[0].children[0].uuid == c.uuid
    )  # no street level
    node = next(e for e in gulou.children[0].children if e.uuid == a.uuid)
    assert node.label == f"颐和新村（{a.code}）" and node.stage == Stage.DESIGN


def test_buildings_and_units_sort_in_natural_order_and_trash_is_left_out(project):  # noqa: ANN001
    estate = project.estates.create("颐和新村", "鼓楼区")
    for name in ("10幢", "2幢", "1幢"):
        building = project.buildings.create(estate.uuid, name)
        project.buildings.add_unit(building.uuid, "1单元")
    gone = project.buildings.create(estate.uuid, "拆除幢")
    project.buildings.delete(gone.uuid)
    node = estate_tree(project)[0].children[0]
    assert [b.label for b in node.children] == ["1幢", "2幢", "10幢"]
    assert all([u.label for u in b.children] == ["1单元"] for b in node.children)


def test_an_empty_project_has_an_empty_tree(project):  # noqa: ANN001
    assert estate_tree(project) == []


def test_counts_follow_the_trash(project):  # noqa: ANN001
    estate = project.estates.create("颐和新村", "鼓楼区")
    building = project.buildings.create(estate.uuid, "1幢")
    unit = project.buildings.add_unit(building.uuid, "1单元")
    for room in ("101", "102", "201"):
        project.households.create(unit.uuid, room, area=78.5)
    counts = estate_counts(project, estate.uuid)
    assert (counts.buildings, counts.units, counts.households) == (1, 1, 3)
    project.buildings.delete(building.uuid)
    counts = estate_counts(project, estate.uuid)
    assert (counts.buildings, counts.units, counts.households) == (0, 0, 0)


def test_search_matches_chinese_and_takes_wildcards_literally(project):  # noqa: ANN001
    a = project.estates.create(
        "颐和新村", "鼓楼区", street="宁海路街道", address="南京市鼓楼区颐和路8号"
    )
    project.estates.create("天山路小区", "建邺区")
    assert matching_estate_uuids(project, "颐和路") == {a.uuid}
    assert matching_estate_uuids(project, "宁海") == {a.uuid}
    assert matching_estate_uuids(project, "%") == set()
    assert matching_estate_uuids(project, "_") == set()
