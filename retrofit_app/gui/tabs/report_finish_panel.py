"""The Reports tab's archive options (issue 20 point 5): save the report as PDF/A (2b, or 1b for
an archive that takes PDF/A-1 / GB/T 23286.1), and sign it with the district's certificate
(PKCS#12), its password asked each time and never kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.evidence.report_signature import certificate_holder, finish_report
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.error_dialogs import show_error

Finish = Callable[[Path], str]


class ReportFinishPanel(QGroupBox):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("存档与签名"), parent)
        self.context = context
        self.pdfa_check = QCheckBox(self.tr("存为 PDF/A（档案馆长期保存）"))
        self.pdfa_form = QComboBox()
        self.pdfa_form.addItem(self.tr("PDF/A-2b"), "2b")
        self.pdfa_form.addItem(self.tr("PDF/A-1b（GB/T 23286.1）"), "1b")
        self.pdfa_form.setToolTip(
            self.tr(
                "PDF/A-2b 适用于所有报告；PDF/A-1b 供只收 PDF/A-1 的档案馆，报告不能有透明效果（如未定稿验收报告的水印）"
            )
        )
        self.pdfa_form.setAccessibleName(self.tr("PDF/A 版本"))
        self.sign_check = QCheckBox(self.tr("用单位证书数字签名"))
        self.p12_edit = QLineEdit()
        self.p12_edit.setPlaceholderText(self.tr("证书文件（.p12 或 .pfx）"))
        self.p12_button = QPushButton(self.tr("选择…"))
        column = QVBoxLayout(self)
        pdfa_row = QHBoxLayout()
        pdfa_row.addWidget(self.pdfa_check)
        pdfa_row.addWidget(self.pdfa_form, 1)
        column.addLayout(pdfa_row)
        column.addWidget(self.sign_check)
        row = QHBoxLayout()
        row.addWidget(self.p12_edit, 1)
        row.addWidget(self.p12_button)
        column.addLayout(row)
        self.p12_button.clicked.connect(self._on_p12_clicked)
        self.sign_check.toggled.connect(self._enable)
        self.pdfa_check.toggled.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        self.pdfa_form.setEnabled(self.pdfa_check.isChecked())
        on = self.sign_check.isChecked()
        self.p12_edit.setEnabled(on)
        self.p12_button.setEnabled(on)

    def _on_p12_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择证书"), self.context.start_folder(),
            self.tr("PKCS#12 证书 (*.p12 *.pfx)"),
        )  # fmt: skip
        if name:
            self.p12_edit.setText(name)
            self.sign_check.setChecked(True)

    def ask_password(self, p12: Path) -> str | None:
        """The certificate's password (None: the user cancelled)."""
        text, ok = QInputDialog.getText(
            self, self.tr("证书口令"), self.tr("{0} 的口令：").format(p12.name),
            QLineEdit.EchoMode.Password,
        )  # fmt: skip
        return text if ok else None

    def finisher(self) -> Finish | None:
        """What to do to the written PDF on the pool thread (returns the signer's name); asked here,
        on the window's thread: the password, checked at once. None when the user cancelled or
        the certificate does not open (said in a dialog)."""
        pdfa = self.pdfa_choice()
        if not self.sign_check.isChecked():
            return lambda path: finish_report(path, pdfa=pdfa)
        p12 = Path(self.p12_edit.text().strip())
        password = self.ask_password(p12)
        if password is None:
            return None
        try:
            certificate_holder(p12, password)
        except RetrofitError as error:
            show_error(self, error, self.context.settings.lang)
            return None
        return lambda path: finish_report(path, pdfa=pdfa, p12=p12, password=password)

    def pdfa_choice(self) -> str:
        """The PDF/A form chosen: "2b", "1b", or "" for none."""
        return str(self.pdfa_form.currentData()) if self.pdfa_check.isChecked() else ""

    def done_words(self, signer: str) -> str:
        """What was done besides writing the report, for the status line ('' for nothing)."""
        form = self.pdfa_choice()
        said = [self.tr("已存为 PDF/A-{0}").format(form)] if form else []
        if signer:
            said.append(self.tr("已由 {0} 数字签名").format(signer))
        return self.tr("；").join(said)
