"""Dialogs open wide enough for their whole title and a readable form."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QVBoxLayout

from retrofit_app.gui.dialog_sizing import MIN_CHARS
from retrofit_app.gui.dialogs.buttons import actions_and_close, save_cancel
from retrofit_app.gui.view_sizing import em


def _shown(qtbot, title: str, buttons) -> QDialog:  # noqa: ANN001
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    made = buttons(dialog)
    if isinstance(made, tuple):
        layout.addWidget(made[0])
    else:
        layout.addLayout(made)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_small_dialog_with_a_long_title_opens_wide_enough_for_it(qtbot):  # noqa: ANN001
    title = "导入小区和楼栋（GeoJSON）时发现的问题与处理建议"
    for buttons in (lambda d: save_cancel(d, d.accept), actions_and_close):
        dialog = _shown(qtbot, title, buttons)
        assert dialog.width() >= dialog.fontMetrics().horizontalAdvance(title)


def test_a_dialog_with_a_short_title_is_still_wide_enough_for_a_form(qtbot):  # noqa: ANN001
    dialog = _shown(qtbot, "设置", lambda d: save_cancel(d, d.accept))
    assert dialog.width() >= MIN_CHARS * em(dialog)
