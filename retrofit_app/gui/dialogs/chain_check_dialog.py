"""检查证据链 (Check the evidence chain…): the window's face of `retrofit-app verify`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from retrofit_app.core.evidence.chain_check import Verification, verify_project
from retrofit_app.core.words import say
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.dialogs.buttons import actions_and_close
from retrofit_app.gui.view_sizing import em

WHOLE_STYLE = "color: #1b5e20; font-weight: bold;"
FOUND_STYLE = "color: #B00020; font-weight: bold;"


class ChainCheckDialog(QDialog):
    """The verdict on the open project's evidence chain, and one line per finding (as `verify` says)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result: Verification | None = None
        self.setWindowTitle(self.tr("检查证据链"))
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMinimumSize(48 * em(self), 14 * em(self))
        self.again_button = QPushButton(self.tr("重新检查"))
        column = QVBoxLayout(self)
        column.addWidget(
            QLabel(self.tr("核对每条表决、意见、检查结果、问题、验收记录和照片是否与证据链一致。"))
        )
        column.addWidget(self.verdict_label)
        column.addWidget(self.details, 1)
        column.addLayout(actions_and_close(self, self.again_button))
        self.again_button.clicked.connect(self.run_check)
        self.run_check()

    def run_check(self) -> None:
        project = self.context.project
        if project is None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.result = verify_project(project)
        finally:
            QGuiApplication.restoreOverrideCursor()
        lang = self.context.settings.lang
        result = self.result
        if result.ok:
            verdict = say("verify.passed", lang, entries=result.entries, records=result.records)
        else:
            verdict = say("verify.failed", lang, count=len(result.findings))
        self.verdict_label.setText(verdict)
        self.verdict_label.setStyleSheet(WHOLE_STYLE if result.ok else FOUND_STYLE)
        self.details.setPlainText("\n".join(f.sentence(lang) for f in result.findings))
