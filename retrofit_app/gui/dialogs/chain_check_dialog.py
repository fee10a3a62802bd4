"""检查证据链 (Check the evidence chain…): the window's face of `retrofit-app verify`."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.evidence.chain_check import Verification, verify_project
from retrofit_app.core.words import say
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.dialogs.buttons import actions_and_close
from retrofit_app.gui.error_dialogs import show_job_error
from retrofit_app.gui.view_sizing import em

WHOLE_STYLE = "color: #1b5e20; font-weight: bold;"
FOUND_STYLE = "color: #B00020; font-weight: bold;"


class ChainCheckDialog(QDialog):
    """The verdict on the open project's evidence chain, and one line per finding (as `verify`
    says). The check reads every record and entry: it runs as a job (progress, Cancel), the
    window stays live."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result: Verification | None = None
        self.setWindowTitle(self.tr("检查证据链"))
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMinimumSize(36 * em(self), 10 * em(self))
        self.again_button = QPushButton(self.tr("重新检查"))
        column = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "核对每条表决、复核、意见、检查结果、整改问题、验收记录和照片是否与证据链一致："
                "在程序之外改动、删除的记录，以及被删改的证据链条目或审计记录，都会逐条列出。"
            )
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        column.addWidget(self.verdict_label)
        column.addWidget(self.details, 1)
        column.addLayout(actions_and_close(self, self.again_button))
        self.again_button.clicked.connect(self.run_check)
        self.resize(64 * em(self), 28 * em(self))  # a finding on a line or two
        self.run_check()

    def run_check(self) -> None:
        if self.context.project is None:
            return
        factory = self.context.project_factory()

        def work(progress, cancelled):  # noqa: ANN001, ANN202 - runs on a pool thread
            with factory() as project:
                return verify_project(project, progress, cancelled)

        self.again_button.setEnabled(False)
        self.verdict_label.setStyleSheet("")
        self.verdict_label.setText(self.tr("正在检查证据链…"))
        self.details.clear()
        self.context.jobs.run(self.tr("正在检查证据链…"), work, self._show, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.again_button.setEnabled(True)
        if isinstance(error, RetrofitError) and error.code == ErrorCode.CANCELLED:
            self.verdict_label.setText(self.tr("检查已取消。"))
            return
        self.verdict_label.setText(self.tr("检查没有完成。"))
        show_job_error(self, error, self.context.settings.lang)

    def _show(self, result: Verification) -> None:
        self.result = result
        self.again_button.setEnabled(True)
        lang = self.context.settings.lang
        if result.ok:
            verdict = say("verify.passed", lang, entries=result.entries, records=result.records)
        else:
            verdict = say("verify.failed", lang, count=len(result.findings))
        self.verdict_label.setText(verdict)
        self.verdict_label.setStyleSheet(WHOLE_STYLE if result.ok else FOUND_STYLE)
        self.details.setPlainText(
            "\n".join(f"{n}. {f.sentence(lang)}" for n, f in enumerate(result.findings, 1))
        )
