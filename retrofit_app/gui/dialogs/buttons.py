"""The button rows and the read-only record table shared by the dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
)

from retrofit_app.gui.dialog_sizing import widen_to_title


def save_cancel(
    dialog: QDialog, on_save: Callable[[], None]
) -> tuple[QDialogButtonBox, QPushButton]:
    """Cancel rejects the dialog; Save (the default button) calls `on_save`, which accepts when it may."""
    # Parented now: setDefault must find the dialog, or on show the dialog makes the first
    # button (Cancel) its default and Enter cancels.
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, dialog)
    save = QPushButton(QCoreApplication.translate("Dialogs", "保存"))
    buttons.addButton(save, QDialogButtonBox.ButtonRole.AcceptRole)
    save.setDefault(True)
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    widen_to_title(dialog)
    return buttons, save


def actions_and_close(dialog: QDialog, *actions: QPushButton) -> QHBoxLayout:
    """The dialog's own buttons on the left, Close (rejects the dialog) on the right."""
    close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    close.rejected.connect(dialog.reject)
    row = QHBoxLayout()
    for button in actions:
        row.addWidget(button)
    row.addStretch(1)
    row.addWidget(close)
    widen_to_title(dialog)
    return row


def record_table(headers: list[str]) -> QTableWidget:
    """A table to pick whole rows from, not to edit in."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab goes on to the buttons, not cell to cell
    table.horizontalHeader().setStretchLastSection(True)
    return table
