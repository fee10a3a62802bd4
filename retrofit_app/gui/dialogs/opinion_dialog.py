"""The opinion dialog: a suggestion, complaint, written objection to a notice, or satisfaction answer."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.consultation.opinions import (
    CATEGORIES,
    Opinion,
    OpinionService,
    category_words,
)
from retrofit_app.core.consultation.service import HouseholdVote
from retrofit_app.core.errors import RetrofitError
from retrofit_app.gui.dialogs.buttons import save_cancel
from retrofit_app.gui.error_dialogs import show_error
from retrofit_app.gui.formatting import date_pattern


class OpinionDialog(QDialog):
    """Saves through the service on OK; `saved` holds the stored opinion afterwards."""

    def __init__(
        self,
        service: OpinionService,
        estate_uuid: str,
        households: list[HouseholdVote],
        consultations: list[tuple[str, str]],
        *,
        current: HouseholdVote | None = None,
        language: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service, self.estate_uuid, self.language = service, estate_uuid, language
        self.saved: Opinion | None = None
        self.setWindowTitle(self.tr("记录居民意见"))
        self.setMinimumWidth(420)
        self.kind_combo = QComboBox()
        for code, text in (("suggestion", self.tr("建议")), ("complaint", self.tr("投诉")),
                           ("notice_objection", self.tr("公示期书面异议")),
                           ("satisfaction", self.tr("满意度调查"))):  # fmt: skip
            self.kind_combo.addItem(text, code)
        self.category_combo = QComboBox()
        for code in CATEGORIES:
            self.category_combo.addItem(category_words(code, language), code)
        self.rating_combo = QComboBox()
        for code, text in (("satisfied", self.tr("满意")), ("basically_satisfied", self.tr("基本满意")),
                           ("dissatisfied", self.tr("不满意"))):  # fmt: skip
            self.rating_combo.addItem(text, code)
        self.household_combo = QComboBox()
        self.household_combo.addItem(self.tr("（匿名）"), None)
        for h in households:
            self.household_combo.addItem(f"{h.building}{h.unit}{h.room}", h.household_uuid)
        if current is not None:
            self.household_combo.setCurrentIndex(
                max(self.household_combo.findData(current.household_uuid), 0)
            )
        self.consultation_combo = QComboBox()
        for uuid, label in consultations:
            self.consultation_combo.addItem(label, uuid)
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(date_pattern())  # the language's own order
        self.text_edit = QLineEdit()
        form = QFormLayout()
        form.addRow(self.tr("类型"), self.kind_combo)
        form.addRow(self.tr("类别"), self.category_combo)
        form.addRow(self.tr("满意度"), self.rating_combo)
        form.addRow(self.tr("住户"), self.household_combo)
        form.addRow(self.tr("针对的征询"), self.consultation_combo)
        form.addRow(self.tr("收到日期"), self.date_edit)
        form.addRow(self.tr("内容"), self.text_edit)
        buttons, self.save_button = save_cancel(self, self._on_save_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self._on_kind_changed()

    def _on_kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        self.category_combo.setEnabled(kind in ("suggestion", "complaint"))
        self.rating_combo.setEnabled(kind == "satisfaction")
        self.consultation_combo.setEnabled(kind == "notice_objection")

    def _on_save_clicked(self) -> None:
        kind = self.kind_combo.currentData()
        fields = {
            "household_uuid": self.household_combo.currentData(),
            "received_on": self.date_edit.date().toString("yyyy-MM-dd"),
            "category": self.category_combo.currentData()
            if kind in ("suggestion", "complaint")
            else "",
            "rating": self.rating_combo.currentData() if kind == "satisfaction" else "",
            "consultation_uuid": self.consultation_combo.currentData()
            if kind == "notice_objection"
            else None,
        }
        try:
            self.saved = self.service.add(self.estate_uuid, kind, self.text_edit.text(), **fields)
        except RetrofitError as error:
            show_error(self, error, self.language)
            return
        self.accept()
