"""`retrofit-app import-photos` and `retrofit-app photos` as a script would call them."""

from __future__ import annotations

import json

from retrofit_app.cli import main
from retrofit_app.core.photos.samples import as_stored, make_exif, scene, write_photo

KEYS = {"file", "status", "photo_id", "taken_at", "lon", "lat", "width", "height", "error"}


def _estate(project_path, capsys) -> str:
    assert main(["new", str(project_path)]) == 0
    assert (
        main(["add-estate", str(project_path), "--name", "南湖新村", "--district", "建邺区"]) == 0
    )
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_import_prints_one_object_per_file_and_fails_when_one_failed(
    project_path, tmp_path, capsys
):
    code = _estate(project_path, capsys)
    upright = scene(900, 600, "cli")
    good = write_photo(
        tmp_path / "IMG_1.jpg", as_stored(upright, 6),
        make_exif(orientation=6, taken_at="2024:06:01 09:30:00", offset="+08:00", lon=118.7503, lat=32.0251),
    )  # fmt: skip
    bad = tmp_path / "坏文件.jpg"
    bad.write_text("not a photo", encoding="utf-8")
    status = main(
        [
            "import-photos",
            str(project_path),
            "--estate",
            code,
            str(good),
            str(bad),
            str(good),
            "--json",
            "--stage",
            "after",
        ]
    )
    documents = json.loads(capsys.readouterr().out)
    assert status == 1
    assert [d["status"] for d in documents] == ["imported", "failed", "duplicate"]
    assert all(set(d) >= KEYS for d in documents)
    first = documents[0]
    assert (first["width"], first["height"]) == (900, 600)
    assert first["taken_at"] == "2024-06-01T09:30:00+08:00"
    assert first["lon"] == 118.7503 and first["lat"] == 32.0251
    assert documents[1]["error"].startswith("坏文件.jpg：")
    assert documents[2]["photo_id"] == first["photo_id"]

    assert main(["photos", str(project_path), "--estate", code, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(p["photo_id"], p["stage"]) for p in listed] == [(first["photo_id"], "after")]
    assert main(["check", str(project_path)]) == 0


def test_import_of_good_files_exits_zero_and_says_how_many(
    project_path, tmp_path, capsys, monkeypatch
):
    code = _estate(project_path, capsys)
    folder = tmp_path / "照片"
    folder.mkdir()
    for i in range(3):
        write_photo(folder / f"{i}.jpg", scene(320, 240, str(i), seed=i))
    assert main(["import-photos", str(project_path), "--estate", code, str(folder)]) == 0
    assert "已导入 3 张" in capsys.readouterr().out
    monkeypatch.setenv("RETROFIT_APP_LANG", "en")
    assert main(["import-photos", str(project_path), "--estate", code, str(folder)]) == 0
    assert "duplicates 3" in capsys.readouterr().out


def test_unknown_estate_is_one_sentence_on_stderr(project_path, tmp_path, capsys):
    _estate(project_path, capsys)
    photo = write_photo(tmp_path / "a.jpg", scene(320, 240, "a"))
    assert main(["import-photos", str(project_path), "--estate", "不存在的小区", str(photo)]) == 1
    err = capsys.readouterr().err
    assert "不存在的小区" in err and len(err.strip().splitlines()) == 1
