"""The trash (回收站): deleted estates, and the deleted buildings, units and households of one estate."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from retrofit_app.core.buildings import BuildingService
from retrofit_app.core.estates import EstateService
from retrofit_app.core.households import HouseholdService
from retrofit_app.gui.dialogs.buttons import actions_and_close, record_table
from retrofit_app.gui.formatting import format_datetime
from retrofit_app.gui.view_sizing import em

KIND_NAMES = {
    "estate": QT_TRANSLATE_NOOP("TrashDialog", "小区"),
    "building": QT_TRANSLATE_NOOP("TrashDialog", "楼栋"),
    "unit": QT_TRANSLATE_NOOP("TrashDialog", "单元"),
    "household": QT_TRANSLATE_NOOP("TrashDialog", "住户"),
}


@dataclass(frozen=True)
class TrashedRecord:
    kind: str  # "estate" | "building" | "unit" | "household"
    uuid: str
    label: str  # where it was: "清凉山小区 › 3幢 › 1单元 › 302"
    deleted_at: str


def trashed_records(
    estates: EstateService,
    buildings: BuildingService,
    households: HouseholdService,
    estate_uuid: str | None,
) -> list[TrashedRecord]:
    """Every deleted estate; inside the live estate `estate_uuid`, what was deleted in it.

    Below a deleted record nothing more is listed: it comes back with its parent.
    """
    found = [TrashedRecord("estate", e.uuid, f"{e.name}（{e.code}）", e.deleted_at or "")
             for e in estates.trash()]  # fmt: skip
    if estate_uuid is None:
        return found
    estate = estates.get(estate_uuid)
    if estate.deleted_at:
        return found
    for building in buildings.of_estate(estate_uuid, include_deleted=True):
        where = f"{estate.name} › {building.name}"
        if building.deleted_at:
            found.append(TrashedRecord("building", building.uuid, where, building.deleted_at))
            continue
        for unit in buildings.units(building.uuid, include_deleted=True):
            if unit.deleted_at:
                label = f"{where} › {unit.name}"
                found.append(TrashedRecord("unit", unit.uuid, label, unit.deleted_at))
                continue
            for household in households.of_unit(unit.uuid, include_deleted=True):
                if household.deleted_at:
                    label = f"{where} › {unit.name} › {household.room}"
                    found.append(
                        TrashedRecord("household", household.uuid, label, household.deleted_at)
                    )
    return found


class TrashDialog(QDialog):
    """Lists what `trashed_records` finds; Restore asks the caller (`restore_requested`) to put
    the chosen record back with undo, then the list is read again."""

    restore_requested = Signal(str, str)  # kind, uuid

    def __init__(
        self,
        estates: EstateService,
        buildings: BuildingService,
        households: HouseholdService,
        estate_uuid: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = (estates, buildings, households)
        self.estate_uuid = estate_uuid
        self.setWindowTitle(self.tr("回收站"))
        self.resize(48 * em(self), 24 * em(self))
        hint = QLabel(
            self.tr(
                "已删除的小区，以及所选小区里已删除的楼栋、单元和住户。恢复后连同其下的内容一起回来。"
            )
        )
        hint.setWordWrap(True)
        self.table = record_table([self.tr("类型"), self.tr("名称"), self.tr("删除时间")])
        self.table.setColumnWidth(0, 5 * em(self))
        self.table.setColumnWidth(1, 26 * em(self))
        self.restore_button = QPushButton(self.tr("恢复(&R)"))
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.table.doubleClicked.connect(lambda _index: self._on_restore_clicked())
        self.table.itemSelectionChanged.connect(
            lambda: self.restore_button.setEnabled(self.table.currentRow() >= 0)
        )
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addLayout(actions_and_close(self, self.restore_button))
        self.reload()

    def reload(self) -> None:
        self.records = trashed_records(*self.services, self.estate_uuid)
        self.table.setRowCount(0)
        for row, record in enumerate(self.records):
            self.table.insertRow(row)
            kind = QCoreApplication.translate("TrashDialog", KIND_NAMES[record.kind])
            for column, text in enumerate((kind, record.label, format_datetime(record.deleted_at))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row)
                self.table.setItem(row, column, item)
        if self.records:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(self.records))

    def _on_restore_clicked(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.records):
            record = self.records[row]
            self.restore_requested.emit(record.kind, record.uuid)
