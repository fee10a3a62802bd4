"""Every dialog opens wide enough for its whole title and a readable form (about 30 characters),
however small its own size hint: one event filter on the application instead of a size per dialog."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog

from retrofit_app.gui.view_sizing import em

MIN_CHARS = 30  # a form's label and a name side by side
TITLE_BAR_ROOM = 8  # characters' worth of icon and close/maximise buttons beside the title

_SIZED_BY_QT = (QMessageBox, QFileDialog, QProgressDialog)


def widen_to_title(dialog: QDialog) -> None:
    title = dialog.windowTitle()
    wanted = max(MIN_CHARS * em(dialog),
                 dialog.fontMetrics().horizontalAdvance(title) + TITLE_BAR_ROOM * em(dialog))  # fmt: skip
    screen = dialog.screen().availableGeometry().width() if dialog.screen() else wanted
    wanted = min(wanted, screen - 2 * em(dialog))
    if dialog.width() < wanted:
        dialog.resize(wanted, dialog.height())


class DialogSizer(QObject):
    """Installed on the application: widens each dialog the first time it is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (event.type() == QEvent.Type.Show and isinstance(watched, QDialog)
                and not isinstance(watched, _SIZED_BY_QT) and not watched.property("sized")):  # fmt: skip
            watched.setProperty("sized", True)
            widen_to_title(watched)
        return False
