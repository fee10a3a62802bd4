"""Annotation: shapes drawn on a derived rendition that reports use; the original never changes."""

from __future__ import annotations

import hashlib
from io import BytesIO

import pytest
from PIL import Image

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.integrity import check_project
from retrofit_app.core.photos.importer import import_photos
from retrofit_app.core.photos.model import Placement
from retrofit_app.core.photos.samples import as_stored, make_exif, scene, write_photo
from retrofit_app.core.photos.service import PhotoService

SHAPES = [
    {"kind": "arrow", "x1": 0.1, "y1": 0.9, "x2": 0.45, "y2": 0.55},
    {"kind": "circle", "x1": 0.4, "y1": 0.4, "x2": 0.6, "y2": 0.6, "colour": "#1E88E5"},
    {"kind": "rect", "x1": 0.7, "y1": 0.2, "x2": 0.9, "y2": 0.5},
    {"kind": "text", "x1": 0.05, "y1": 0.12, "text": "外墙渗水 需修补"},
]


@pytest.fixture
def photo(project, tmp_path):
    estate = project.estates.create("月牙湖花园", "秦淮区")
    path = write_photo(
        tmp_path / "IMG_9.jpg",
        as_stored(scene(800, 600, "wall", seed=9), 6),
        make_exif(orientation=6),
    )
    [result] = import_photos(project, Placement(estate.uuid), [path], workers=0)
    return result.photo_id, path.read_bytes()


def _pixel(jpeg: bytes, x: float, y: float) -> tuple[int, int, int]:
    image = Image.open(BytesIO(jpeg)).convert("RGB")
    return image.getpixel((round(x * image.width), round(y * image.height)))


def test_annotation_round_trip_keeps_the_original(project, photo):
    uuid, original = photo
    photos = PhotoService(project)
    plain = photos.print_rendition(uuid)
    assert photos.report_rendition(uuid) == plain  # nothing drawn yet

    assert photos.annotate(uuid, SHAPES) == []
    drawn = photos.report_rendition(uuid)
    assert drawn != plain
    assert Image.open(BytesIO(drawn)).size == Image.open(BytesIO(plain)).size == (800, 600)
    r, g, b = _pixel(drawn, 0.7, 0.35)  # on the left edge of the red rectangle
    assert r > 180 and g < 110 and b < 110
    assert photos.print_rendition(uuid) == plain
    assert photos.original(uuid) == original
    assert photos.get(uuid).sha256 == hashlib.sha256(original).hexdigest()
    saved = photos.annotation(uuid)
    assert [s["kind"] for s in saved] == ["arrow", "circle", "rect", "text"]
    assert saved[3]["text"] == "外墙渗水 需修补"

    # Edited later: one shape fewer; then removed altogether.
    assert len(photos.annotate(uuid, saved[:2])) == 4
    assert photos.annotation(uuid) == saved[:2]
    photos.annotate(uuid, [])
    assert photos.annotation(uuid) == []
    assert photos.report_rendition(uuid) == plain
    assert photos.original(uuid) == original
    assert check_project(project) == []


def test_annotation_edits_are_audited(project, photo):
    uuid, _ = photo
    PhotoService(project).annotate(uuid, SHAPES[:1])
    actions = project.db.execute(
        "SELECT action, new_values FROM audit_log WHERE record_uuid = ? ORDER BY fid", [uuid]
    ).fetchall()
    assert actions[-1][0] == "update" and "arrow" in actions[-1][1]


@pytest.mark.parametrize(
    "shape",
    [
        {"kind": "star", "x1": 0.1, "y1": 0.1, "x2": 0.2, "y2": 0.2},
        {"kind": "rect", "x1": "left", "y1": 0.1, "x2": 0.2, "y2": 0.2},
        {"kind": "rect", "x1": 0.1, "y1": 9.0, "x2": 0.2, "y2": 0.2},
        {"kind": "rect", "x1": 0.1, "y1": 0.1, "x2": 0.2, "y2": 0.2, "colour": "red"},
        {"kind": "text", "x1": 0.1, "y1": 0.1, "text": "  "},
    ],
)
def test_impossible_shapes_are_refused_and_nothing_changes(project, photo, shape):
    uuid, _ = photo
    photos = PhotoService(project)
    photos.annotate(uuid, SHAPES[:1])
    with pytest.raises(RetrofitError):
        photos.annotate(uuid, [shape])
    assert [s["kind"] for s in photos.annotation(uuid)] == ["arrow"]
