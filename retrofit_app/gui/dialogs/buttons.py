"""The Save / Cancel row shared by the record dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton


def save_cancel(
    dialog: QDialog, on_save: Callable[[], None]
) -> tuple[QDialogButtonBox, QPushButton]:
    """Cancel rejects the dialog; Save (the default button) calls `on_save`, which accepts when it may."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    save = QPushButton(QCoreApplication.translate("Dialogs", "保存"))
    save.setDefault(True)
    buttons.addButton(save, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    return buttons, save
