"""The form the hierarchy dialogs share: labelled rows, Save (Enter) and Cancel (Esc), core refusals shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.gui.dialogs.buttons import save_cancel
from retrofit_app.gui.error_dialogs import show_error
from retrofit_app.gui.view_sizing import em

MNEMONIC = re.compile(r"\(&\w\)|&(?=\w)")
# What a number field lets through; the service still checks the range and says why it refuses.
WHOLE_NUMBER = r"\d{0,6}"
SIGNED_WHOLE_NUMBER = r"-?\d{0,3}"  # a floor: -1 is the basement
DECIMAL = r"-?\d{0,6}([.]\d{0,8})?"


def whole_number(edit: QLineEdit) -> int | None:
    """The edit's number, None when empty (a lone "-" counts as empty)."""
    text = edit.text().strip()
    return int(text) if text.lstrip("-").isdigit() else None


def coded_combo(pairs: list[tuple[str, str]], *, editable: bool = False) -> QComboBox:
    """(stored value, shown text) pairs; an editable combo also takes a value typed in."""
    combo = QComboBox()
    combo.setEditable(editable)
    for value, text in pairs:
        combo.addItem(text, value)
    return combo


def combo_value(combo: QComboBox) -> str:
    """The stored value of the chosen entry, or the text typed into an editable combo."""
    index = combo.findText(combo.currentText())
    if index >= 0 and combo.itemData(index) is not None:
        return combo.itemData(index)
    return combo.currentText().strip()


def number_edit(pattern: str, placeholder: str = "") -> QLineEdit:
    """A line edit taking only digits (and a point for `DECIMAL`); empty means "not known"."""
    edit = QLineEdit()
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), edit))
    edit.setPlaceholderText(placeholder)
    return edit


def number_text(value: float | int | None) -> str:
    """A stored number as typed: no group separators (a year is 1988, not 1,988)."""
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


class RecordDialog(QDialog):
    """Rows go into `self.form`; Save calls `save()`, which writes through the service it was given.

    A RetrofitError from the service is shown as its sentence and the dialog stays open with
    what was typed; otherwise the dialog accepts. Save is the default button (Enter), Esc cancels.
    """

    def __init__(self, title: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.setWindowTitle(title)
        # Wide enough for the title and the longest English label beside its field.
        self.setMinimumWidth(36 * em(self))
        self.old: dict[str, Any] = {}  # after an edit: the previous values of what changed
        self.changes: dict[str, Any] = {}  # … and their new values (undo and redo replay them)
        self.labels: dict[str, str] = {}  # service field name → the label the user sees
        self.required: dict[str, QLineEdit] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.extra = QVBoxLayout()
        self.buttons, self.save_button = save_cancel(self, self._on_save_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(self.extra)
        layout.addWidget(self.buttons)

    def add_row(self, field: str, label: str, widget: QWidget, *, required: bool = False) -> None:
        """A labelled row; the label (its "&X" the mnemonic) also names `field` in refusals."""
        self.form.addRow(label, widget)
        self.labels[field] = MNEMONIC.sub("", label).strip()
        if required and isinstance(widget, QLineEdit):
            self.required[field] = widget

    def save(self) -> None:
        raise NotImplementedError

    def save_changes(
        self, current: Any, values: dict[str, Any], update: Callable[..., dict[str, Any]]
    ) -> None:
        """Send `update(uuid, **fields)` only the fields that differ from `current`; keeps
        `old` (what the service says changed) and `changes` for undo and redo."""
        wanted = {key: value for key, value in values.items() if value != getattr(current, key)}
        if wanted:
            self.old = update(current.uuid, **wanted)
            self.changes = {key: wanted.get(key, getattr(current, key)) for key in self.old}

    def _on_save_clicked(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        for field, edit in self.required.items():
            if not edit.text().strip():
                QMessageBox.warning(
                    self,
                    self.windowTitle(),
                    QCoreApplication.translate("RecordDialog", "请填写“{0}”。").format(
                        self.labels[field]
                    ),
                )
                edit.setFocus()
                return
        try:
            self.save()
        except RetrofitError as error:
            show_error(self, self._worded(error), self.language)
            return
        self.accept()

    def _worded(self, error: RetrofitError) -> RetrofitError:
        """A refusal naming a field by its code ("year_built") names it by its label instead."""
        field = error.params.get("field")
        if error.code != ErrorCode.INVALID_VALUE or field not in self.labels:
            return error
        label = self.labels[field]
        return RetrofitError(error.code, **{**error.params, "field": (label, label)})
