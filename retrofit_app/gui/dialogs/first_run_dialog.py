"""The first start: a short guide beside the demo project (tabs, a real project, the file, backups)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.settings import Settings, data_dir
from retrofit_app.gui.dialogs.user_guide_dialog import guide_file, open_user_guide, show_markdown
from retrofit_app.gui.icons import app_icon  # noqa: F401 - lives in icons.py so start-up skips this module


class FirstRunDialog(QDialog):
    """Non-modal: the user can look at the demo project behind it while reading."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("欢迎使用老旧小区改造调查"))
        self.resize(640, 600)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        values = {
            "demo_file": str(settings.default_project_path()),
            "data_folder": str(data_dir()),
        }
        show_markdown(self.browser, guide_file(settings.language, "first_run"), values)
        buttons = QDialogButtonBox()
        self.guide_button = QPushButton(self.tr("打开用户指南(&G)"))
        self.start_button = QPushButton(self.tr("开始使用(&S)"))
        self.start_button.setDefault(True)
        buttons.addButton(self.guide_button, QDialogButtonBox.ButtonRole.HelpRole)
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.guide_button.clicked.connect(self._on_guide_button_clicked)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.finished.connect(self._on_finished)
        self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_guide_button_clicked(self) -> None:
        parent = self.parentWidget()
        if parent is not None and hasattr(parent, "context"):
            open_user_guide(parent)
        self.accept()

    def _on_finished(self, _result: int) -> None:
        # Closed in any way (button, Esc, the window's ×): the guide is not shown again.
        self.settings.first_run_done = True
        self.settings.save()


def show_first_run_if_new(window: QWidget, settings: Settings) -> FirstRunDialog | None:
    """Show the first-run guide unless it has been closed before; returns it when shown."""
    if settings.first_run_done:
        return None
    dialog = FirstRunDialog(settings, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    window.first_run_dialog = dialog  # type: ignore[attr-defined]
    return dialog
