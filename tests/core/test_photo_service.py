"""Placing photos: estate, building, unit, household; stage tags, captions, filters, trash, export, boundaries."""

from __future__ import annotations

import json

import pytest

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.photos.importer import import_photos
from retrofit_app.core.photos.model import Placement, StageTag
from retrofit_app.core.photos.placement import in_polygon
from retrofit_app.core.photos.samples import make_exif, scene, write_photo
from retrofit_app.core.photos.service import PhotoService


@pytest.fixture
def place(project):
    estate = project.estates.create("童家巷小区", "玄武区")
    other = project.estates.create("瞻园小区", "秦淮区")
    building = project.buildings.create(estate.uuid, "3幢", storeys=6)
    unit = project.buildings.add_unit(building.uuid, "2单元")
    foreign_building = project.buildings.create(other.uuid, "1幢")
    return {
        "estate": estate,
        "other": other,
        "building": building,
        "unit": unit,
        "foreign": foreign_building,
    }


def _import(project, estate_uuid, tmp_path, names_and_dates, **placement):
    paths = [
        write_photo(
            tmp_path / name,
            scene(320, 240, name, seed=i),
            make_exif(taken_at=taken) if taken else None,
        )
        for i, (name, taken) in enumerate(names_and_dates)
    ]
    results = import_photos(project, Placement(estate_uuid, **placement), paths, workers=0)
    return [r.photo_id for r in results]


def test_caption_stage_and_building_are_saved_and_audited(project, place, tmp_path):
    [photo_id] = _import(project, place["estate"].uuid, tmp_path, [("a.jpg", None)])
    photos = PhotoService(project)
    old = photos.update(
        photo_id, caption=" 3幢北侧外墙渗水 ", stage_tag="during",
        building_uuid=place["building"].uuid, unit_uuid=place["unit"].uuid,
    )  # fmt: skip
    assert old == {"caption": "", "stage_tag": "before", "building_uuid": None, "unit_uuid": None}
    photo = photos.get(photo_id)
    assert (photo.caption, photo.stage_tag, photo.building_uuid) == (
        "3幢北侧外墙渗水",
        StageTag.DURING,
        place["building"].uuid,
    )
    row = project.db.execute(
        "SELECT user_name, old_values, new_values FROM audit_log WHERE record_uuid = ? AND action = 'update'",
        [photo_id],
    ).fetchone()
    assert row[0] == "测试员"
    assert json.loads(row[2])["caption"] == "3幢北侧外墙渗水"
    assert json.loads(row[1])["stage_tag"] == "before"


def test_a_building_of_another_estate_is_refused(project, place, tmp_path):
    [photo_id] = _import(project, place["estate"].uuid, tmp_path, [("a.jpg", None)])
    with pytest.raises(RetrofitError) as caught:
        PhotoService(project).update(photo_id, building_uuid=place["foreign"].uuid)
    assert "不属于" in caught.value.sentence()
    assert PhotoService(project).get(photo_id).building_uuid is None


def test_an_import_into_a_building_of_another_estate_is_refused_before_reading(
    project, place, tmp_path
):
    with pytest.raises(RetrofitError):
        _import(
            project,
            place["estate"].uuid,
            tmp_path,
            [("a.jpg", None)],
            building_uuid=place["foreign"].uuid,
        )
    assert project.db.execute("SELECT count(*) FROM photos").fetchone()[0] == 0


def test_unknown_stage_tag_is_refused(project, place, tmp_path):
    [photo_id] = _import(project, place["estate"].uuid, tmp_path, [("a.jpg", None)])
    with pytest.raises(RetrofitError):
        PhotoService(project).update(photo_id, stage_tag="someday")


def test_moving_to_another_estate_drops_links_into_the_old_one(project, place, tmp_path):
    [photo_id] = _import(
        project,
        place["estate"].uuid,
        tmp_path,
        [("a.jpg", None)],
        building_uuid=place["building"].uuid,
    )
    photos = PhotoService(project)
    photos.update(photo_id, estate_uuid=place["other"].uuid)
    photo = photos.get(photo_id)
    assert photo.estate_uuid == place["other"].uuid and photo.building_uuid is None
    assert photos.ids(place["estate"].uuid) == [] and photos.ids(place["other"].uuid) == [photo_id]


def test_filters_by_stage_building_and_date(project, place, tmp_path):
    estate = place["estate"].uuid
    before = _import(
        project,
        estate,
        tmp_path,
        [("b1.jpg", "2024:03:02 09:00:00"), ("b2.jpg", "2024:03:01 09:00:00")],
    )
    after = _import(
        project, estate, tmp_path, [("a1.jpg", "2025:04:01 09:00:00")],
        stage_tag=StageTag.AFTER, building_uuid=place["building"].uuid,
    )  # fmt: skip
    photos = PhotoService(project)
    assert photos.ids(estate) == [before[1], before[0], after[0]]  # by time taken
    assert photos.ids(estate, stage_tag="after") == after
    assert photos.ids(estate, building_uuid=place["building"].uuid) == after
    assert photos.ids(estate, date_from="2024-03-02", date_to="2024-12-31") == [before[0]]
    assert photos.ids(estate, date_to="2024-03-01") == [before[1]]


def test_filter_choices_list_months_and_items_present(project, place, tmp_path):
    estate = place["estate"].uuid
    ids = _import(
        project,
        estate,
        tmp_path,
        [("m3.jpg", "2024:03:02 09:00:00"), ("m9.jpg", "2024:09:30 18:00:00")],
    )
    PhotoService(project).update(ids[1], item_id="fire.smoke_detectors")
    choices = PhotoService(project).filter_choices(estate)
    assert choices == {"months": ["2024-03", "2024-09"], "items": ["fire.smoke_detectors"]}
    assert PhotoService(project).ids(estate, item_id="fire.smoke_detectors") == [ids[1]]
    assert PhotoService(project).ids(estate, date_from="2024-09", date_to="2024-09-31") == [ids[1]]


def test_delete_goes_to_trash_and_restore_undoes_it(project, place, tmp_path):
    ids = _import(project, place["estate"].uuid, tmp_path, [("a.jpg", None), ("b.jpg", None)])
    photos = PhotoService(project)
    photos.delete(ids)
    assert photos.ids(place["estate"].uuid) == []
    assert photos.ids(place["estate"].uuid, trashed=True) == ids
    assert project.counts().photos == 0
    photos.restore(ids[0])
    assert photos.ids(place["estate"].uuid) == [ids[0]]
    actions = [
        r[0]
        for r in project.db.execute(
            "SELECT action FROM audit_log WHERE record_uuid = ? ORDER BY fid", [ids[0]]
        )
    ]
    assert actions == ["insert", "delete", "restore"]


def test_export_writes_original_bytes_under_original_names(project, place, tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    (source / "sub").mkdir()
    a = write_photo(source / "IMG_0001.jpg", scene(320, 240, "a", seed=1))
    b = write_photo(source / "sub" / "IMG_0001.jpg", scene(320, 240, "b", seed=2))
    results = import_photos(project, Placement(place["estate"].uuid), [a, b], workers=0)
    written = PhotoService(project).export_originals(
        [r.photo_id for r in results], tmp_path / "导出 out"
    )
    assert [p.name for p in written] == ["IMG_0001.jpg", "IMG_0001 (2).jpg"]
    assert written[0].read_bytes() == a.read_bytes() and written[1].read_bytes() == b.read_bytes()


def test_point_in_polygon_respects_holes_and_multipolygons():
    outer = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    polygon = {"type": "Polygon", "coordinates": [outer, hole]}
    assert in_polygon(2, 2, polygon)
    assert not in_polygon(5, 5, polygon)
    assert not in_polygon(11, 5, polygon)
    multi = {
        "type": "MultiPolygon",
        "coordinates": [[outer], [[[20, 20], [30, 20], [25, 30], [20, 20]]]],
    }
    assert in_polygon(25, 22, multi) and not in_polygon(15, 15, multi)
    assert not in_polygon(1, 1, {"type": "Point", "coordinates": [1, 1]})


def test_demo_has_before_and_after_photos_that_pass_the_check(demo_path):
    from retrofit_app.core.integrity import check_project
    from retrofit_app.core.project import Project

    with Project(demo_path, readonly=True) as project:
        photos = PhotoService(project)
        every = [p for e in project.estates.list() for p in photos.list(e.uuid)]
        assert 24 <= len(every) <= 60
        assert {p.stage_tag for p in every} == set(StageTag)
        assert all(p.taken_at and p.lon and p.building_uuid and p.caption for p in every)
        assert all(photos.suggested_estate(p.uuid) == p.estate_uuid for p in every[:10])
        assert check_project(project) == []
