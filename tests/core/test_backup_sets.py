"""Backups keep each photo's bytes once: later backups cost the records, restores are exact (issue 21)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from backup_support import restored_copy

from retrofit_app.core.errors import ErrorCode, ProjectFileError, RetrofitError
from retrofit_app.core.project import Project
from retrofit_app.core.project_backups import backup_now, list_backups, restore_backup
from retrofit_app.core.storage import backup_sets, backups
from retrofit_app.core.storage.backups import make_backup, prune_backups


def _store_files(project: Path) -> set[str]:
    store = backups.backup_folder(project) / backup_sets.STORE
    return {p.name for p in store.glob("??/*") if p.is_file()}  # the bytes, not index or lock


def _content(path: Path) -> dict[str, object]:
    """Every table's rows, the schema text and the GeoPackage header fields: what a restore must give."""
    conn = sqlite3.connect(path)
    try:
        tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        found: dict[str, object] = {
            table: conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            for table in tables
        }
        found["schema"] = sorted(conn.execute("SELECT type, name, sql FROM sqlite_master"))
        found["header"] = [
            conn.execute(f"PRAGMA {p}").fetchone() for p in ("application_id", "user_version")
        ]
        return found
    finally:
        conn.close()


def _redraw_first_photo(path: Path, kind: str, drawn: bytes) -> str:
    """The first photo given new shapes and new annotated bytes behind the program's back."""
    conn = sqlite3.connect(path)
    uuid = conn.execute("SELECT photo_uuid FROM photo_data LIMIT 1").fetchone()[0]
    conn.execute(
        "UPDATE photos SET annotation = ? WHERE uuid = ?", (f'[{{"kind":"{kind}"}}]', uuid)
    )
    conn.execute("UPDATE photo_data SET annotated = ? WHERE photo_uuid = ?", (drawn, uuid))
    conn.commit()
    conn.close()
    return uuid


def _photo_hashes_match(path: Path) -> int:
    """How many photos' original bytes hash to the SHA-256 the project keeps for them."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT p.sha256, d.original FROM photos p JOIN photo_data d ON d.photo_uuid = p.uuid"
        ).fetchall()
        assert rows
        return sum(hashlib.sha256(data).hexdigest() == sha for sha, data in rows)
    finally:
        conn.close()


def test_a_second_backup_writes_no_photo_bytes_and_is_smaller_than_the_photos(
    demo_path: Path,
) -> None:
    first = make_backup(demo_path, demo_path, "manual")
    stored = _store_files(demo_path)
    photos = sqlite3.connect(demo_path).execute("SELECT count(*) FROM photo_data").fetchone()[0]
    assert photos and len(stored) >= photos  # every original, thumbnail and print once
    second = make_backup(demo_path, demo_path, "manual")
    assert _store_files(demo_path) == stored
    photo_bytes = (
        sqlite3.connect(demo_path)
        .execute("SELECT sum(length(original) + length(print) + length(thumbnail)) FROM photo_data")
        .fetchone()[0]
    )
    # The records file holds keys, not photos: the photos' bytes are not in it a second time.
    assert second.stat().st_size < demo_path.stat().st_size + 4096
    assert first != second and photo_bytes > 0


def test_restoring_gives_back_every_record_and_every_photo_byte(
    demo_path: Path, tmp_path: Path
) -> None:
    before = _content(demo_path)
    with Project(demo_path, user="办公室") as project:
        made = backup_now(project)
        project.conn.execute("DELETE FROM votes")
        project.conn.execute("UPDATE photo_data SET original = x'00', print = x'00'")
        restore_backup(project, made)
    assert _content(demo_path) == before
    assert _photo_hashes_match(demo_path) == len(before["photos"])  # type: ignore[arg-type]


def test_a_redrawn_annotation_is_stored_anew_and_an_older_backup_keeps_the_old_drawing(
    demo_path: Path,
) -> None:
    old = make_backup(demo_path, demo_path, "manual")
    uuid = _redraw_first_photo(demo_path, "arrow", bytes.fromhex("ffd8ffe0"))
    stored = _store_files(demo_path)
    make_backup(demo_path, demo_path, "manual")
    assert len(_store_files(demo_path) - stored) == 1  # the new drawing, nothing else
    with Project(demo_path, user="办公室") as project:
        restore_backup(project, old)
        annotated = project.conn.execute(
            "SELECT annotated FROM photo_data WHERE photo_uuid = ?", (uuid,)
        ).fetchone()[0]
    assert annotated != b"\xff\xd8\xff\xe0"


def test_pruning_removes_the_photo_bytes_no_kept_backup_names(demo_path: Path) -> None:
    def redraw(kind: str) -> None:  # three photos' drawings: new annotated bytes each time
        with Project(demo_path, user="办公室") as project:
            for (uuid,) in project.conn.execute("SELECT uuid FROM photos LIMIT 3").fetchall():
                shape = {"kind": kind, "x1": 0.4, "y1": 0.4, "x2": 0.6, "y2": 0.6}
                project.photos.annotate(uuid, [shape])

    redraw("circle")
    make_backup(demo_path, demo_path, "manual")
    redraw("rect")
    newest = make_backup(demo_path, demo_path, "manual")
    everything = _store_files(demo_path)
    prune_backups(demo_path, 1)
    kept = _store_files(demo_path)
    assert kept == backup_sets.keys_named(newest) and kept < everything
    assert [b.path for b in list_backups(demo_path)] == [newest]


def test_a_store_that_lost_a_photo_refuses_the_restore_and_leaves_the_project_as_it_is(
    demo_path: Path,
) -> None:
    with Project(demo_path, user="办公室") as project:
        made = backup_now(project)
        project.conn.execute("DELETE FROM votes WHERE fid IN (SELECT fid FROM votes LIMIT 2)")
        before = _content(demo_path)
        lost = sorted(backup_sets.keys_named(made))[0]
        store = backups.backup_folder(demo_path) / backup_sets.STORE
        (store / lost[:2] / lost).write_bytes(b"not the photo")
        with pytest.raises(RetrofitError) as refused:
            restore_backup(project, made)
    assert refused.value.code == ErrorCode.BACKUP_PHOTOS_MISSING
    assert "1" in refused.value.sentence("zh") and "恢复" in refused.value.sentence("zh")
    assert _content(demo_path) == before


def test_a_backup_asked_to_stop_stops_and_lists_nothing(demo_path: Path) -> None:
    asked = iter([False, False, True, True, True, True])
    with pytest.raises(backup_sets.BackupStopped):
        make_backup(demo_path, demo_path, "scheduled", should_stop=lambda: next(asked, True))
    assert list_backups(demo_path) == []
    scratch = demo_path.with_name(demo_path.name + ".retrofit") / "scratch"
    assert not scratch.exists() or not any(scratch.iterdir())


def test_a_disk_without_room_is_said_before_anything_is_written(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shutil.disk_usage

    def nearly_full(path: object) -> object:
        return real(path)._replace(free=10 * 1024 * 1024)

    monkeypatch.setattr(backups.shutil, "disk_usage", nearly_full)
    with pytest.raises(RetrofitError) as refused:
        make_backup(demo_path, demo_path, "manual")
    assert refused.value.code == ErrorCode.BACKUP_NO_ROOM
    assert "MB" in refused.value.sentence("zh")
    assert list_backups(demo_path) == [] and not _store_files(demo_path)


def test_a_backups_records_file_opened_as_a_project_is_refused_with_a_sentence(
    demo_path: Path,
) -> None:
    made = make_backup(demo_path, demo_path, "manual")
    with pytest.raises(ProjectFileError) as refused:
        Project(made, readonly=True)
    assert refused.value.code == ErrorCode.BACKUP_RECORDS
    assert "恢复" in refused.value.sentence("zh")


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="needs GDAL's ogrinfo")
def test_a_file_given_a_spatial_index_by_gdal_is_backed_up_and_restored_whole(
    demo_path: Path,
) -> None:
    subprocess.run(
        ["ogrinfo", str(demo_path), "-sql", "SELECT CreateSpatialIndex('estates', 'geom')"],
        check=True, capture_output=True,
    )  # fmt: skip
    before = _content(demo_path)
    assert any(str(name).startswith("rtree_estates_geom") for name in before)
    with Project(demo_path, user="办公室") as project:
        made = backup_now(project)
        project.conn.execute("UPDATE estates SET name = name || '改'")
        restore_backup(project, made)
    assert _content(demo_path) == before


def test_a_pruning_while_a_backup_runs_waits_and_keeps_the_bytes_that_backup_wrote(
    demo_path: Path,
) -> None:
    """A merge's backup prunes while the window's scheduled backup is half-way: the pruning
    waits for the store, so the running backup's new photo bytes are not taken from under it."""
    import threading

    make_backup(demo_path, demo_path, "manual")  # every photo's bytes are in the store now
    _redraw_first_photo(demo_path, "ring", bytes.fromhex("ffd8ffe1"))
    new = hashlib.sha256(b"\xff\xd8\xff\xe1").hexdigest()
    pruner = threading.Thread(target=prune_backups, args=(demo_path, 1))

    def should_stop() -> bool:
        if not pruner.is_alive() and pruner.ident is None and new in _store_files(demo_path):
            pruner.start()  # the older backup alone is listed: it does not name the new bytes
            pruner.join(timeout=2)
        return False

    made = make_backup(demo_path, demo_path, "scheduled", should_stop=should_stop)
    pruner.join()
    assert pruner.ident is not None
    assert new in backup_sets.keys_named(made) and new in _store_files(demo_path)
    target = restored_copy(made, demo_path.with_name("restored.gpkg"))
    assert _content(target) == _content(demo_path)


def _disk_taken(project: Path, kept: list[Path]) -> int:
    """What these backups take on disk together: their records files and the photo bytes they
    name, each photo once."""
    store = backups.backup_folder(project) / backup_sets.STORE
    keys = set().union(*(backup_sets.keys_named(b) for b in kept))
    return sum(b.stat().st_size for b in kept) + sum(
        (store / k[:2] / k).stat().st_size for k in keys
    )


def test_backups_beyond_the_disk_limit_go_oldest_first_and_the_newest_always_stays(
    demo_path: Path,
) -> None:
    """A district sets 备份最多占用磁盘: the oldest backups go until the rest fit, photos they
    share counted once, and the
    newest stays even when it alone is over the limit."""
    made = []
    for kind in ("circle", "rect", "arrow"):
        with Project(demo_path, user="办公室") as project:
            uuid = project.conn.execute("SELECT uuid FROM photos LIMIT 1").fetchone()[0]
            project.photos.annotate(
                uuid, [{"kind": kind, "x1": 0.4, "y1": 0.4, "x2": 0.6, "y2": 0.6}]
            )
        made.append(make_backup(demo_path, demo_path, "manual"))
    oldest, middle, newest = made
    two_newest = _disk_taken(demo_path, [newest, middle])
    shared = _disk_taken(demo_path, [newest]) + _disk_taken(demo_path, [middle]) - two_newest
    assert shared > 0  # the photos they share are on the disk once

    removed = prune_backups(demo_path, backups.Retention(20, max_bytes=two_newest))
    assert removed == [oldest]
    assert [b.path for b in list_backups(demo_path)] == [newest, middle]
    assert _store_files(demo_path) == backup_sets.keys_named(newest) | backup_sets.keys_named(
        middle
    )

    assert prune_backups(demo_path, backups.Retention(20, max_bytes=1)) == [middle]
    assert [b.path for b in list_backups(demo_path)] == [newest]
    assert _store_files(demo_path) == backup_sets.keys_named(newest)
    restored = restored_copy(newest, demo_path.parent / "还原.gpkg")
    assert _content(restored)["photos"] == _content(demo_path)["photos"]
