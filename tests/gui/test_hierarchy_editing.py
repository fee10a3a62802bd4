"""Estates, buildings, units and households made, edited, trashed and restored in the window alone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from retrofit_app.core.project import Project
from retrofit_app.gui.dialogs.building_dialog import BuildingDialog, UnitDialog
from retrofit_app.gui.dialogs.estate_dialog import EstateDialog
from retrofit_app.gui.dialogs.household_dialog import HouseholdDialog, HouseholdsDialog
from retrofit_app.gui.dialogs.trash_dialog import TrashDialog
from retrofit_app.gui.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton


def when_shown(kind: type[QWidget], act: Callable[[QWidget], None]) -> list[QWidget]:
    """Run `act` on the next modal dialog of `kind` once it is open (exec() blocks the test)."""
    seen: list[QWidget] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible() and dialog not in seen:
            seen.append(dialog)
            try:
                act(dialog)
            except BaseException:
                dialog.reject()  # the test fails with the error instead of waiting forever
                raise
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return seen


def type_into(qtbot, edit, text: str) -> None:  # noqa: ANN001
    """Keys for ASCII; Chinese arrives whole, as an input method commits it (QTest types ASCII only)."""
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.setFocus()
        edit.insert(text)


def press_enter(qtbot, widget) -> None:  # noqa: ANN001
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def settle_warm_up(qtbot) -> None:  # noqa: ANN001
    """Let the tab modules' warm-up imports (registry.warm_up, 1.5 s after start-up) run first."""
    qtbot.wait(1700)


@pytest.fixture
def empty_window(qtbot, context, boxes, monkeypatch, tmp_path):  # noqa: ANN001
    """The window on a project made with File → New, as a user starts."""
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(lambda: main.started_up, timeout=10_000)
    settle_warm_up(qtbot)
    target = tmp_path / "新项目.gpkg"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    main.new_action.trigger()
    assert context.project is not None and context.project.path.name == "新项目.gpkg"
    return main


@pytest.fixture
def say_yes(monkeypatch) -> list[str]:  # noqa: ANN001
    asked: list[str] = []

    def question(_parent, _title, text, *args, **kwargs):  # noqa: ANN001, ANN202
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def focus_tree(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """Keys reach the tree's shortcuts only in the active window, with the tree focused."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.tree.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.tree.view)


def menu_action(menu, text: str):  # noqa: ANN001, ANN201
    found = [a for a in menu.actions() if a.text().startswith(text)]
    assert found, [a.text() for a in menu.actions()]
    return found[0]


def fill_estate(qtbot, dialog: EstateDialog) -> None:  # noqa: ANN001
    type_into(qtbot, dialog.name_edit, "清凉山小区")
    type_into(qtbot, dialog.district_combo.lineEdit(), "鼓楼区")
    type_into(qtbot, dialog.street_edit, "华严岗街道")
    type_into(qtbot, dialog.community_edit, "清凉山社区")
    type_into(qtbot, dialog.address_edit, "清凉山路 12 号")
    type_into(qtbot, dialog.year_edit, "1988")
    type_into(qtbot, dialog.lon_edit, "118.7601")
    type_into(qtbot, dialog.lat_edit, "32.0580")
    assert not dialog.pick_check.isChecked()  # typed coordinates place it
    press_enter(qtbot, dialog.name_edit)


def fill_household(qtbot, room: str, floor: str, owners: list[tuple[str, str, str]], rented=False):  # noqa: ANN001, ANN201
    def act(dialog: HouseholdDialog) -> None:
        type_into(qtbot, dialog.room_edit, room)
        type_into(qtbot, dialog.floor_edit, floor)
        type_into(qtbot, dialog.area_edit, "56.3")
        if rented:
            qtbot.keyClick(dialog.rented_check, Qt.Key.Key_Space)
            type_into(qtbot, dialog.tenant_edit, "赵租客")
        for name, id_number, phone in owners:
            qtbot.mouseClick(dialog.add_owner_button, LEFT)
            row = dialog.owners_table.rowCount() - 1
            for column, text in enumerate((name, id_number, phone)):
                dialog.owners_table.item(row, column).setText(text)
        qtbot.mouseClick(dialog.save_button, LEFT)

    return act


def open_context_menu(qtbot, window: MainWindow, kind: str, uuid: str):  # noqa: ANN001, ANN201
    view = window.tree.view
    index = window.tree.index_of(kind, uuid)
    view.scrollTo(index)
    view.customContextMenuRequested.emit(view.visualRect(index).center())
    menu = window.hierarchy.context_menu
    menu.close()
    return menu


def build_hierarchy(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """Estate (empty tree's button), building (Edit menu), unit (tree menu), two households."""
    context = window.context
    when_shown(EstateDialog, lambda d: fill_estate(qtbot, d))
    qtbot.mouseClick(window.tree.new_estate_button, LEFT)
    estate = context.project.estates.list()[0]
    assert context.selection() == ("estate", estate.uuid)
    assert window.tree.view.isVisible() and not window.tree.empty_pane.isVisible()

    def fill_building(dialog: BuildingDialog) -> None:
        type_into(qtbot, dialog.name_edit, "3幢")
        type_into(qtbot, dialog.storeys_edit, "6")
        dialog.structure_combo.setCurrentIndex(dialog.structure_combo.findData("砖混"))
        type_into(qtbot, dialog.year_edit, "1988")
        dialog.grade_combo.setCurrentIndex(dialog.grade_combo.findData("C"))
        qtbot.mouseClick(dialog.save_button, LEFT)

    when_shown(BuildingDialog, fill_building)
    menu_action(window.edit_menu, "新建楼栋").trigger()
    building = context.project.buildings.of_estate(estate.uuid)[0]
    assert context.selection() == ("building", building.uuid)

    def fill_unit(dialog: UnitDialog) -> None:
        type_into(qtbot, dialog.name_edit, "1单元")
        press_enter(qtbot, dialog.name_edit)

    when_shown(UnitDialog, fill_unit)
    menu_action(open_context_menu(qtbot, window, "building", building.uuid), "新建单元").trigger()
    unit = context.project.buildings.units(building.uuid)[0]
    assert context.selection() == ("unit", unit.uuid)

    def in_list(dialog: HouseholdsDialog) -> None:
        when_shown(
            HouseholdDialog,
            fill_household(qtbot, "101", "1", [("张三", "320102195001011234", "13812345678")]),
        )
        qtbot.mouseClick(dialog.new_button, LEFT)
        when_shown(
            HouseholdDialog,
            fill_household(
                qtbot, "102", "1",
                [("李四", "320102196002021235", "13900001111"), ("王五", "", "025-83001234")],
                rented=True,
            ),
        )  # fmt: skip
        qtbot.mouseClick(dialog.new_button, LEFT)
        assert dialog.table.rowCount() == 2
        dialog.reject()

    when_shown(HouseholdsDialog, in_list)
    menu_action(open_context_menu(qtbot, window, "unit", unit.uuid), "单元住户").trigger()


def test_a_new_project_builds_estate_building_unit_and_households_in_the_window(
    qtbot, empty_window
):  # noqa: ANN001
    window = empty_window
    assert window.tree.empty_pane.isVisible() and window.tree.new_estate_button.isVisible()
    assert "还没有小区" in window.tree.empty_label.text()
    build_hierarchy(qtbot, window)
    path = window.context.project.path
    window.context.set_project(None)  # closes the file as the user would

    with Project(path, readonly=True) as project:
        (estate,) = project.estates.list()
        assert (estate.name, estate.district, estate.street, estate.community) == (
            "清凉山小区", "鼓楼区", "华严岗街道", "清凉山社区")  # fmt: skip
        assert estate.code == "GL-0001" and estate.year_built == 1988
        assert (round(estate.lon, 4), round(estate.lat, 4)) == (118.7601, 32.058)
        (building,) = project.buildings.of_estate(estate.uuid)
        assert (building.name, building.storeys, building.structure, building.year_built,
                building.safety_grade, building.geometry) == ("3幢", 6, "砖混", 1988, "C", None)  # fmt: skip
        (unit,) = project.buildings.units(building.uuid)
        assert unit.name == "1单元"
        first, second = project.households.of_unit(unit.uuid)
        assert (first.room, first.floor, first.area, first.rented) == ("101", 1, 56.3, False)
        assert [(o.name, o.id_number, o.phone) for o in first.owners] == [
            ("张三", "320102195001011234", "13812345678")
        ]
        assert (second.room, second.rented, second.tenant_name) == ("102", True, "赵租客")
        assert [o.name for o in second.owners] == ["李四", "王五"]  # co-owners, in order


def test_edit_delete_undo_redo_and_restore_from_the_trash(
    qtbot, empty_window, say_yes, qtmodeltester
):  # noqa: ANN001
    window = empty_window
    context = window.context
    build_hierarchy(qtbot, window)
    project = context.project
    estate = project.estates.list()[0]
    building = project.buildings.of_estate(estate.uuid)[0]

    # F2 on the tree edits the selected estate.
    context.select("estate", estate.uuid)
    focus_tree(qtbot, window)

    def rename(dialog: EstateDialog) -> None:
        assert dialog.year_edit.text() == "1988"  # not "1,988"
        type_into(qtbot, dialog.name_edit, "清凉山新村")
        press_enter(qtbot, dialog.name_edit)

    when_shown(EstateDialog, rename)
    qtbot.keyClick(window.tree.view, Qt.Key.Key_F2)
    assert project.estates.get(estate.uuid).name == "清凉山新村"
    assert "清凉山新村（GL-0001）" in window.tree.visible_estates()
    window.undo_action.trigger()
    assert project.estates.get(estate.uuid).name == "清凉山小区"
    window.redo_action.trigger()
    assert project.estates.get(estate.uuid).name == "清凉山新村"

    # Del on the tree moves the building to the trash after asking.
    context.select("building", building.uuid)
    focus_tree(qtbot, window)
    qtbot.keyClick(window.tree.view, Qt.Key.Key_Delete)
    assert say_yes and "3幢" in say_yes[-1]
    assert project.buildings.of_estate(estate.uuid) == []
    assert ("building", building.uuid) not in window.tree.model.items
    assert context.selection() == ("estate", estate.uuid)
    window.undo_action.trigger()
    assert [b.uuid for b in project.buildings.of_estate(estate.uuid)] == [building.uuid]
    assert ("building", building.uuid) in window.tree.model.items
    window.redo_action.trigger()
    assert project.buildings.of_estate(estate.uuid) == []

    # The trash lists it; Restore brings it back with its unit and households.
    def restore(dialog: TrashDialog) -> None:
        qtmodeltester.check(dialog.table.model())
        labels = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
        assert labels == ["清凉山新村 › 3幢"]
        qtbot.mouseClick(dialog.restore_button, LEFT)
        assert dialog.table.rowCount() == 0
        dialog.reject()

    when_shown(TrashDialog, restore)
    menu_action(window.edit_menu, "回收站").trigger()
    assert [b.uuid for b in project.buildings.of_estate(estate.uuid)] == [building.uuid]
    unit = project.buildings.units(building.uuid)[0]
    assert len(project.households.of_unit(unit.uuid)) == 2
    window.undo_action.trigger()  # undoing the restore trashes it again
    assert project.buildings.of_estate(estate.uuid) == []


def test_a_household_edit_and_its_owners_undo_together(qtbot, empty_window, say_yes, qtmodeltester):  # noqa: ANN001
    window = empty_window
    build_hierarchy(qtbot, window)
    project = window.context.project
    unit = project.buildings.units(
        project.buildings.of_estate(project.estates.list()[0].uuid)[0].uuid
    )[0]
    second = project.households.of_unit(unit.uuid)[1]
    window.context.select("unit", unit.uuid)

    def drop_co_owner(dialog: HouseholdDialog) -> None:
        dialog.owners_table.setCurrentCell(1, 0)
        qtbot.mouseClick(dialog.remove_owner_button, LEFT)
        type_into(qtbot, dialog.floor_edit, "2")
        qtbot.mouseClick(dialog.save_button, LEFT)

    def in_list(dialog: HouseholdsDialog) -> None:
        qtmodeltester.check(dialog.table.model())
        dialog.table.selectRow(1)
        when_shown(HouseholdDialog, drop_co_owner)
        qtbot.mouseClick(dialog.edit_button, LEFT)
        assert (
            "李四" in dialog.table.item(1, 4).text()
            and "王五" not in dialog.table.item(1, 4).text()
        )
        dialog.table.selectRow(0)
        qtbot.mouseClick(dialog.delete_button, LEFT)  # asks, then trashes 101
        assert dialog.table.rowCount() == 1
        qtbot.keyClick(dialog.show_deleted, Qt.Key.Key_Space)
        rooms = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
        dialog.table.selectRow(rooms.index("101"))
        assert dialog.restore_button.isEnabled() and not dialog.delete_button.isEnabled()
        qtbot.mouseClick(dialog.restore_button, LEFT)
        assert not dialog.restore_button.isEnabled() and dialog.delete_button.isEnabled()
        dialog.reject()

    when_shown(HouseholdsDialog, in_list)
    menu_action(window.edit_menu, "单元住户").trigger()
    edited = project.households.get(second.uuid)
    assert edited.floor == 2 and [o.name for o in edited.owners] == ["李四"]
    assert sorted(h.room for h in project.households.of_unit(unit.uuid)) == ["101", "102"]
    window.undo_action.trigger()  # the restore
    assert [h.room for h in project.households.of_unit(unit.uuid)] == ["102"]
    window.undo_action.trigger()  # the deletion
    window.undo_action.trigger()  # the edit: floor and co-owner come back together
    back = project.households.get(second.uuid)
    assert back.floor == 1 and [o.name for o in back.owners] == ["李四", "王五"]
    assert [h.room for h in project.households.of_unit(unit.uuid)] == ["101", "102"]


def test_the_empty_trees_button_opens_the_new_estate_dialog_and_esc_leaves_nothing(
    qtbot, empty_window
):  # noqa: ANN001
    window = empty_window
    seen = when_shown(EstateDialog, lambda d: qtbot.keyClick(d, Qt.Key.Key_Escape))
    qtbot.mouseClick(window.tree.new_estate_button, LEFT)
    assert seen and seen[0].windowTitle() == "新建小区"
    assert window.context.project.estates.list() == []
    assert window.tree.empty_pane.isVisible()


def test_a_refused_value_is_shown_in_words_and_the_dialog_keeps_what_was_typed(
    qtbot, empty_window, boxes
):  # noqa: ANN001
    window = empty_window

    def bad_year(dialog: EstateDialog) -> None:
        type_into(qtbot, dialog.name_edit, "老小区")
        type_into(qtbot, dialog.district_combo.lineEdit(), "秦淮区")
        assert "QH-0001" in dialog.code_edit.placeholderText()
        type_into(qtbot, dialog.year_edit, "1700")
        press_enter(qtbot, dialog.name_edit)
        assert dialog.isVisible() and dialog.name_edit.text() == "老小区"
        type_into(qtbot, dialog.name_edit, "")
        press_enter(qtbot, dialog.year_edit)
        assert dialog.isVisible()
        dialog.reject()

    when_shown(EstateDialog, bad_year)
    menu_action(window.edit_menu, "新建小区").trigger()
    warnings = boxes.texts("warning")
    assert any("建成年份" in text and "1700" in text for text in warnings), warnings
    assert any("名称" in text for text in warnings[1:]), warnings
    assert window.context.project.estates.list() == []


def test_the_tree_menu_offers_what_fits_the_item(qtbot, empty_window):  # noqa: ANN001
    window = empty_window
    build_hierarchy(qtbot, window)
    project = window.context.project
    estate = project.estates.list()[0]
    texts = [a.text() for a in open_context_menu(qtbot, window, "estate", estate.uuid).actions()]
    assert any(t.startswith("新建楼栋") for t in texts) and any(
        t.startswith("删除所选") for t in texts
    )
    assert not any(t.startswith("新建住户") for t in texts)

    def starts_beside(dialog: EstateDialog) -> None:  # a new estate starts where the selection is
        assert dialog.district_combo.currentText() == "鼓楼区"
        assert dialog.street_edit.text() == "华严岗街道"
        dialog.reject()

    when_shown(EstateDialog, starts_beside)
    menu_action(window.hierarchy.context_menu, "新建小区").trigger()
    empty_spot = QPoint(5, window.tree.view.viewport().height() - 5)
    window.tree.view.customContextMenuRequested.emit(empty_spot)
    window.hierarchy.context_menu.close()
    assert [a.text() for a in window.hierarchy.context_menu.actions() if a.text()][0].startswith(
        "新建小区"
    )


def test_nothing_can_be_added_to_a_read_only_project(qtbot, context, boxes, project_path):  # noqa: ANN001
    Project.create(project_path).close()
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert window.open_project(project_path, readonly=True)
    window.show()
    qtbot.waitUntil(lambda: window.started_up, timeout=10_000)
    settle_warm_up(qtbot)
    assert not window.tree.new_estate_button.isVisible()
    assert not menu_action(window.edit_menu, "新建小区").isEnabled()


def test_a_new_estate_without_coordinates_is_placed_by_a_click_on_the_map(qtbot, empty_window):  # noqa: ANN001
    window = empty_window

    def name_only(dialog: EstateDialog) -> None:
        type_into(qtbot, dialog.name_edit, "无坐标小区")
        type_into(qtbot, dialog.district_combo.lineEdit(), "玄武区")
        assert dialog.pick_check.isChecked()  # no coordinates typed: pick on the map next
        press_enter(qtbot, dialog.name_edit)

    when_shown(EstateDialog, name_only)
    menu_action(window.edit_menu, "新建小区").trigger()
    project = window.context.project
    (estate,) = project.estates.list()
    assert estate.lon is None and estate.code == "XW-0001"
    map_tab = window.tabs.currentWidget().tab
    assert type(map_tab).__name__ == "MapTab" and map_tab.editor.tool is not None
    view = map_tab.view
    centre = view.viewport().rect().center()
    expected = view.projection.to_lon_lat(view.mapToScene(centre))
    qtbot.mouseClick(view.viewport(), LEFT, pos=centre)
    placed = project.estates.get(estate.uuid)
    assert (placed.lon, placed.lat) == pytest.approx(expected)
    window.undo_action.trigger()  # the placing, then the estate itself
    assert project.estates.get(estate.uuid).lon is None
    window.undo_action.trigger()
    assert project.estates.list() == []
    assert window.tree.empty_pane.isVisible()


def test_a_new_buildings_footprint_is_drawn_on_the_map_after_saving(qtbot, empty_window):  # noqa: ANN001
    window = empty_window
    project = window.context.project
    estate = project.estates.create("有楼小区", "秦淮区", lon=118.79, lat=32.02)
    window.context.notify_changed("estates")
    window.context.select("estate", estate.uuid)

    def with_footprint(dialog: BuildingDialog) -> None:
        type_into(qtbot, dialog.name_edit, "1幢")
        qtbot.keyClick(dialog.draw_check, Qt.Key.Key_Space)
        press_enter(qtbot, dialog.name_edit)

    when_shown(BuildingDialog, with_footprint)
    menu_action(window.edit_menu, "新建楼栋").trigger()
    (building,) = project.buildings.of_estate(estate.uuid)
    assert building.geometry is None
    view = window.tabs.currentWidget().tab.view
    centre = view.viewport().rect().center()
    for dx, dy in ((0, 0), (60, 0), (60, 40), (0, 40)):
        qtbot.mouseClick(view.viewport(), LEFT, pos=centre + QPoint(dx, dy))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    footprint = project.buildings.get(building.uuid).geometry
    assert footprint["type"] == "Polygon" and len(footprint["coordinates"][0]) == 5
    window.undo_action.trigger()
    assert project.buildings.get(building.uuid).geometry is None
