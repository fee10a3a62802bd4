"""The estate dialog: a new estate (the fields of `add-estate`) or an existing one's fields."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QWidget

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.estates import DISTRICT_PREFIXES, EstateService
from retrofit_app.core.model import Estate
from retrofit_app.gui.dialogs.record_form import (
    DECIMAL,
    WHOLE_NUMBER,
    RecordDialog,
    number_edit,
    number_text,
    whole_number,
)


class EstateDialog(RecordDialog):
    """Saves through `service` on Save.

    Afterwards `estate` is the stored estate; for an edit `old` holds the previous values of
    what changed and `changes` the new ones (both empty when nothing changed). `pick_on_map`
    says the user wants to click the estate's place on the map next.
    """

    def __init__(
        self,
        service: EstateService,
        estate: Estate | None = None,
        *,
        language: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("新建小区") if estate is None else self.tr("编辑小区")
        super().__init__(title, language, parent)
        self.service = service
        self.original = estate
        self.estate: Estate | None = None
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("如：清凉山小区"))
        self.district_combo = QComboBox()
        self.district_combo.setEditable(True)  # a district outside Nanjing's list may be typed
        self.district_combo.addItems(list(DISTRICT_PREFIXES))
        self.street_edit = QLineEdit()
        self.community_edit = QLineEdit()
        self.address_edit = QLineEdit()
        self.code_edit = QLineEdit()
        self.year_edit = number_edit(WHOLE_NUMBER, self.tr("如：1988"))
        self.lon_edit = number_edit(DECIMAL, self.tr("经度，如 118.7788"))
        self.lat_edit = number_edit(DECIMAL, self.tr("纬度，如 32.0572"))
        where = QHBoxLayout()
        where.addWidget(self.lon_edit)
        where.addWidget(self.lat_edit)
        self.pick_check = QCheckBox(
            self.tr("保存后在地图上点选位置(&P)")
            if estate is None or estate.lon is None
            else self.tr("保存后在地图上重新点选位置(&P)")
        )
        self.add_row("name", self.tr("名称(&M)"), self.name_edit, required=True)
        self.add_row("district", self.tr("区(&D)"), self.district_combo)
        self.add_row("street", self.tr("街道(&S)"), self.street_edit)
        self.add_row("community", self.tr("社区(&C)"), self.community_edit)
        self.add_row("address", self.tr("地址(&A)"), self.address_edit)
        self.add_row("code", self.tr("编号(&B)"), self.code_edit)
        self.add_row("year_built", self.tr("建成年份(&Y)"), self.year_edit)
        self.form.addRow(self.tr("经纬度(&L)"), where)
        self.labels["lon/lat"] = self.tr("经纬度")
        self.form.labelForField(where).setBuddy(self.lon_edit)
        self.extra.addWidget(self.pick_check)
        self.district_combo.currentTextChanged.connect(self._on_district_changed)
        self.lon_edit.textChanged.connect(self._on_coordinates_changed)
        self.lat_edit.textChanged.connect(self._on_coordinates_changed)
        if estate is None:
            self.district_combo.setCurrentText("")
            self.pick_check.setChecked(True)
        else:
            self._fill(estate)
        self._on_district_changed(self.district_combo.currentText())
        self._on_coordinates_changed()

    def _fill(self, estate: Estate) -> None:
        self.name_edit.setText(estate.name)
        self.district_combo.setCurrentText(estate.district)
        self.street_edit.setText(estate.street)
        self.community_edit.setText(estate.community)
        self.address_edit.setText(estate.address)
        self.code_edit.setText(estate.code)
        self.year_edit.setText(number_text(estate.year_built))
        self.lon_edit.setText(number_text(estate.lon))
        self.lat_edit.setText(number_text(estate.lat))

    def _on_district_changed(self, district: str) -> None:
        """A new estate's code is optional: the placeholder shows the one it would get."""
        if self.original is not None:
            return
        code = self.service.next_code(district) if district.strip() else ""
        hint = self.tr("留空自动编号：{0}").format(code) if code else self.tr("留空自动编号")
        self.code_edit.setPlaceholderText(hint)

    def _on_coordinates_changed(self) -> None:
        typed = bool(self.lon_edit.text().strip() and self.lat_edit.text().strip())
        if self.original is None or self.original.lon is None:
            # Typed coordinates place it; clicking on the map is then for correcting it later.
            self.pick_check.setChecked(not typed)

    def values(self) -> dict[str, Any]:
        """What the form holds, typed as the service takes it ("" and None: not known)."""
        return {
            "name": self.name_edit.text(),
            "district": self.district_combo.currentText().strip(),
            "street": self.street_edit.text().strip(),
            "community": self.community_edit.text().strip(),
            "address": self.address_edit.text(),
            "code": self.code_edit.text().strip(),
            "year_built": whole_number(self.year_edit),
            "lon": _coordinate(self.lon_edit.text()),
            "lat": _coordinate(self.lat_edit.text()),
        }

    @property
    def pick_on_map(self) -> bool:
        return self.pick_check.isChecked()

    def save(self) -> None:
        values = self.values()
        if self.original is None:
            name, district = values.pop("name"), values.pop("district")
            values["code"] = values["code"] or None
            self.estate = self.service.create(name, district, **values)
            return
        current = self.original
        values["code"] = values["code"] or current.code  # blank: the estate keeps its code
        self.save_changes(current, values, self.service.update)
        self.estate = self.service.get(current.uuid)


def _coordinate(text: str) -> float | None:
    text = text.strip()
    try:
        return float(text) if text else None
    except ValueError as error:  # "-" or "." alone
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="lon/lat", value=text) from error
