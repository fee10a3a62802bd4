"""Bad files never stop a batch and never leave part of a photo behind; each gets its own sentence."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from retrofit_app.core.integrity import check_project
from retrofit_app.core.photos.importer import import_photos
from retrofit_app.core.photos.model import ImportStatus, Placement
from retrofit_app.core.photos.samples import jpeg_bytes, make_exif, scene, write_photo
from retrofit_app.core.storage import records


@pytest.fixture
def estate(project):
    return project.estates.create("锁金新村", "玄武区")


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def bomb_png(width: int, height: int) -> bytes:
    """A tiny file whose header claims a huge picture, as a decompression bomb does."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + _png_chunk(b"IEND", b"")
    )  # fmt: skip


def damaged_exif_jpeg() -> bytes:
    """A good picture whose EXIF block is garbage after the 'Exif' marker."""
    good = jpeg_bytes(
        scene(400, 300, "bad exif"), make_exif(taken_at="2024:01:01 08:00:00", orientation=6)
    )
    start = good.find(b"Exif\x00\x00")
    length = struct.unpack(">H", good[start - 2 : start])[0]
    garbage = (b"Exif\x00\x00" + b"\xde\xad\xbe\xef" * length)[: length - 2]
    return good[:start] + garbage + good[start + length - 2 :]


def _counts(project) -> tuple[int, int]:
    one = project.db.execute
    return one("SELECT count(*) FROM photos").fetchone()[0], one(
        "SELECT count(*) FROM photo_data"
    ).fetchone()[0]


@pytest.fixture
def bad_batch(tmp_path: Path) -> dict[str, Path]:
    good = jpeg_bytes(scene(800, 600, "good"))
    files = {
        "good_first": write_photo(tmp_path / "good_first.jpg", scene(640, 480, "first")),
        "truncated": tmp_path / "truncated.jpg",
        "empty": tmp_path / "empty.jpg",
        "text": tmp_path / "readme.jpg",
        "gif": tmp_path / "animation.gif",
        "bmp": tmp_path / "scan.bmp",
        "bomb": tmp_path / "bomb.png",
        "bomb_warning": tmp_path / "almost_bomb.png",
        "good_last": write_photo(tmp_path / "good_last.png", scene(640, 480, "last")),
    }
    files["truncated"].write_bytes(good[: len(good) // 2])
    files["empty"].write_bytes(b"")
    files["text"].write_text("这不是照片，是一段说明文字。\n", encoding="gbk")
    scene(64, 48, "gif").save(files["gif"], "GIF")
    scene(64, 48, "bmp").save(files["bmp"], "BMP")
    files["bomb"].write_bytes(bomb_png(30_000, 30_000))  # 900 Mpx: above twice Pillow's limit
    files["bomb_warning"].write_bytes(bomb_png(10_000, 10_000))  # 100 Mpx: Pillow would only warn
    return files


EXPECTED = {
    "truncated": ("photo_truncated", "不完整"),
    "empty": ("photo_empty", "空的"),
    "text": ("photo_not_image", "不是图片"),
    "gif": ("photo_unsupported", "GIF"),
    "bmp": ("photo_unsupported", "BMP"),
    "bomb": ("photo_bomb", "像素过多"),
    "bomb_warning": ("photo_bomb", "像素过多"),
}


@pytest.mark.parametrize("workers", [0, 2])
def test_bad_files_fail_one_by_one_and_the_rest_imports(project, estate, bad_batch, workers):
    results = import_photos(
        project, Placement(estate.uuid), list(bad_batch.values()), workers=workers
    )
    by_name = dict(zip(bad_batch, results, strict=True))
    assert by_name["good_first"].status == by_name["good_last"].status == ImportStatus.IMPORTED
    for name, (code, words) in EXPECTED.items():
        result = by_name[name]
        assert result.status == ImportStatus.FAILED, name
        assert str(result.error.code) == code, name
        sentence = result.error.sentence()
        assert words in sentence and bad_batch[name].name in sentence, sentence
        assert result.error.sentence("en").endswith(
            "not imported."
        ) or "not imported" in result.error.sentence("en")
        assert result.to_json()["error"] == sentence and result.photo_id is None
    assert _counts(project) == (2, 2)
    assert check_project(project) == []


def test_each_bad_file_has_its_own_sentence(project, estate, bad_batch):
    results = import_photos(project, Placement(estate.uuid), list(bad_batch.values()), workers=0)
    kinds = {str(r.error.code) for r in results if r.error}
    assert kinds == {
        "photo_truncated",
        "photo_empty",
        "photo_not_image",
        "photo_unsupported",
        "photo_bomb",
    }
    assert (
        len(
            {
                r.error.sentence("en").split(":", 1)[1]
                for r in results
                if r.error and r.file.endswith(".jpg")
            }
        )
        == 3
    )


def test_damaged_exif_still_imports_without_metadata(project, estate, tmp_path):
    path = tmp_path / "damaged_exif.jpg"
    path.write_bytes(damaged_exif_jpeg())
    [result] = import_photos(project, Placement(estate.uuid), [path], workers=0)
    assert result.status == ImportStatus.IMPORTED
    assert result.taken_at is None and result.lon is None
    assert (result.width, result.height) == (400, 300)
    assert "EXIF" in result.warning.sentence() and "已导入" in result.warning.sentence()
    assert result.to_json()["error"] is None


def test_a_file_that_vanishes_mid_import_is_reported(project, estate, tmp_path):
    paths = [
        write_photo(tmp_path / f"IMG_{i}.jpg", scene(320, 240, str(i), seed=i)) for i in range(6)
    ]
    doomed = paths[4]

    def delete_when_first_is_done(done: int, total: int) -> None:
        if done == 1:
            doomed.unlink()

    results = import_photos(
        project, Placement(estate.uuid), paths, workers=0, progress=delete_when_first_is_done
    )
    assert [r.status for r in results] == [ImportStatus.IMPORTED] * 4 + [
        ImportStatus.FAILED,
        ImportStatus.IMPORTED,
    ]
    assert str(results[4].error.code) == "photo_vanished"
    assert "不见了" in results[4].error.sentence()


def test_a_named_file_that_never_existed_is_reported(project, estate, tmp_path):
    [result] = import_photos(
        project, Placement(estate.uuid), [tmp_path / "没有这个文件.jpg"], workers=0
    )
    assert result.status == ImportStatus.FAILED
    assert "没有这个文件.jpg" in result.error.sentence()


def test_a_failed_write_leaves_no_partial_photo(project, estate, tmp_path, monkeypatch):
    first = write_photo(tmp_path / "first.jpg", scene(320, 240, "first", seed=1))
    second = write_photo(tmp_path / "second.jpg", scene(320, 240, "second", seed=2))
    import_photos(project, Placement(estate.uuid), [first], workers=0)
    real_insert = records.insert_row

    def disk_full_on_bytes(db, table, values, user, **kwargs):  # noqa: ANN001, ANN202
        if table == "photo_data":
            raise OSError("disk full while writing the photo bytes")
        return real_insert(db, table, values, user, **kwargs)

    monkeypatch.setattr(records, "insert_row", disk_full_on_bytes)
    with pytest.raises(OSError, match="disk full"):
        import_photos(project, Placement(estate.uuid), [second], workers=0)
    # The photos row of `second` was inserted before the failure and rolled back with it.
    assert _counts(project) == (1, 1)
    assert project.db.execute("SELECT file_name FROM photos").fetchall()[0][0] == "first.jpg"
    assert check_project(project) == []
