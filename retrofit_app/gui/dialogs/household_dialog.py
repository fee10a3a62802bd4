"""The household dialog (room, floor, area, kind, tenant, owners) and the list of a unit's households."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.households import HouseholdService
from retrofit_app.core.model import Household, HouseholdKind, Owner
from retrofit_app.core.privacy import mask_phone
from retrofit_app.gui.dialogs.buttons import actions_and_close, record_table
from retrofit_app.gui.dialogs.record_form import (
    DECIMAL,
    SIGNED_WHOLE_NUMBER,
    RecordDialog,
    coded_combo,
    number_edit,
    number_text,
    whole_number,
)
from retrofit_app.gui.view_sizing import em

KIND_TITLES = {
    HouseholdKind.INDIVIDUAL: QT_TRANSLATE_NOOP("HouseholdDialog", "个人"),
    HouseholdKind.DEVELOPER_UNSOLD: QT_TRANSLATE_NOOP("HouseholdDialog", "开发商未售"),
    HouseholdKind.ORGANISATION: QT_TRANSLATE_NOOP("HouseholdDialog", "单位"),
}


def kind_title(kind: HouseholdKind) -> str:
    return QCoreApplication.translate("HouseholdDialog", KIND_TITLES[kind])


class HouseholdDialog(RecordDialog):
    """A new household of `unit_uuid`, or `household`'s fields and owners (co-owners in order).

    Afterwards `household` is the stored one; for an edit `before` is the household as it was,
    for undo (owners included).
    """

    def __init__(
        self,
        service: HouseholdService,
        unit_uuid: str,
        household: Household | None = None,
        *,
        language: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("新建住户") if household is None else self.tr("编辑住户")
        super().__init__(title, language, parent)
        self.service = service
        self.unit_uuid = unit_uuid
        self.original = household
        self.household: Household | None = None
        self.changed = False
        self.room_edit = QLineEdit()
        self.room_edit.setPlaceholderText(self.tr("如：302"))
        self.floor_edit = number_edit(SIGNED_WHOLE_NUMBER, self.tr("如：3"))
        self.area_edit = number_edit(DECIMAL, self.tr("平方米，如 56.3"))
        self.kind_combo = coded_combo([(str(k), kind_title(k)) for k in HouseholdKind])
        self.rented_check = QCheckBox(self.tr("出租(&T)"))
        self.tenant_edit = QLineEdit()
        self.tenant_edit.setPlaceholderText(self.tr("租户姓名（可不填）"))
        self.note_edit = QLineEdit()
        self.add_row("room", self.tr("室号(&R)"), self.room_edit, required=True)
        self.add_row("floor", self.tr("楼层(&F)"), self.floor_edit)
        self.add_row("area", self.tr("面积（㎡）(&A)"), self.area_edit)
        self.add_row("kind", self.tr("类型(&K)"), self.kind_combo)
        self.add_row("rented", "", self.rented_check)
        self.add_row("tenant_name", self.tr("租户(&E)"), self.tenant_edit)
        self.add_row("note", self.tr("备注(&O)"), self.note_edit)
        self._build_owners()
        self.rented_check.toggled.connect(self.tenant_edit.setEnabled)
        if household is not None:
            self._fill(household)
        self.tenant_edit.setEnabled(self.rented_check.isChecked())

    def _build_owners(self) -> None:
        label = QLabel(self.tr("产权人(&W)：共有人依次一行一位"))
        self.owners_table = QTableWidget(0, 3)
        self.owners_table.setHorizontalHeaderLabels(
            [self.tr("姓名"), self.tr("身份证号"), self.tr("电话")]
        )
        self.owners_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.owners_table.horizontalHeader().setStretchLastSection(True)
        self.owners_table.setColumnWidth(0, 6 * em(self))
        self.owners_table.setColumnWidth(1, 14 * em(self))  # 18 digits of an ID card, whole
        self.owners_table.setMinimumHeight(6 * self.fontMetrics().height())
        label.setBuddy(self.owners_table)
        self.add_owner_button = QPushButton(self.tr("添加产权人(&N)"))
        self.remove_owner_button = QPushButton(self.tr("移除产权人(&V)"))
        self.add_owner_button.clicked.connect(lambda: self.add_owner())
        self.remove_owner_button.clicked.connect(self._on_remove_owner_clicked)
        row = QHBoxLayout()
        row.addWidget(self.add_owner_button)
        row.addWidget(self.remove_owner_button)
        row.addStretch(1)
        self.extra.addWidget(label)
        self.extra.addWidget(self.owners_table)
        self.extra.addLayout(row)

    def add_owner(
        self, name: str = "", id_number: str = "", phone: str = "", uuid: str = ""
    ) -> None:
        """A row for one more owner; an empty one gets the cursor in its name cell. A stored
        owner's row keeps its uuid, so a corrected name corrects that owner (households.set_owners)."""
        row = self.owners_table.rowCount()
        self.owners_table.insertRow(row)
        for column, text in enumerate((name, id_number, phone)):
            self.owners_table.setItem(row, column, QTableWidgetItem(text))
        self.owners_table.item(row, 0).setData(Qt.ItemDataRole.UserRole, uuid)
        if not name:
            self.owners_table.setCurrentCell(row, 0)
            self.owners_table.editItem(self.owners_table.item(row, 0))

    def _on_remove_owner_clicked(self) -> None:
        row = self.owners_table.currentRow()
        if row >= 0:
            self.owners_table.removeRow(row)

    def owners(self) -> list[Owner]:
        found = []
        for row in range(self.owners_table.rowCount()):
            name, id_number, phone = (
                (self.owners_table.item(row, c).text() if self.owners_table.item(row, c) else "")
                for c in range(3)
            )
            if name.strip():
                item = self.owners_table.item(row, 0)
                uuid = (item.data(Qt.ItemDataRole.UserRole) or "") if item else ""
                found.append(Owner(uuid, name.strip(), id_number.strip(), phone.strip()))
        return found

    def _fill(self, household: Household) -> None:
        self.room_edit.setText(household.room)
        self.floor_edit.setText(number_text(household.floor))
        self.area_edit.setText(number_text(household.area))
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(str(household.kind)))
        self.rented_check.setChecked(household.rented)
        self.tenant_edit.setText(household.tenant_name)
        self.note_edit.setText(household.note)
        for owner in household.owners:
            self.add_owner(owner.name, owner.id_number, owner.phone, owner.uuid)

    def values(self) -> dict[str, Any]:
        area = self.area_edit.text().strip()
        return {
            "floor": whole_number(self.floor_edit),
            "area": area or None,  # the service reads the number and says when it cannot
            "kind": self.kind_combo.currentData(),
            "rented": self.rented_check.isChecked(),
            "tenant_name": self.tenant_edit.text().strip() if self.rented_check.isChecked() else "",
            "note": self.note_edit.text().strip(),
        }

    def save(self) -> None:
        room = self.room_edit.text().strip()
        if self.original is None:
            self.household = self.service.create(
                self.unit_uuid, room, owners=self.owners(), **self.values()
            )
            return
        old = self.service.update(
            self.original.uuid, owners=self.owners(), room=room, **self.values()
        )
        self.household = self.service.get(self.original.uuid)
        before = self.original
        self.changed = bool(old) or _owner_keys(before.owners) != _owner_keys(self.household.owners)


def _owner_keys(owners: list[Owner]) -> list[tuple[str, str, str]]:
    return [(o.name, o.id_number, o.phone) for o in owners]


def household_fields(household: Household) -> dict[str, Any]:
    """The fields of `household` as HouseholdService.update takes them (undo puts these back)."""
    return {
        "room": household.room,
        "floor": household.floor,
        "area": household.area,
        "kind": str(household.kind),
        "rented": household.rented,
        "tenant_name": household.tenant_name,
        "note": household.note,
    }


class HouseholdsDialog(QDialog):
    """The households of one unit. The buttons only ask (signals): the caller saves with undo."""

    new_requested = Signal()
    edit_requested = Signal(str)
    delete_requested = Signal(str)
    restore_requested = Signal(str)

    def __init__(
        self, service: HouseholdService, unit_uuid: str, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.unit_uuid = unit_uuid
        self.setWindowTitle(self.tr("住户：{0}").format(title))
        self.resize(56 * em(self), 26 * em(self))
        self.table = record_table(
            [
                self.tr("室号"),
                self.tr("楼层"),
                self.tr("面积（㎡）"),
                self.tr("类型"),
                self.tr("产权人"),
            ]
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for column, width in enumerate((5, 4, 6, 7)):  # the owners take the rest
            self.table.setColumnWidth(column, width * em(self))
        self.show_deleted = QCheckBox(self.tr("显示已删除(&S)"))
        self.new_button = QPushButton(self.tr("新建住户(&N)…"))
        self.edit_button = QPushButton(self.tr("编辑(&E)…"))
        self.delete_button = QPushButton(self.tr("删除(&D)"))
        self.restore_button = QPushButton(self.tr("恢复(&R)"))
        self.new_button.clicked.connect(self.new_requested)
        self.edit_button.clicked.connect(lambda: self._ask(self.edit_requested))
        self.delete_button.clicked.connect(lambda: self._ask(self.delete_requested))
        self.restore_button.clicked.connect(lambda: self._ask(self.restore_requested))
        self.table.doubleClicked.connect(lambda _index: self._ask(self.edit_requested))
        for key, signal in (("F2", self.edit_requested), ("Del", self.delete_requested)):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda signal=signal: self._ask(signal))
        self.show_deleted.toggled.connect(lambda _on: self.reload())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        buttons = (self.new_button, self.edit_button, self.delete_button, self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.show_deleted)
        layout.addLayout(actions_and_close(self, *buttons))
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Refill from the file; `select` (a household uuid) becomes the current row."""
        select = select or self.current_uuid()
        households = self.service.of_unit(
            self.unit_uuid, include_deleted=self.show_deleted.isChecked()
        )
        self.households = {h.uuid: h for h in households}
        self.table.setRowCount(0)
        for row, household in enumerate(households):
            self.table.insertRow(row)
            owners = "、".join(f"{o.name} {mask_phone(o.phone)}".strip() for o in household.owners)
            cells = (household.room, number_text(household.floor), number_text(household.area),
                     kind_title(household.kind), owners)  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, household.uuid)
                if household.deleted_at:
                    item.setForeground(Qt.GlobalColor.gray)
                    item.setToolTip(self.tr("已删除"))
                self.table.setItem(row, column, item)
            if household.uuid == select:
                self.table.selectRow(row)
        if self.table.currentRow() < 0 and households:
            self.table.selectRow(0)
        self._update_buttons()

    def current_uuid(self) -> str | None:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _ask(self, signal: Signal) -> None:
        uuid = self.current_uuid()
        if uuid is not None:
            signal.emit(uuid)

    def _update_buttons(self) -> None:
        household = self.households.get(self.current_uuid() or "")
        deleted = household is not None and bool(household.deleted_at)
        self.edit_button.setEnabled(household is not None and not deleted)
        self.delete_button.setEnabled(household is not None and not deleted)
        self.restore_button.setEnabled(deleted)
