"""The Overview tab: the selected estate's facts, editable, each edit one undo step."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QDoubleValidator, QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.estate_overview import estate_counts
from retrofit_app.core.model import Estate, Stage
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.error_dialogs import show_error
from retrofit_app.gui.labels import stage_label
from retrofit_app.gui.undo.estate_edit import apply_estate_edit
from retrofit_app.gui.view_sizing import em

TEXT_FIELDS = ("code", "name", "address", "district", "street", "community", "year_built")


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _coordinate(text: str) -> float | None:
    text = text.strip()
    return float(text) if text else None


class OverviewTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.estate: Estate | None = None
        self.labels = {
            "code": self.tr("编号"),
            "name": self.tr("名称"),
            "address": self.tr("地址"),
            "district": self.tr("区"),
            "street": self.tr("街道"),
            "community": self.tr("社区"),
            "year_built": self.tr("建成年份"),
            "stage": self.tr("阶段"),
            "lonlat": self.tr("经度 / 纬度（WGS-84）"),
        }
        self.edits: dict[str, QLineEdit] = {name: QLineEdit() for name in TEXT_FIELDS}
        self.edits["year_built"].setValidator(QIntValidator(1800, 2100, self))
        self.stage = QComboBox()
        for stage in Stage:
            self.stage.addItem(stage_label(stage), str(stage))
        self.lon, self.lat = QLineEdit(), QLineEdit()
        for edit, low, high in ((self.lon, -180.0, 180.0), (self.lat, -90.0, 90.0)):
            validator = QDoubleValidator(low, high, 7, self)
            validator.setNotation(QDoubleValidator.Notation.StandardNotation)
            edit.setValidator(validator)
        self.empty_hint = QLabel(self.tr("请在左侧的小区树中选择一个小区。"))
        # Centred by name, not Qt.AlignmentFlag: `Qt` costs start-up 93 enum classes (~25 ms).
        self.empty_hint.setStyleSheet("qproperty-alignment: AlignCenter;")
        self.readonly_hint = QLabel(self.tr("此项目以只读方式打开，不能修改。"))
        self.readonly_hint.setStyleSheet("color: #B00020;")
        self.count_labels = {key: QLabel("–") for key in ("buildings", "units", "households")}
        self._build_layout()
        for name, edit in self.edits.items():
            edit.editingFinished.connect(lambda name=name: self._on_text_edited(name))
        self.stage.activated.connect(self._on_stage_activated)
        self.lon.editingFinished.connect(self._on_lonlat_edited)
        self.lat.editingFinished.connect(self._on_lonlat_edited)
        context.selection_changed.connect(self._on_selection_changed)
        context.project_changed.connect(self.refresh)
        context.data_changed.connect(self._on_data_changed)
        self.refresh()

    def _build_layout(self) -> None:
        self.form_box = QGroupBox(self.tr("小区概况"))
        form = QFormLayout(self.form_box)
        for name in ("code", "name", "address", "district", "street", "community", "year_built"):
            form.addRow(self.labels[name], self.edits[name])
        form.addRow(self.labels["stage"], self.stage)
        lonlat = QHBoxLayout()
        lonlat.addWidget(self.lon)
        lonlat.addWidget(self.lat)
        form.addRow(self.labels["lonlat"], lonlat)
        self.counts_box = QGroupBox(self.tr("规模"))
        counts = QFormLayout(self.counts_box)
        counts.addRow(self.tr("楼栋数"), self.count_labels["buildings"])
        counts.addRow(self.tr("单元数"), self.count_labels["units"])
        counts.addRow(self.tr("户数"), self.count_labels["households"])
        # Long lines of input are hard to read on a wide screen: keep the form at a reading width.
        for box in (self.form_box, self.counts_box):
            box.setMaximumWidth(66 * em(box))  # 860 px at 9 pt; wider with a larger font
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.readonly_hint)
        layout.addWidget(self.form_box)
        layout.addWidget(self.counts_box)
        layout.addStretch(1)

    # ------------------------------------------------------------ showing
    def refresh(self) -> None:
        """Show the selected estate as the file has it now."""
        project = self.context.project
        uuid = self.context.selected_estate_uuid()
        self.estate = None
        if project is not None and uuid:
            try:
                found = project.estates.get(uuid)
            except RetrofitError:
                found = None
            # An estate moved to the trash elsewhere is no longer shown for editing.
            self.estate = found if found is not None and not found.deleted_at else None
        has = self.estate is not None
        self.empty_hint.setVisible(not has)
        self.form_box.setVisible(has)
        self.counts_box.setVisible(has)
        self.readonly_hint.setVisible(has and self.context.is_readonly())
        editable = has and not self.context.is_readonly()
        for edit in (*self.edits.values(), self.lon, self.lat):
            edit.setReadOnly(not editable)
        self.stage.setEnabled(editable)
        if self.estate is None or project is None:
            return
        for name, edit in self.edits.items():
            edit.setText(_shown(getattr(self.estate, name)))
            edit.setCursorPosition(0)
        self.stage.setCurrentIndex(self.stage.findData(str(self.estate.stage)))
        self.lon.setText(_shown(self.estate.lon))
        self.lat.setText(_shown(self.estate.lat))
        from retrofit_app.gui.formatting import format_integer  # with decimal: not at start-up

        counts = estate_counts(project, self.estate.uuid)
        for key, label in self.count_labels.items():
            label.setText(format_integer(getattr(counts, key)))

    # ------------------------------------------------------------ editing
    def _save(self, changes: dict[str, Any], what: str) -> None:
        if self.estate is None:
            return
        text = self.tr("修改小区“{0}”的{1}").format(self.estate.name, what)
        apply_estate_edit(self.context, self.estate.uuid, changes, text, self._on_edit_refused)
        self.refresh()

    def _on_edit_refused(self, error: RetrofitError) -> None:
        show_error(self.window(), error, self.context.settings.lang)
        self.refresh()

    def _on_text_edited(self, name: str) -> None:
        if self.estate is None or self.context.is_readonly():
            return
        text = self.edits[name].text().strip()
        if text == _shown(getattr(self.estate, name)):
            return
        self._save({name: text or None if name == "year_built" else text}, self.labels[name])

    def _on_stage_activated(self, _index: int) -> None:
        stage = self.stage.currentData()
        if self.estate is not None and stage != str(self.estate.stage):
            self._save({"stage": stage}, self.labels["stage"])

    def _on_lonlat_edited(self) -> None:
        if self.estate is None or self.context.is_readonly():
            return
        if (self.lon.text().strip(), self.lat.text().strip()) == (
            _shown(self.estate.lon),
            _shown(self.estate.lat),
        ):
            return
        try:
            lon, lat = _coordinate(self.lon.text()), _coordinate(self.lat.text())
        except ValueError:
            self.refresh()
            return
        self._save({"lon": lon, "lat": lat}, self.labels["lonlat"])

    # --------------------------------------------------------------- slots
    def _on_selection_changed(self, _kind: str, _uuid: str) -> None:
        if self.estate is None or self.estate.uuid != self.context.selected_estate_uuid():
            self.refresh()

    def _on_data_changed(self, table: str) -> None:
        if table in (
            "estates",
            "buildings",
            "units",
            "households",
            "districts",
            "streets",
            "communities",
        ):
            self.refresh()
