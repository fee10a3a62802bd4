"""核验报告 (Verify report…): does the open project still hold the records a report was built from?"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.evidence.report_digest_check import (
    DigestCheck,
    digest_in_pdf,
    issued_reports,
    verify_digest,
)
from retrofit_app.core.evidence.report_signature import signature_verdict
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.dialogs.buttons import actions_and_close
from retrofit_app.gui.view_sizing import em

UNCHANGED_STYLE = "color: #1b5e20; font-weight: bold;"
CHANGED_STYLE = "color: #B00020; font-weight: bold;"


class VerifyReportDialog(QDialog):
    """A report PDF chosen, or the code typed from a paper notice; the verdict and each record that differs."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.check: DigestCheck | None = None
        self.setWindowTitle(self.tr("核验报告"))
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(self.tr("纸质报告上的核验码，如 92A9-A0E8-F6D9-9380"))
        self.pdf_button = QPushButton(self.tr("选择报告 PDF…"))
        # The reports this project issued, the latest first: one picked is checked at once.
        self.issued_combo = QComboBox()
        self.issued_combo.addItem(self.tr("（选择一份已出具的报告）"), "")
        if context.project is not None:
            for report in issued_reports(context.project):
                self.issued_combo.addItem(report.line(context.settings.lang), report.digest)
        self.verify_button = QPushButton(self.tr("核验"))
        self.verify_button.setDefault(True)
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMinimumSize(40 * em(self), 12 * em(self))
        form = QFormLayout()
        code_row = QHBoxLayout()
        code_row.addWidget(self.code_edit, 1)
        code_row.addWidget(self.pdf_button)
        form.addRow(self.tr("已出具"), self.issued_combo)
        form.addRow(self.tr("核验码"), code_row)
        column = QVBoxLayout(self)
        column.addWidget(
            QLabel(self.tr("选择本程序生成的公示、验收或审查报告 PDF，或输入纸质报告上的核验码。"))
        )
        column.addLayout(form)
        column.addWidget(self.verdict_label)
        column.addWidget(self.details, 1)
        column.addLayout(actions_and_close(self, self.verify_button))
        self.pdf_button.clicked.connect(self._on_pdf_clicked)
        self.issued_combo.activated.connect(self._on_issued_chosen)
        self.verify_button.clicked.connect(self.verify_code)

    def _on_issued_chosen(self, index: int) -> None:
        digest = self.issued_combo.itemData(index)
        if digest:
            self.code_edit.setText(digest)
            self.verify_code()

    def _on_pdf_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择报告 PDF"), self.context.start_folder(), self.tr("PDF 文件 (*.pdf)")
        )
        if name:
            self.verify_pdf(Path(name))

    def verify_pdf(self, path: Path) -> None:
        """Read the digest the report builder wrote into `path`, then verify it."""
        try:
            code = digest_in_pdf(path)
        except RetrofitError as error:
            self._show_error(error)
            return
        self.code_edit.setText(code)
        self.verify_code()
        signed, holds = signature_verdict(path, self.context.settings.lang)
        if not signed or self.check is None:
            return
        if holds:  # the file's own signature, after its records
            self.details.setPlainText("\n".join(filter(None, [self.details.toPlainText(), signed])))
        else:  # a file changed after signing is said with the verdict, in red
            self.verdict_label.setText(self.verdict_label.text() + "\n" + signed)
            self.verdict_label.setStyleSheet(CHANGED_STYLE)

    def verify_code(self) -> None:
        project = self.context.project
        if project is None:
            return
        try:
            self.check = verify_digest(project, self.code_edit.text())
        except RetrofitError as error:
            self._show_error(error)
            return
        lines = self.check.sentences(self.context.settings.lang)
        self.verdict_label.setText(lines[0])
        self.verdict_label.setStyleSheet(UNCHANGED_STYLE if self.check.unchanged else CHANGED_STYLE)
        self.details.setPlainText("\n".join(lines[1:]))

    def _show_error(self, error: RetrofitError) -> None:
        self.check = None
        self.verdict_label.setText(self.context.sentence(error))
        self.verdict_label.setStyleSheet(CHANGED_STYLE)
        self.details.clear()
