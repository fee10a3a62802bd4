"""New, edit, delete and restore estates, buildings, units and households: the Edit menu and the tree's menu."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.project import Project
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.error_dialogs import show_error
from retrofit_app.gui.undo.hierarchy import push_saved

if TYPE_CHECKING:
    from retrofit_app.gui.dialogs.estate_dialog import EstateDialog
    from retrofit_app.gui.dialogs.household_dialog import HouseholdsDialog
    from retrofit_app.gui.estate_tree import EstateTree

TABLES = {"estate": "estates", "building": "buildings", "unit": "units", "household": "households"}
PARENT_KIND = {"building": "estate", "unit": "building"}


class HierarchyActions(QObject):
    """The actions, enabled for what is selected; every change goes onto the context's undo stack.

    `show_tab(name)` brings a tab of the window forward (the map, to place what was just made).
    """

    def __init__(
        self,
        window: QWidget,
        context: AppContext,
        tree: EstateTree,
        show_tab: Callable[[str], QWidget],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.tree = tree
        self.show_tab = show_tab
        self.households_dialog: HouseholdsDialog | None = None
        self.new_estate_action = self._action(self.tr("新建小区(&E)…"), self.new_estate)
        self.new_building_action = self._action(self.tr("新建楼栋(&B)…"), self.new_building)
        self.new_unit_action = self._action(self.tr("新建单元(&N)…"), self.new_unit)
        self.new_household_action = self._action(self.tr("新建住户(&H)…"), self.new_household)
        self.households_action = self._action(self.tr("单元住户(&L)…"), self.show_households)
        self.edit_action = self._action(self.tr("编辑所选(&I)…"), self.edit_selected, "F2")
        self.delete_action = self._action(self.tr("删除所选(&D)…"), self.delete_selected, "Del")
        self.trash_action = self._action(self.tr("回收站(&T)…"), self.show_trash)
        # F2 and Del act on the tree only: elsewhere (a text field, the photo list) they are theirs.
        for action in (self.edit_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tree.view.addAction(action)
        tree.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.view.customContextMenuRequested.connect(self._on_tree_context_menu_requested)
        tree.new_estate_requested.connect(self.new_estate)
        context.selection_changed.connect(lambda _kind, _uuid: self.update_enabled())
        context.project_changed.connect(self.update_enabled)
        self.update_enabled()

    def _action(self, text: str, slot: Callable[[], object], shortcut: str = "") -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def actions(self) -> list[QAction | None]:
        """In menu order; None is a separator."""
        return [self.new_estate_action, self.new_building_action, self.new_unit_action,
                self.new_household_action, None, self.households_action, self.edit_action,
                self.delete_action, None, self.trash_action]  # fmt: skip

    def add_to(self, menu: QMenu) -> None:
        menu.addSeparator()
        for action in self.actions():
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)

    # ------------------------------------------------------------ state
    def _project(self) -> Project | None:
        project = self.context.project
        return project if project is not None and not project.readonly else None

    def _selected_building(self) -> str | None:
        kind, uuid = self.context.selection()
        if kind == "building":
            return uuid
        if kind == "unit":
            return self._parent_of("unit", uuid)
        return None

    def update_enabled(self) -> None:
        writable = self._project() is not None
        kind, uuid = self.context.selection()
        self.new_estate_action.setEnabled(writable)
        self.new_building_action.setEnabled(writable and bool(self.context.selected_estate_uuid()))
        self.new_unit_action.setEnabled(writable and kind in ("building", "unit") and bool(uuid))
        for action in (self.new_household_action, self.households_action):
            action.setEnabled(writable and kind == "unit" and bool(uuid))
        for action in (self.edit_action, self.delete_action):
            action.setEnabled(writable and kind in TABLES and bool(uuid))
        self.trash_action.setEnabled(writable)

    def _on_tree_context_menu_requested(self, pos: QPoint) -> None:
        index = self.tree.view.indexAt(pos)
        if index.isValid():
            self.tree.view.setCurrentIndex(index)  # selects it in the context as well
        menu = QMenu(self.tree.view)
        kind = self.context.selection()[0] if index.isValid() else ""
        wanted = {
            "estate": [self.new_building_action, None, self.edit_action, self.delete_action],
            "building": [self.new_unit_action, None, self.edit_action, self.delete_action],
            "unit": [
                self.new_household_action,
                self.households_action,
                None,
                self.edit_action,
                self.delete_action,
            ],  # fmt: skip
        }.get(kind, [])
        for action in [self.new_estate_action, *wanted, None, self.trash_action]:
            menu.addSeparator() if action is None else menu.addAction(action)
        self.context_menu = menu  # tests look at it
        menu.popup(self.tree.view.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------ helpers
    def _error(self, error: RetrofitError) -> None:
        show_error(self.window, error, self.context.settings.lang)

    def _language(self) -> str:
        return self.context.settings.lang

    def _parent_of(self, kind: str, uuid: str) -> str | None:
        project = self.context.project
        try:
            if kind == "building":
                return project.buildings.get(uuid).estate_uuid
            if kind == "unit":
                return project.buildings.get_unit(uuid).building_uuid
            if kind == "household":
                return project.households.get(uuid).unit_uuid
        except RetrofitError:
            return None
        return None

    def _label(self, kind: str, uuid: str) -> str:
        project = self.context.project
        if kind == "estate":
            return project.estates.get(uuid).name
        if kind == "building":
            return project.buildings.get(uuid).name
        if kind == "unit":
            unit = project.buildings.get_unit(uuid)
            return f"{project.buildings.get(unit.building_uuid).name} {unit.name}"
        return project.households.get(uuid).room

    def _kind_name(self, kind: str) -> str:
        return {"estate": self.tr("小区"), "building": self.tr("楼栋"), "unit": self.tr("单元"),
                "household": self.tr("住户")}[kind]  # fmt: skip

    def _trash_steps(self, kind: str, uuid: str) -> tuple[Callable[[], None], Callable[[], None]]:
        """(move to trash, bring back) for one record, through its service."""
        project = self.context.project
        delete, restore = {
            "estate": (project.estates.delete, project.estates.restore),
            "building": (project.buildings.delete, project.buildings.restore),
            "unit": (project.buildings.delete_unit, project.buildings.restore_unit),
            "household": (project.households.delete, project.households.restore),
        }[kind]

        def gone() -> None:
            delete(uuid)
            if self.context.selection() == (kind, uuid):
                # The tree no longer has it: its parent (or nothing) is selected instead.
                parent = PARENT_KIND.get(kind)
                self.context.select(parent or "", (parent and self._parent_of(kind, uuid)) or "")

        return gone, lambda: restore(uuid)

    def _created(self, kind: str, uuid: str, name: str) -> None:
        """Undo step for a record just created; it becomes the selection."""
        gone, back = self._trash_steps(kind, uuid)
        text = self.tr("新建{0}“{1}”").format(self._kind_name(kind), name)
        push_saved(self.context, text, back, gone, (TABLES[kind],), self._error)
        if kind != "household":
            self.context.select(kind, uuid)
        self.context.show_status(self.tr("已{0}。").format(text))

    def _edited(self, kind: str, name: str, update: Callable[..., object], uuid: str,
                new: dict, old: dict) -> None:  # fmt: skip
        """Undo step for an edit saved as `update(uuid, **new)`; undo is `update(uuid, **old)`."""
        if not old:
            return  # nothing changed
        text = self.tr("编辑{0}“{1}”").format(self._kind_name(kind), name)
        push_saved(self.context, text, lambda: update(uuid, **new), lambda: update(uuid, **old),
                   (TABLES[kind],), self._error)  # fmt: skip

    # ------------------------------------------------------------ new
    def new_estate(self) -> None:
        project = self._project()
        if project is None:
            return
        from retrofit_app.gui.dialogs.estate_dialog import EstateDialog

        dialog = EstateDialog(project.estates, language=self._language(), parent=self.window)
        self._suggest_place(dialog)
        if dialog.exec() != EstateDialog.DialogCode.Accepted or dialog.estate is None:
            return
        self._created("estate", dialog.estate.uuid, dialog.estate.name)
        if dialog.pick_on_map:
            self.show_tab("map").editor.start_place_point()

    def _suggest_place(self, dialog: EstateDialog) -> None:
        """A new estate starts in the district (and street) of what is selected in the tree."""
        kind, uuid = self.context.selection()
        estate_uuid = self.context.selected_estate_uuid()
        if kind == "district":
            dialog.district_combo.setCurrentText(uuid)
        elif estate_uuid:
            near = self.context.project.estates.get(estate_uuid)
            dialog.district_combo.setCurrentText(near.district)
            dialog.street_edit.setText(near.street)

    def new_building(self) -> None:
        project = self._project()
        estate_uuid = self.context.selected_estate_uuid()
        if project is None or not estate_uuid:
            return
        from retrofit_app.gui.dialogs.building_dialog import BuildingDialog

        dialog = BuildingDialog(
            project.buildings, estate_uuid, language=self._language(), parent=self.window
        )
        if dialog.exec() != BuildingDialog.DialogCode.Accepted or dialog.building is None:
            return
        self._created("building", dialog.building.uuid, dialog.building.name)
        if dialog.draw_on_map:
            self.show_tab("map").editor.start_polygon()

    def new_unit(self) -> None:
        project = self._project()
        building_uuid = self._selected_building()
        if project is None or not building_uuid:
            return
        from retrofit_app.gui.dialogs.building_dialog import UnitDialog

        dialog = UnitDialog(
            project.buildings, building_uuid, language=self._language(), parent=self.window
        )
        if dialog.exec() == UnitDialog.DialogCode.Accepted and dialog.unit is not None:
            self._created("unit", dialog.unit.uuid, dialog.unit.name)

    def new_household(self, parent: QWidget | None = None) -> str | None:
        """The uuid of the household made, None when cancelled."""
        project = self._project()
        kind, unit_uuid = self.context.selection()
        if project is None or kind != "unit":
            return None
        from retrofit_app.gui.dialogs.household_dialog import HouseholdDialog

        dialog = HouseholdDialog(
            project.households, unit_uuid, language=self._language(), parent=parent or self.window
        )
        if dialog.exec() != HouseholdDialog.DialogCode.Accepted or dialog.household is None:
            return None
        self._created("household", dialog.household.uuid, dialog.household.room)
        return dialog.household.uuid

    # ------------------------------------------------------------ edit
    def edit_selected(self) -> None:
        kind, uuid = self.context.selection()
        if self._project() is None or kind not in TABLES or not uuid:
            return
        {"estate": self.edit_estate, "building": self.edit_building, "unit": self.edit_unit}[kind](
            uuid
        )

    def edit_estate(self, uuid: str) -> None:
        from retrofit_app.gui.dialogs.estate_dialog import EstateDialog

        service = self.context.project.estates
        dialog = EstateDialog(
            service, service.get(uuid), language=self._language(), parent=self.window
        )
        if dialog.exec() != EstateDialog.DialogCode.Accepted:
            return
        self._edited("estate", dialog.estate.name, service.update, uuid, dialog.changes, dialog.old)
        if dialog.pick_on_map:
            self.show_tab("map").editor.start_place_point()

    def edit_building(self, uuid: str) -> None:
        from retrofit_app.gui.dialogs.building_dialog import BuildingDialog

        service = self.context.project.buildings
        building = service.get(uuid)
        dialog = BuildingDialog(service, building.estate_uuid, building,
                                language=self._language(), parent=self.window)  # fmt: skip
        if dialog.exec() != BuildingDialog.DialogCode.Accepted:
            return
        self._edited("building", dialog.building.name, service.update, uuid, dialog.changes,
                     dialog.old)  # fmt: skip
        if dialog.draw_on_map:
            self.show_tab("map").editor.start_polygon()

    def edit_unit(self, uuid: str) -> None:
        from retrofit_app.gui.dialogs.building_dialog import UnitDialog

        service = self.context.project.buildings
        unit = service.get_unit(uuid)
        dialog = UnitDialog(service, unit.building_uuid, unit, language=self._language(),
                            parent=self.window)  # fmt: skip
        if dialog.exec() == UnitDialog.DialogCode.Accepted:
            self._edited("unit", dialog.unit.name, service.update_unit, uuid, dialog.changes,
                         dialog.old)  # fmt: skip

    def edit_household(self, uuid: str, parent: QWidget | None = None) -> bool:
        """True when something was changed (and an undo step pushed)."""
        from retrofit_app.gui.dialogs.household_dialog import HouseholdDialog, household_fields

        service = self.context.project.households
        before = service.get(uuid)
        dialog = HouseholdDialog(service, before.unit_uuid, before, language=self._language(),
                                 parent=parent or self.window)  # fmt: skip
        if dialog.exec() != HouseholdDialog.DialogCode.Accepted or not dialog.changed:
            return False
        after = dialog.household
        new = {"owners": after.owners, **household_fields(after)}
        old = {"owners": before.owners, **household_fields(before)}
        self._edited("household", after.room, service.update, uuid, new, old)
        return True

    # ------------------------------------------------------------ delete, restore
    def delete_selected(self) -> None:
        kind, uuid = self.context.selection()
        if self._project() is None or kind not in TABLES or not uuid:
            return
        self.delete(kind, uuid)

    def delete(self, kind: str, uuid: str, parent: QWidget | None = None) -> bool:
        """After a confirmation, move the record to the trash (undoable); True when done."""
        name = self._label(kind, uuid)
        below = {
            "estate": self.tr("它的楼栋、单元和住户随它一起移入回收站。"),
            "building": self.tr("它的单元和住户随它一起移入回收站。"),
            "unit": self.tr("它的住户随它一起移入回收站。"),
        }.get(kind, "")
        question = self.tr("删除{0}“{1}”？").format(self._kind_name(kind), name)
        way_back = self.tr("可以撤销，也可以从“编辑 → 回收站”恢复。")
        answer = QMessageBox.question(
            parent or self.window, self.tr("删除"), f"{question}\n{below}{way_back}"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        gone, back = self._trash_steps(kind, uuid)
        text = self.tr("删除{0}“{1}”").format(self._kind_name(kind), name)
        return self._step(kind, gone, back, text, self.tr("已{0}，可撤销。").format(text))

    def restore(self, kind: str, uuid: str) -> bool:
        gone, back = self._trash_steps(kind, uuid)
        text = self.tr("恢复{0}“{1}”").format(self._kind_name(kind), self._label(kind, uuid))
        return self._step(kind, back, gone, text, self.tr("已{0}。").format(text))

    def _step(
        self, kind: str, forward: Callable[[], None], backward: Callable[[], None], text: str,
        status: str,
    ) -> bool:  # fmt: skip
        """Make `forward` now and push it as one undo step; a refusal is shown, nothing pushed."""
        try:
            forward()
        except RetrofitError as error:
            self._error(error)
            return False
        push_saved(self.context, text, forward, backward, (TABLES[kind],), self._error)
        self.context.show_status(status)
        return True

    # ------------------------------------------------------------ list dialogs
    def show_trash(self) -> None:
        project = self._project()
        if project is None:
            return
        from retrofit_app.gui.dialogs.trash_dialog import TrashDialog

        dialog = TrashDialog(project.estates, project.buildings, project.households,
                             self.context.selected_estate_uuid(), self.window)  # fmt: skip
        dialog.restore_requested.connect(
            lambda kind, uuid: self.restore(kind, uuid) and dialog.reload()
        )
        self.trash_dialog = dialog  # tests reach it while it is open
        dialog.exec()

    def show_households(self) -> None:
        project = self._project()
        kind, unit_uuid = self.context.selection()
        if project is None or kind != "unit":
            return
        from retrofit_app.gui.dialogs.household_dialog import HouseholdsDialog

        dialog = HouseholdsDialog(project.households, unit_uuid, self._label("unit", unit_uuid),
                                  self.window)  # fmt: skip
        dialog.new_requested.connect(lambda: dialog.reload(self.new_household(dialog)))
        dialog.edit_requested.connect(
            lambda uuid: self.edit_household(uuid, dialog) and dialog.reload()
        )
        dialog.delete_requested.connect(
            lambda uuid: self.delete("household", uuid, dialog) and dialog.reload()
        )
        dialog.restore_requested.connect(lambda uuid: self.restore("household", uuid) and dialog.reload())  # fmt: skip
        self.households_dialog = dialog
        dialog.exec()
        self.households_dialog = None
