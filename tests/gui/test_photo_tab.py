"""The Photos tab: drop or pick files, see thumbnails, edit captions, delete with undo, compare before/after."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog

from retrofit_app.core.photos.model import StageTag
from retrofit_app.core.photos.samples import as_stored, make_exif, scene, write_photo
from retrofit_app.core.photos.service import PhotoService
from retrofit_app.core.project import Project
from retrofit_app.gui.models.photo_model import ROWS_PER_FETCH, PhotoGalleryModel
from retrofit_app.gui.tabs.photos_tab import PhotosTab


@pytest.fixture
def tab(qtbot, context, boxes, project_path):  # noqa: ANN001
    project = Project.create(project_path, user="测试员")
    estate = project.estates.create("高云岭小区", "鼓楼区")
    project.buildings.create(estate.uuid, "2幢")
    context.set_project(project)
    context.select("estate", estate.uuid)
    context.jobs.error_handler = lambda e: (
        (_ for _ in ()).throw(e) if False else print("JOBERR", repr(e))
    )
    widget = PhotosTab(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def _photos(folder: Path, count: int, stage: str = "before") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_photo(
            folder / f"IMG_{stage}_{i}.jpg", as_stored(scene(640, 480, f"{stage} {i}", stage=stage, seed=i), 6),
            make_exif(orientation=6, taken_at=f"2024:04:0{i + 1} 09:00:00", lon=118.7768, lat=32.0668),
        )
        for i in range(count)
    ]  # fmt: skip


def _drop(widget, paths: list[Path]) -> None:  # noqa: ANN001
    """What a drag from the file manager delivers: enter (which must be accepted), then drop."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(
        QPoint(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(drop)
    assert drop.isAccepted()


def _saved_ids(tab) -> list[str]:  # noqa: ANN001
    return PhotoService(tab.context.project).ids(tab.estate_uuid)


def test_dropping_a_folder_imports_and_shows_thumbnails(qtbot, tab, tmp_path, qtmodeltester):
    folder = tmp_path / "现场"
    _photos(folder / "子文件夹", 3)
    _drop(tab, [folder])
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=30_000)
    assert len(_saved_ids(tab)) == 3
    icon = tab.model.index(0).data(Qt.ItemDataRole.DecorationRole)
    assert not icon.isNull()
    assert tab.model.index(0).data() == "IMG_before_0.jpg"
    assert "3" in tab.count_label.text()
    qtmodeltester.check(tab.model)


def test_import_button_imports_into_the_chosen_stage_and_reports_bad_files(
    qtbot, tab, tmp_path, monkeypatch, boxes
):
    paths = _photos(tmp_path, 2, stage="after")
    broken = tmp_path / "坏的.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in [*paths, broken]], "")
    )
    tab.stage_filter.setCurrentIndex(tab.stage_filter.findData("after"))
    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=30_000)
    photos = PhotoService(tab.context.project).list(tab.estate_uuid)
    assert {p.stage_tag for p in photos} == {StageTag.AFTER}
    assert {(p.width, p.height) for p in photos} == {(640, 480)}
    assert any("坏的.jpg" in text for text in boxes.texts("warning"))


def test_caption_edit_is_saved_and_undoable(qtbot, tab, tmp_path):
    _drop(tab, _photos(tmp_path, 1))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=30_000)
    tab.gallery.setCurrentIndex(tab.model.index(0))
    tab.caption_edit.setFocus()
    # QTest types ASCII only; the Chinese goes in as an input method would put it.
    tab.caption_edit.setText("2幢屋面渗漏")
    qtbot.keyClick(tab.caption_edit, Qt.Key.Key_Return)
    service = PhotoService(tab.context.project)
    [uuid] = _saved_ids(tab)
    assert service.get(uuid).caption == "2幢屋面渗漏"
    tab.context.undo_stack.undo()
    assert service.get(uuid).caption == ""


def _choose_from_more(qtbot, tab, key: Qt.Key) -> None:  # noqa: ANN001
    """Click "更多" and press the mnemonic `key` in the menu that opens (it runs its own loop)."""
    menu = tab.more_button.menu()

    def press() -> None:
        if menu.isVisible():
            qtbot.keyClick(menu, key)
        else:
            QTimer.singleShot(20, press)

    QTimer.singleShot(20, press)
    qtbot.mouseClick(tab.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=2000)


def test_delete_moves_to_trash_and_undo_brings_back(qtbot, tab, tmp_path):
    _drop(tab, _photos(tmp_path, 2))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=30_000)
    tab.gallery.selectAll()
    _choose_from_more(qtbot, tab, Qt.Key.Key_D)  # 更多 → 删除(&D)
    assert tab.model.rowCount() == 0 and _saved_ids(tab) == []
    tab.context.undo_stack.undo()
    assert tab.model.rowCount() == 2 and len(_saved_ids(tab)) == 2


def test_delete_key_in_the_gallery_deletes_the_selection(qtbot, tab, tmp_path):
    _drop(tab, _photos(tmp_path, 2))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=30_000)
    tab.gallery.setFocus()
    tab.gallery.setCurrentIndex(tab.model.index(0))
    qtbot.keyClick(tab.gallery, Qt.Key.Key_Delete)
    assert tab.model.rowCount() == 1 and len(_saved_ids(tab)) == 1


def test_import_folder_is_in_the_more_menu(qtbot, tab, tmp_path, monkeypatch):  # noqa: ANN001
    folder = tmp_path / "照片"
    _photos(folder, 2)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    _choose_from_more(qtbot, tab, Qt.Key.Key_F)  # 更多 → 导入文件夹(&F)…
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=30_000)
    assert len(_saved_ids(tab)) == 2


def test_every_photo_action_has_its_own_mnemonic(tab):  # noqa: ANN001
    buttons = [
        tab.import_button,
        tab.compare_button,
        tab.view_button,
        tab.annotate_button,
        tab.more_button,
    ]
    menu = [a for a in tab.more_button.menu().actions() if not a.isSeparator()]
    for group in (buttons, menu):
        keys = [re.search(r"&(\w)", w.text()).group(1).lower() for w in group]
        assert len(keys) == len(set(keys)), keys
    assert tab.delete_action.shortcut().matches(QKeySequence(QKeySequence.StandardKey.Delete))


def test_one_selected_before_photo_is_compared_with_its_after(qtbot, tab, tmp_path):
    _drop(tab, _photos(tmp_path / "b", 1, "before"))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=30_000)
    # Drops land in the stage the filter shows.
    tab.stage_filter.setCurrentIndex(tab.stage_filter.findData("after"))
    _drop(tab, _photos(tmp_path / "a", 1, "after"))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and len(_saved_ids(tab)) == 2, timeout=30_000)
    tab.stage_filter.setCurrentIndex(0)
    assert tab.model.rowCount() == 2
    tab.gallery.setCurrentIndex(tab.model.index(0))
    dialog = tab.compare_dialog()
    qtbot.addWidget(dialog)
    assert [t.text().split(" · ")[0] for t in dialog.titles] == ["改造前", "改造后"]
    assert all(not v.item.pixmap().isNull() for v in dialog.views)


def test_gallery_model_grows_in_pages(qtmodeltester):
    model = PhotoGalleryModel()
    model.load(None, [f"id-{i}" for i in range(2 * ROWS_PER_FETCH + 50)])
    assert model.rowCount() == ROWS_PER_FETCH
    from PySide6.QtCore import QModelIndex

    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * ROWS_PER_FETCH + 50
    qtmodeltester.check(model)


def test_drawing_a_rectangle_saves_an_annotation_that_undo_removes(qtbot, tab, tmp_path):
    [path] = _photos(tmp_path, 1)
    _drop(tab, [path])
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=30_000)
    tab.gallery.setCurrentIndex(tab.model.index(0))
    dialog = tab.annotation_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_tool("rect")
    viewport = dialog.view.viewport()
    start = dialog.view.mapFromScene(dialog.view.item.boundingRect().center())
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(80, 60))
    assert [s["kind"] for s in dialog.shapes] == ["rect"]
    assert dialog.shapes[0]["x1"] == pytest.approx(0.5, abs=0.02)
    tab.save_annotation(tab.selected_uuids()[0], dialog.shapes)
    service = PhotoService(tab.context.project)
    [uuid] = _saved_ids(tab)
    assert [s["kind"] for s in service.annotation(uuid)] == ["rect"]
    assert service.original(uuid) == path.read_bytes()
    assert service.report_rendition(uuid) != service.print_rendition(uuid)
    tab.context.undo_stack.undo()
    assert service.annotation(uuid) == []
    assert service.report_rendition(uuid) == service.print_rendition(uuid)


def test_month_filter_shows_only_that_months_photos(qtbot, tab, tmp_path):
    april = _photos(tmp_path, 2)  # taken on 1 and 2 April 2024
    june = write_photo(
        tmp_path / "IMG_june.jpg",
        scene(320, 240, "june"),
        make_exif(taken_at="2024:06:15 10:00:00"),
    )
    _drop(tab, [*april, june])
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3, timeout=30_000)
    assert [tab.month_filter.itemData(i) for i in range(tab.month_filter.count())] == [
        "",
        "2024-04",
        "2024-06",
    ]
    tab.month_filter.setCurrentIndex(tab.month_filter.findData("2024-06"))
    assert tab.model.rowCount() == 1 and tab.model.index(0).data() == "IMG_june.jpg"
    tab.context.notify_changed("photos")  # a reload keeps the chosen month
    assert tab.month_filter.currentData() == "2024-06" and tab.model.rowCount() == 1


def test_an_empty_estate_says_how_to_add_photos_not_to_choose_an_estate(tab):  # noqa: ANN001
    assert tab.empty_hint.isVisible()
    assert "选择一个小区" not in tab.empty_hint.text()
    assert "导入照片" in tab.empty_hint.text()
    tab.context.select("estate", None)
    assert "请在左侧选择一个小区" in tab.empty_hint.text()
