"""Dialogs open wide enough for their whole title and a readable form (about 30 characters).

Called from the shared button rows (dialogs/buttons.py), so each dialog gets it where its
buttons are made; an application-wide event filter did the same but crashed PySide6 when
windows came and went under it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from retrofit_app.gui.view_sizing import em

MIN_CHARS = 30  # a form's label and a name side by side
TITLE_BAR_ROOM = 8  # characters' worth of icon and close/maximise buttons beside the title


def widen_to_title(dialog: QDialog) -> None:
    """Never narrower than the title (set before this is called) and MIN_CHARS characters."""
    wanted = max(MIN_CHARS * em(dialog),
                 dialog.fontMetrics().horizontalAdvance(dialog.windowTitle()) + TITLE_BAR_ROOM * em(dialog))  # fmt: skip
    dialog.setMinimumWidth(max(dialog.minimumWidth(), wanted))
