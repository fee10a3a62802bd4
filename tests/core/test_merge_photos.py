"""The photos of a merged field copy: their bytes come in whole, once, checked against their SHA-256.

The merge diffs records only (each photo rendition stands there as a key); the bytes of the
photos the office lacks are read from the package when the changes are written.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from exchange_support import add_photo, export_first_estate, fingerprint

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.exchange.merge import merge_package
from retrofit_app.core.integrity import check_project
from retrofit_app.core.photos.importer import import_photos
from retrofit_app.core.photos.model import Placement
from retrofit_app.core.photos.samples import scene, write_photo
from retrofit_app.core.project import Project

RENDITIONS = ("thumbnail", "print", "annotated", "original")


def _photo(path: Path, uuid: str) -> dict:
    conn = sqlite3.connect(path)
    try:
        conn.row_factory = sqlite3.Row
        row = conn.execute(
            "SELECT p.sha256, p.annotation, d.thumbnail, d.print, d.annotated, d.original"
            " FROM photos p JOIN photo_data d ON d.photo_uuid = p.uuid WHERE p.uuid = ?",
            [uuid],
        ).fetchone()
        return dict(row)
    finally:
        conn.close()


def _import(project: Project, code: str, picture: Path) -> str:
    estate = project.estates.resolve(code)
    (result,) = import_photos(project, Placement(estate.uuid, caption="楼道"), [picture], workers=0)
    assert result.photo_id, result
    return result.photo_id


def test_a_photo_taken_in_the_field_arrives_whole_with_its_sha256(
    demo_path: Path, tmp_path: Path
) -> None:
    code, package = export_first_estate(demo_path, tmp_path)
    with Project(package.path, user="小王") as field:
        uuid = add_photo(field, code, tmp_path, "外业东立面")
    sent = _photo(package.path, uuid)
    with Project(demo_path, user="办公室") as office:
        result = merge_package(office, package.path)
        assert result.counts["photo_data"]["inserted"] == 1
        assert check_project(office) == []
    came = _photo(demo_path, uuid)
    assert hashlib.sha256(came["original"]).hexdigest() == came["sha256"] == sent["sha256"]
    assert all(came[k] == sent[k] for k in RENDITIONS)  # the package's bytes, every rendition


def test_a_photo_the_office_has_already_is_not_stored_twice(
    demo_path: Path, tmp_path: Path
) -> None:
    """The same picture imported in the office and in the field copy after it left: one photo."""
    code, package = export_first_estate(demo_path, tmp_path)
    picture = write_photo(tmp_path / "同一张.jpg", scene(320, 240, "同一张照片", seed=7))
    with Project(demo_path, user="办公室") as office:
        office_uuid = _import(office, code, picture)
    with Project(package.path, user="小王") as field:
        _import(field, code, picture)
    sha = _photo(demo_path, office_uuid)["sha256"]
    with Project(demo_path, user="办公室") as office:
        result = merge_package(office, package.path)
        photos = office.conn.execute("SELECT count(*) FROM photos WHERE sha256 = ?", [sha])
        data = office.conn.execute(
            "SELECT count(*) FROM photo_data d JOIN photos p ON p.uuid = d.photo_uuid"
            " WHERE p.sha256 = ?",
            [sha],
        )
        assert (photos.fetchone()[0], data.fetchone()[0]) == (1, 1)
        assert check_project(office) == []
    assert "photo_data" not in result.counts
    assert not [c for c in result.conflicts if c.field in RENDITIONS]  # the same bytes: no conflict


CIRCLE = {"kind": "circle", "x1": 0.2, "y1": 0.2, "x2": 0.5, "y2": 0.6, "text": ""}


def _drawn_in_the_field(demo_path: Path, tmp_path: Path) -> tuple[str, Path]:
    """A photo of the office's, handed out in a field copy and circled there: (its uuid, the copy)."""
    with Project(demo_path, user="办公室") as office:
        code = office.estates.list()[0].code
        uuid = add_photo(office, code, tmp_path, "办公室南立面")
    _, package = export_first_estate(demo_path, tmp_path)  # with the photo
    with Project(package.path, user="小王") as field:
        field.photos.annotate(uuid, [CIRCLE])
    return uuid, package.path


def test_an_annotation_drawn_in_the_field_brings_its_drawn_rendition(
    demo_path: Path, tmp_path: Path
) -> None:
    uuid, path = _drawn_in_the_field(demo_path, tmp_path)
    sent = _photo(path, uuid)
    assert sent["annotated"]
    with Project(demo_path, user="办公室") as office:
        result = merge_package(office, path)
        assert result.counts["photo_data"]["updated"] == 1
        assert result.conflicts == []
    came = _photo(demo_path, uuid)
    assert came["annotation"] == sent["annotation"]
    assert came["annotated"] == sent["annotated"]
    assert came["original"] == sent["original"]


def test_both_sides_drawing_on_a_photo_keep_the_offices_drawing_as_a_conflict(
    demo_path: Path, tmp_path: Path
) -> None:
    uuid, path = _drawn_in_the_field(demo_path, tmp_path)
    with Project(demo_path, user="办公室") as office:
        office.photos.annotate(uuid, [{**CIRCLE, "kind": "rect"}])
    kept = _photo(demo_path, uuid)
    with Project(demo_path, user="办公室") as office:
        result = merge_package(office, path)
    came = _photo(demo_path, uuid)
    assert (came["annotation"], came["annotated"]) == (kept["annotation"], kept["annotated"])
    assert {(c.table, c.field) for c in result.conflicts} >= {("photos", "annotation")}


def test_a_photo_whose_bytes_are_not_its_sha256_is_refused(demo_path: Path, tmp_path: Path) -> None:
    """A new photo whose original was changed after import (its hash no longer its bytes')."""
    code, package = export_first_estate(demo_path, tmp_path)
    with Project(package.path, user="小王") as field:
        uuid = add_photo(field, code, tmp_path, "外业西立面")
    conn = sqlite3.connect(package.path)
    conn.execute(
        "UPDATE photo_data SET original = CAST(original || x'00' AS BLOB) WHERE photo_uuid = ?",
        [uuid],
    )
    conn.commit()
    conn.close()
    before = fingerprint(demo_path)
    with Project(demo_path, user="办公室") as office, pytest.raises(RetrofitError) as raised:
        merge_package(office, package.path)
    assert raised.value.code == ErrorCode.MERGE_FAILED
    assert fingerprint(demo_path) == before


def test_the_office_keeps_no_second_copy_of_the_photos_it_hands_out(
    demo_path: Path, tmp_path: Path
) -> None:
    """The snapshot kept for the merge holds the records; the photos stay in the project alone."""
    with Project(demo_path, user="办公室") as office:
        code = office.estates.list()[0].code
        uuid = add_photo(office, code, tmp_path, "办公室东立面")
    _, package = export_first_estate(demo_path, tmp_path)
    original = _photo(demo_path, uuid)["original"]
    assert _photo(package.path, uuid)["original"] == original  # the field copy has the photo
    conn = sqlite3.connect(package.base)
    try:
        kinds = conn.execute(
            "SELECT DISTINCT typeof(thumbnail), typeof(print), typeof(original) FROM photo_data"
        ).fetchall()
    finally:
        conn.close()
    assert kinds == [("text", "text", "text")]  # keys, no bytes
    assert package.base.stat().st_size < package.path.stat().st_size - len(original)
