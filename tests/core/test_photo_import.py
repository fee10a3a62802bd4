"""Importing photos: every format, original bytes kept, renditions, duplicates, folders, the process pool, cancel."""

from __future__ import annotations

import hashlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from retrofit_app.core.integrity import check_project
from retrofit_app.core.photos.importer import import_photos
from retrofit_app.core.photos.model import ImportStatus, Placement, StageTag
from retrofit_app.core.photos.samples import as_stored, make_exif, scene, write_photo
from retrofit_app.core.photos.service import PhotoService

NANJING = {"lon": 118.7652, "lat": 32.0601}


@pytest.fixture
def estate(project):
    square = [
        [118.764, 32.059],
        [118.767, 32.059],
        [118.767, 32.062],
        [118.764, 32.062],
        [118.764, 32.059],
    ]
    return project.estates.create(
        "颐和新村",
        "鼓楼区",
        street="宁海路街道",
        boundary={"type": "Polygon", "coordinates": [square]},
    )


def _phone_photo(
    path: Path, *, orientation: int = 6, seed: int = 0, size=(1200, 900), **exif
) -> Path:
    upright = scene(*size, f"photo {seed}", seed=seed)
    tags = {
        "taken_at": "2024:05:01 10:20:30",
        "offset": "+08:00",
        **NANJING,
        "make": "Apple",
        "model": "iPhone 12",
    }
    tags.update(exif)
    return write_photo(
        path, as_stored(upright, orientation), make_exif(orientation=orientation, **tags)
    )


def _counts(project) -> tuple[int, int]:
    db = project.db
    return (
        db.execute("SELECT count(*) FROM photos").fetchone()[0],
        db.execute("SELECT count(*) FROM photo_data").fetchone()[0],
    )


@pytest.mark.parametrize("suffix", [".jpg", ".heic", ".png"])
def test_each_format_imports_with_original_bytes_renditions_and_metadata(
    project, estate, tmp_path, suffix
):
    path = _phone_photo(tmp_path / f"IMG_0001{suffix}", orientation=6 if suffix != ".png" else 1)
    [result] = import_photos(project, Placement(estate.uuid), [path], workers=0)

    assert result.status == ImportStatus.IMPORTED
    assert (result.width, result.height) == (1200, 900)
    photos = PhotoService(project)
    original = photos.original(result.photo_id)
    assert original == path.read_bytes()
    photo = photos.get(result.photo_id)
    assert photo.sha256 == hashlib.sha256(original).hexdigest()
    assert photo.byte_size == len(original)
    assert photo.file_name == f"IMG_0001{suffix}"
    assert photo.mime == {".jpg": "image/jpeg", ".heic": "image/heic", ".png": "image/png"}[suffix]
    thumb = Image.open(BytesIO(photos.thumbnail(result.photo_id)))
    printed = Image.open(BytesIO(photos.print_rendition(result.photo_id)))
    assert thumb.format == printed.format == "JPEG"
    assert thumb.size == (320, 240)
    assert printed.size == (1200, 900)  # smaller than 1600: kept at full size
    if suffix != ".png":  # PNG carries our EXIF too, but phones write HEIC and JPEG
        assert result.taken_at == photo.taken_at == "2024-05-01T10:20:30+08:00"
        assert result.lon == pytest.approx(118.7652, abs=1e-5)
        assert result.lat == pytest.approx(32.0601, abs=1e-5)
        assert photo.camera == "Apple iPhone 12"
    assert check_project(project) == []


def test_big_photo_gets_a_1600_pixel_print_rendition(project, estate, tmp_path):
    path = _phone_photo(tmp_path / "big.jpg", orientation=6, size=(4000, 3000))
    [result] = import_photos(project, Placement(estate.uuid), [path], workers=0)
    printed = Image.open(BytesIO(PhotoService(project).print_rendition(result.photo_id)))
    assert printed.size == (1600, 1200)
    assert (result.width, result.height) == (4000, 3000)


def test_gps_point_lands_on_the_map_and_suggests_the_estate(project, estate, tmp_path):
    [result] = import_photos(
        project, Placement(estate.uuid), [_phone_photo(tmp_path / "a.jpg")], workers=0
    )
    geom = project.db.execute(
        "SELECT geom FROM photos WHERE uuid = ?", [result.photo_id]
    ).fetchone()[0]
    from retrofit_app.core.geo.gpkg_geometry import from_gpkg

    assert from_gpkg(geom)["coordinates"] == pytest.approx([118.7652, 32.0601], abs=1e-5)
    assert result.suggested_estate == estate.code
    assert PhotoService(project).suggested_estate(result.photo_id) == estate.uuid


def test_photo_without_gps_has_no_point(project, estate, tmp_path):
    path = write_photo(tmp_path / "plain.jpg", scene(400, 300, "no gps"))
    [result] = import_photos(project, Placement(estate.uuid), [path], workers=0)
    assert result.lon is None and result.taken_at is None
    assert project.db.execute("SELECT geom FROM photos").fetchone()[0] is None
    assert result.suggested_estate is None


def test_same_bytes_twice_are_stored_once(project, estate, tmp_path):
    first = _phone_photo(tmp_path / "a.jpg")
    copy = tmp_path / "copy of a.jpg"
    copy.write_bytes(first.read_bytes())
    results = import_photos(project, Placement(estate.uuid), [first, copy], workers=0)
    assert [r.status for r in results] == [ImportStatus.IMPORTED, ImportStatus.DUPLICATE]
    assert results[1].photo_id == results[0].photo_id
    again = import_photos(project, Placement(estate.uuid), [copy], workers=0)
    assert again[0].status == ImportStatus.DUPLICATE and again[0].photo_id == results[0].photo_id
    assert _counts(project) == (1, 1)


def test_importing_a_trashed_photo_again_brings_it_back(project, estate, tmp_path):
    path = _phone_photo(tmp_path / "a.jpg")
    [first] = import_photos(project, Placement(estate.uuid), [path], workers=0)
    photos = PhotoService(project)
    photos.delete(first.photo_id)
    assert photos.ids(estate.uuid) == []
    [again] = import_photos(project, Placement(estate.uuid), [path], workers=0)
    assert again.status == ImportStatus.DUPLICATE
    assert photos.ids(estate.uuid) == [first.photo_id]


def test_folders_are_searched_recursively_and_other_files_skipped(project, estate, tmp_path):
    folder = tmp_path / "现场照片 2024"
    (folder / "1幢" / "屋面").mkdir(parents=True)
    _phone_photo(folder / "IMG_1.JPG", seed=1)
    _phone_photo(folder / "1幢" / "IMG_2.jpeg", seed=2)
    _phone_photo(folder / "1幢" / "屋面" / "IMG_3.heic", seed=3)
    (folder / "说明.txt").write_text("现场记录", encoding="gbk")
    (folder / "Thumbs.db").write_bytes(b"\0" * 10)
    results = import_photos(
        project, Placement(estate.uuid, stage_tag=StageTag.DURING), [folder], workers=0
    )
    assert sorted(Path(r.file).name for r in results) == ["IMG_1.JPG", "IMG_2.jpeg", "IMG_3.heic"]
    assert all(r.status == ImportStatus.IMPORTED for r in results)
    photos = PhotoService(project).list(estate.uuid, stage_tag="during")
    assert len(photos) == 3


def test_process_pool_gives_the_same_results_as_one_process(project, estate, tmp_path):
    paths = [
        _phone_photo(tmp_path / f"IMG_{i}.jpg", seed=i, orientation=(1, 6, 8, 3)[i % 4])
        for i in range(8)
    ]
    results = import_photos(project, Placement(estate.uuid), paths, workers=2)
    assert [r.status for r in results] == [ImportStatus.IMPORTED] * 8
    assert [Path(r.file).name for r in results] == [p.name for p in paths]
    assert {(r.width, r.height) for r in results} == {(1200, 900)}
    assert _counts(project) == (8, 8)
    assert check_project(project) == []


def test_progress_counts_every_file(project, estate, tmp_path):
    paths = [_phone_photo(tmp_path / f"{i}.jpg", seed=i) for i in range(3)] + [
        tmp_path / "missing.jpg"
    ]
    seen: list[tuple[int, int]] = []
    import_photos(
        project, Placement(estate.uuid), paths, workers=0, progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (4, 4)
    assert [d for d, _ in seen] == [1, 2, 3, 4]


@pytest.mark.parametrize("workers", [0, 2])
def test_cancel_mid_batch_keeps_finished_photos_and_nothing_half_done(
    project, estate, tmp_path, workers
):
    paths = [_phone_photo(tmp_path / f"IMG_{i}.jpg", seed=i) for i in range(10)]
    done: list[int] = []
    results = import_photos(
        project, Placement(estate.uuid), paths, workers=workers,
        progress=lambda d, t: done.append(d), cancelled=lambda: len(done) >= 3,
    )  # fmt: skip
    imported = [r for r in results if r.status == ImportStatus.IMPORTED]
    assert len(imported) == 3
    assert all(r.status == ImportStatus.CANCELLED for r in results if r not in imported)
    assert "取消" in results[-1].error.sentence()
    assert _counts(project) == (3, 3)
    assert set(PhotoService(project).ids(estate.uuid)) == {r.photo_id for r in imported}
    assert check_project(project) == []
    # The rest can be imported afterwards; the first three are recognised.
    rest = import_photos(project, Placement(estate.uuid), paths, workers=0)
    assert sum(r.status == ImportStatus.DUPLICATE for r in rest) == 3
    assert _counts(project) == (10, 10)


def test_each_photo_is_audit_logged_with_its_importer(project, estate, tmp_path):
    [result] = import_photos(
        project, Placement(estate.uuid), [_phone_photo(tmp_path / "a.jpg")], workers=0
    )
    rows = project.db.execute(
        "SELECT user_name, action FROM audit_log WHERE table_name = 'photos' AND record_uuid = ?",
        [result.photo_id],
    ).fetchall()
    assert [tuple(r) for r in rows] == [("测试员", "insert")]
    assert PhotoService(project).get(result.photo_id).imported_by == "测试员"


def test_a_read_only_project_refuses_the_import_before_reading(project_path, tmp_path):
    from retrofit_app.core.errors import ProjectFileError
    from retrofit_app.core.project import Project

    with Project.create(project_path) as writable:
        estate = writable.estates.create("天山路小区", "鼓楼区")
    with (
        Project(project_path, readonly=True) as readonly,
        pytest.raises(ProjectFileError) as caught,
    ):
        import_photos(
            readonly, Placement(estate.uuid), [_phone_photo(tmp_path / "a.jpg")], workers=0
        )
    assert "只读" in caught.value.sentence()
