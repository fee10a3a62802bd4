"""The building dialog (storeys, structure, year, safety grade) and the unit dialog (name, note)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from retrofit_app.core.buildings import SAFETY_GRADES, BuildingService
from retrofit_app.core.model import Building, Unit
from retrofit_app.gui.dialogs.record_form import (
    WHOLE_NUMBER,
    RecordDialog,
    coded_combo,
    combo_value,
    number_edit,
    number_text,
    whole_number,
)

# Structures usual in Nanjing's old estates, stored in Chinese whatever the window's language;
# another may be typed.
STRUCTURES = (
    QT_TRANSLATE_NOOP("BuildingDialog", "砖混"),
    QT_TRANSLATE_NOOP("BuildingDialog", "框架"),
    QT_TRANSLATE_NOOP("BuildingDialog", "砖木"),
    QT_TRANSLATE_NOOP("BuildingDialog", "剪力墙"),
    QT_TRANSLATE_NOOP("BuildingDialog", "框剪"),
)


class BuildingDialog(RecordDialog):
    """A new building of `estate_uuid`, or `building`'s fields. Afterwards `building` is the
    stored one; for an edit `old`/`changes` hold what changed. `draw_on_map`: the user wants
    to draw its footprint next (a building may also have none)."""

    def __init__(
        self,
        service: BuildingService,
        estate_uuid: str,
        building: Building | None = None,
        *,
        language: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("新建楼栋") if building is None else self.tr("编辑楼栋")
        super().__init__(title, language, parent)
        self.service = service
        self.estate_uuid = estate_uuid
        self.original = building
        self.building: Building | None = None
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("如：3幢"))
        self.storeys_edit = number_edit(WHOLE_NUMBER, self.tr("如：6"))
        self.structure_combo = coded_combo(
            [("", ""), *((s, QCoreApplication.translate("BuildingDialog", s)) for s in STRUCTURES)],
            editable=True,
        )
        self.year_edit = number_edit(WHOLE_NUMBER, self.tr("如：1988"))
        self.grade_combo = coded_combo([(g, g or self.tr("（未鉴定）")) for g in SAFETY_GRADES])
        self.note_edit = QLineEdit()
        self.add_row("name", self.tr("名称(&M)"), self.name_edit, required=True)
        self.add_row("storeys", self.tr("层数(&F)"), self.storeys_edit)
        self.add_row("structure", self.tr("结构(&S)"), self.structure_combo)
        self.add_row("year_built", self.tr("建成年份(&Y)"), self.year_edit)
        self.add_row("safety_grade", self.tr("安全等级(&G)"), self.grade_combo)
        self.add_row("note", self.tr("备注(&O)"), self.note_edit)
        has_footprint = building is not None and building.geometry is not None
        self.draw_check = QCheckBox(
            self.tr("保存后在地图上重画轮廓(&P)")
            if has_footprint
            else self.tr("保存后在地图上绘制轮廓(&P)")
        )
        self.draw_check.setToolTip(self.tr("不勾选：楼栋可以没有轮廓，以后在“地图”页绘制。"))
        self.extra.addWidget(self.draw_check)
        if building is not None:
            self.name_edit.setText(building.name)
            self.storeys_edit.setText(number_text(building.storeys))
            found = self.structure_combo.findData(building.structure)
            if found >= 0:
                self.structure_combo.setCurrentIndex(found)
            else:
                self.structure_combo.setCurrentText(building.structure)
            self.year_edit.setText(number_text(building.year_built))
            self.grade_combo.setCurrentIndex(
                max(self.grade_combo.findData(building.safety_grade), 0)
            )
            self.note_edit.setText(building.note)

    @property
    def draw_on_map(self) -> bool:
        return self.draw_check.isChecked()

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name_edit.text().strip(),
            "storeys": whole_number(self.storeys_edit),
            "structure": combo_value(self.structure_combo),
            "year_built": whole_number(self.year_edit),
            "safety_grade": self.grade_combo.currentData(),
            "note": self.note_edit.text().strip(),
        }

    def save(self) -> None:
        values = self.values()
        if self.original is None:
            self.building = self.service.create(self.estate_uuid, **values)
            return
        self.save_changes(self.original, values, self.service.update)
        self.building = self.service.get(self.original.uuid)


class UnitDialog(RecordDialog):
    """A new unit (单元) of `building_uuid`, or `unit`'s name and note."""

    def __init__(
        self,
        service: BuildingService,
        building_uuid: str,
        unit: Unit | None = None,
        *,
        language: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("新建单元") if unit is None else self.tr("编辑单元")
        super().__init__(title, language, parent)
        self.service = service
        self.building_uuid = building_uuid
        self.original = unit
        self.unit: Unit | None = None
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("如：1单元"))
        self.note_edit = QLineEdit()
        self.add_row("name", self.tr("名称(&M)"), self.name_edit, required=True)
        self.add_row("note", self.tr("备注(&O)"), self.note_edit)
        if unit is not None:
            self.name_edit.setText(unit.name)
            self.note_edit.setText(unit.note)

    def save(self) -> None:
        values = {"name": self.name_edit.text().strip(), "note": self.note_edit.text().strip()}
        if self.original is None:
            self.unit = self.service.add_unit(self.building_uuid, values["name"], values["note"])
            return
        self.save_changes(self.original, values, self.service.update_unit)
        self.unit = self.service.get_unit(self.original.uuid)
