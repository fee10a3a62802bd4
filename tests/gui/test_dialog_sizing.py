"""Dialogs open wide enough for their whole title and a readable form."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout

from retrofit_app.gui.dialog_sizing import MIN_CHARS, DialogSizer
from retrofit_app.gui.view_sizing import em


def test_a_small_dialog_with_a_long_title_opens_wide_enough_for_it(qtbot):  # noqa: ANN001
    sizer = DialogSizer()
    QApplication.instance().installEventFilter(sizer)
    try:
        dialog = QDialog()
        qtbot.addWidget(dialog)
        QVBoxLayout(dialog).addWidget(QLabel("是"))
        dialog.setWindowTitle("导入小区和楼栋（GeoJSON）时发现的问题与处理建议")
        dialog.show()
        qtbot.waitExposed(dialog)
        title = dialog.fontMetrics().horizontalAdvance(dialog.windowTitle())
        assert dialog.width() >= max(title, MIN_CHARS * em(dialog))
    finally:
        QApplication.instance().removeEventFilter(sizer)
