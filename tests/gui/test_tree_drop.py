"""Photos dropped on a building in the estate tree land in that estate and building."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from retrofit_app.core.photos.samples import make_exif, scene, write_photo


def _expand_to(window, kind: str, uuid: str):  # noqa: ANN001, ANN202
    window.context.select(kind, uuid)
    index = window.tree.view.currentIndex()
    assert index.isValid()
    window.tree.view.scrollTo(index)
    return window.tree.view.visualRect(index).center()


def _deliver(view, point, paths: list[Path]) -> QDropEvent:  # noqa: ANN001
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(point)
    enter = QDragEnterEvent(
        point,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view.viewport(), drop)
    return drop


def test_photos_dropped_on_a_building_are_imported_into_it(qtbot, window, tmp_path):
    project = window.context.project
    estate = project.estates.resolve("GL-0002")
    building = project.buildings.of_estate(estate.uuid)[1]
    files = [
        write_photo(
            tmp_path / f"现场{i}.jpg",
            scene(640, 480, f"drop {i}", seed=i),
            make_exif(taken_at="2024:05:01 10:00:00"),
        )
        for i in range(2)
    ]
    before = set(project.photos.ids(estate.uuid))
    point = _expand_to(window, "building", building.uuid)
    window.context.select("district", "")  # the drop itself must pick the target
    drop = _deliver(window.tree.view, point, files)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: len(set(project.photos.ids(estate.uuid)) - before) == 2, timeout=30_000)
    assert window.context.selection() == ("building", building.uuid)
    assert window.tabs.tabText(window.tabs.currentIndex()).startswith("照片")
    new = set(project.photos.ids(estate.uuid)) - before
    for uuid in new:
        assert project.photos.get(uuid).building_uuid == building.uuid


def test_a_drop_on_a_district_is_refused(qtbot, window, tmp_path):
    photo = write_photo(tmp_path / "a.jpg", scene(320, 240, "x", seed=1))
    index = window.tree.view.model().index(0, 0)
    point = window.tree.view.visualRect(index).center()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    drop = QDropEvent(
        QPointF(point),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    drop.setAccepted(False)
    QApplication.sendEvent(window.tree.view.viewport(), drop)
    assert not drop.isAccepted()
    assert window.context.jobs.wait_for_all(20_000)
    assert window.context.project.counts().photos == 32


def test_file_menu_import_roster_opens_the_consultation_import(qtbot, window, monkeypatch):
    called = []
    tab = window.show_tab("consultation")
    monkeypatch.setattr(tab.import_flow, "choose_and_import", lambda estate: called.append(estate))
    estate = window.context.project.estates.resolve("GL-0001")
    window.context.select("estate", estate.uuid)
    window.import_roster_action.trigger()
    assert called == [estate.uuid]
    assert window.tabs.currentWidget().ensure_loaded() is tab
