"""Clicking through the main window on the demo project: search, select, edit, undo, redo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from retrofit_app.core.model import Stage
from retrofit_app.core.project import Project
from retrofit_app.gui.estate_tree import KIND_ROLE, UUID_ROLE
from retrofit_app.gui.labels import STAGE_COLOURS
from retrofit_app.gui.tabs.registry import PlaceholderTab


def in_file(path: Path, code: str):  # noqa: ANN201
    """The estate as the project file has it, read through a connection of its own."""
    with Project(path, readonly=True) as other:
        return other.estates.resolve(code)


def type_text(qtbot, widget, text: str) -> None:  # noqa: ANN001
    """Type like a user: ASCII as key presses, Chinese as a Pinyin IME commits it."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def search_and_click(qtbot, window, text: str, label: str) -> str:  # noqa: ANN001
    tree = window.tree
    tree.search.clear()
    type_text(qtbot, tree.search, text)
    qtbot.waitUntil(lambda: tree.visible_estates() == [label], timeout=2000)
    index = next(
        tree.index_of(kind, uuid)
        for (kind, uuid), item in tree.model.items.items()
        if item.text() == label
    )
    tree.view.scrollTo(index)
    qtbot.mouseClick(
        tree.view.viewport(), Qt.MouseButton.LeftButton, pos=tree.view.visualRect(index).center()
    )
    assert tree.view.currentIndex().data(KIND_ROLE) == "estate"
    return tree.view.currentIndex().data(UUID_ROLE)


def overview(window):  # noqa: ANN001, ANN201
    return window.tab(1)


def type_into(qtbot, edit, text: str) -> None:  # noqa: ANN001
    edit.setFocus()
    edit.selectAll()
    type_text(qtbot, edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_search_select_edit_undo_redo_goes_to_the_file(qtbot, window, demo_path):  # noqa: ANN001
    uuid = search_and_click(qtbot, window, "颐和", "颐和新村（GL-0001）")
    tab = overview(window)
    assert window.context.selected_estate_uuid() == uuid
    assert tab.edits["name"].text() == "颐和新村"
    assert tab.edits["address"].text().startswith("南京市鼓楼区")
    assert int(tab.count_labels["households"].text()) > 0

    type_into(qtbot, tab.edits["name"], "颐和新村东区")
    assert in_file(demo_path, "GL-0001").name == "颐和新村东区"
    assert "颐和新村东区（GL-0001）" in [i.text() for i in window.tree.model.items.values()]

    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert in_file(demo_path, "GL-0001").name == "颐和新村"
    assert tab.edits["name"].text() == "颐和新村"

    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert in_file(demo_path, "GL-0001").name == "颐和新村东区"
    window.undo_action.trigger()
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert in_file(demo_path, "GL-0001").name == "颐和新村东区"
    assert tab.edits["name"].text() == "颐和新村东区"


def test_a_duplicate_code_is_refused_in_a_sentence_and_nothing_is_saved(
    qtbot, window, boxes, demo_path
):  # noqa: ANN001
    search_and_click(qtbot, window, "GL-0001", "颐和新村（GL-0001）")
    before = demo_path.read_bytes()
    tab = overview(window)
    type_into(qtbot, tab.edits["code"], "GL-0002")
    assert boxes.texts("warning") == ["小区编号 GL-0002 已被使用。"]
    assert tab.edits["code"].text() == "GL-0001"
    assert in_file(demo_path, "GL-0001").name == "颐和新村"
    assert window.context.undo_stack.count() == 0
    assert not window.undo_action.isEnabled()
    assert demo_path.read_bytes() == before


def test_a_bad_year_is_refused_and_the_field_shows_the_saved_value(qtbot, window, boxes, demo_path):  # noqa: ANN001
    search_and_click(qtbot, window, "颐和", "颐和新村（GL-0001）")
    tab = overview(window)
    saved = in_file(demo_path, "GL-0001").year_built
    tab.edits["year_built"].setText(
        "1700"
    )  # the validator would stop typing it; a paste can still try
    tab.edits["year_built"].editingFinished.emit()
    assert len(boxes.texts("warning")) == 1 and "1700" in boxes.texts("warning")[0]
    assert in_file(demo_path, "GL-0001").year_built == saved
    assert tab.edits["year_built"].text() == str(saved)


def test_changing_the_stage_recolours_the_tree_and_undo_restores_it(qtbot, window, demo_path):  # noqa: ANN001
    uuid = search_and_click(qtbot, window, "颐和", "颐和新村（GL-0001）")
    tab = overview(window)
    old = in_file(demo_path, "GL-0001").stage
    new = Stage.DESIGN if old != Stage.DESIGN else Stage.CONSTRUCTION
    tab.stage.setCurrentIndex(tab.stage.findData(str(new)))
    tab.stage.activated.emit(tab.stage.currentIndex())
    assert in_file(demo_path, "GL-0001").stage == new
    assert window.tree.model.items[("estate", uuid)].foreground().color() == STAGE_COLOURS[new]
    window.undo_action.trigger()
    assert in_file(demo_path, "GL-0001").stage == old
    assert window.tree.model.items[("estate", uuid)].foreground().color() == STAGE_COLOURS[old]


def test_moving_an_estate_to_another_district_moves_it_in_the_tree_and_back(
    qtbot, window, demo_path
):  # noqa: ANN001
    uuid = search_and_click(qtbot, window, "颐和", "颐和新村（GL-0001）")
    type_into(qtbot, overview(window).edits["district"], "玄武区")
    item = window.tree.model.items[("estate", uuid)]
    assert item.parent().parent().text() == "玄武区" or item.parent().text() == "玄武区"
    assert in_file(demo_path, "GL-0001").district == "玄武区"
    window.undo_action.trigger()
    item = window.tree.model.items[("estate", uuid)]
    assert item.parent().parent().text() == "鼓楼区"
    assert in_file(demo_path, "GL-0001").district == "鼓楼区"


def test_selecting_a_unit_shows_its_estate(qtbot, window):  # noqa: ANN001
    uuid = search_and_click(qtbot, window, "颐和", "颐和新村（GL-0001）")
    estate_item = window.tree.model.items[("estate", uuid)]
    unit = estate_item.child(0).child(0)
    window.tree.view.setCurrentIndex(window.tree.proxy.mapFromSource(unit.index()))
    assert window.context.selection() == ("unit", unit.data(UUID_ROLE))
    assert window.context.selected_estate_uuid() == uuid
    assert overview(window).edits["code"].text() == "GL-0001"


def test_choosing_a_district_shows_a_hint_not_an_empty_form(qtbot, window):  # noqa: ANN001
    district = window.tree.model.items[("district", "鼓楼区")]
    window.tree.view.setCurrentIndex(window.tree.proxy.mapFromSource(district.index()))
    tab = overview(window)
    assert window.context.selected_estate_uuid() is None
    assert tab.empty_hint.isVisible() and not tab.form_box.isVisible()


def test_tabs_are_in_order_and_every_one_loads(window):  # noqa: ANN001
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["地图", "概况", "检查表", "意见征询", "照片", "计划与管理", "报告", "统计"]
    tabs = [window.tab(i) for i in range(window.tabs.count())]
    assert [t.message.text() for t in tabs if isinstance(t, PlaceholderTab)] == []


def test_status_bar_names_the_file_and_says_it_is_editable(window, demo_path):  # noqa: ANN001
    assert demo_path.name in window.file_label.text()
    assert window.file_label.toolTip() == str(demo_path)
    assert "可编辑" in window.file_label.text()
    assert demo_path.name in window.windowTitle()


def test_tabs_are_built_when_first_shown(window):  # noqa: ANN001
    lazy = window.tabs.widget(5)
    assert lazy.tab is None  # the Reports tab costs nothing until it is opened
    window.tabs.setCurrentIndex(5)
    assert lazy.tab is not None and lazy.tab.parent() is lazy


def test_after_start_up_icons_and_field_copy_actions_are_in_place(qtbot, window):  # noqa: ANN001
    qtbot.waitUntil(lambda: window.exchange is not None, timeout=5000)
    assert not window.open_action.icon().isNull() and not window.tabs.tabIcon(1).isNull()
    texts = [a.text() for a in window.file_menu.actions()]
    assert texts[-1] == "退出(&X)"
    assert texts.index("导出外业副本(&E)…") < texts.index("退出(&X)")
    estate_item = next(
        item for (kind, _), item in window.tree.model.items.items() if kind == "building"
    )
    assert not estate_item.icon().isNull()


def test_an_estate_moved_to_the_trash_leaves_the_overview(qtbot, window):  # noqa: ANN001
    estate = window.context.project.estates.resolve("GL-0001")
    window.context.select("estate", estate.uuid)
    tab = overview(window)
    assert tab.form_box.isVisible()
    window.context.project.estates.delete(estate.uuid)
    window.context.notify_changed("estates")
    assert not tab.form_box.isVisible() and tab.empty_hint.isVisible()
    assert ("estate", estate.uuid) not in window.tree.model.items
