"""Settings: the name typed there is saved and signs the next edit in the audit log."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from retrofit_app.core.settings import Settings
from retrofit_app.gui.dialogs.settings_dialog import SettingsDialog


def commit_chinese(widget, text: str) -> None:  # noqa: ANN001
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_ok_saves_name_language_and_font(qtbot, tmp_path):  # noqa: ANN001
    font = tmp_path / "SimSun.ttf"
    font.write_bytes(b"\0\1\0\0")
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    commit_chinese(dialog.user_name, "李建国")
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.pdf_font.setText(str(font))
    dialog.backups_to_keep.clear()
    qtbot.keyClicks(dialog.backups_to_keep, "7")
    assert dialog.backups_max_gb.text() == "不限"  # no disk limit until one is set
    dialog.backups_max_gb.selectAll()
    qtbot.keyClicks(dialog.backups_max_gb, "12.5")
    assert dialog.language_changed()
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    saved = Settings.load()
    assert (saved.user_name, saved.language, saved.pdf_font) == ("李建国", "en", str(font))
    assert saved.backups_to_keep == 7
    assert saved.retention.count == 7 and saved.retention.max_bytes == int(12.5 * 1024**3)
    assert Settings().retention.max_bytes is None


def test_cancel_saves_nothing(qtbot):  # noqa: ANN001
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    commit_chinese(dialog.user_name, "王五")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    assert Settings.load().user_name == ""


def test_language_defaults_to_simplified_chinese(qtbot):  # noqa: ANN001
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "zh_CN" and dialog.language.currentText() == "简体中文"


def test_the_next_edit_is_signed_with_the_new_name(qtbot, window, boxes, monkeypatch):  # noqa: ANN001
    def fill_and_accept(dialog: SettingsDialog) -> int:
        commit_chinese(dialog.user_name, "赵敏")
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", fill_and_accept)
    window.settings_action.trigger()
    assert boxes.texts("information") == [
        "界面语言将在重新启动程序后更改。"
    ]  # still Chinese until restart
    project = window.context.project
    estate = project.estates.resolve("GL-0001")
    window.context.select("estate", estate.uuid)
    tab = window.tab(1)
    tab.edits["address"].setText("南京市鼓楼区宁海路1号")
    tab.edits["address"].editingFinished.emit()
    last = project.audit.history(estate.uuid)[-1]
    assert last.user == "赵敏" and last.new == {"address": "南京市鼓楼区宁海路1号"}
