"""The signature dialog: who signs, and the pad they sign on; 清除 starts again, 确定 stores it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.signatures import Signature
from retrofit_app.gui.dialog_sizing import widen_to_title
from retrofit_app.gui.error_dialogs import show_error
from retrofit_app.gui.signature_pad import PAD_HEIGHT, PAD_WIDTH, SignaturePad

# What 确定 does with the drawing: (signer, strokes, width, height) → the stored signature,
# or None when it is kept to store later (the vote is saved first).
Store = Callable[[str, list, float, float], Signature | None]


class SignatureDialog(QDialog):
    """`signed` holds the stored signature after 确定 (None when `store` kept it for later)."""

    def __init__(
        self,
        what: str,
        signer: str,
        store: Store,
        *,
        language: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.language = store, language
        self.signed: Signature | None = None
        self.setWindowTitle(self.tr("签名"))
        about = QLabel(what)
        about.setWordWrap(True)
        self.name_edit = QLineEdit(signer)
        self.name_edit.setPlaceholderText(self.tr("签名人的姓名"))
        self.pad = SignaturePad(self)
        hint = QLabel(self.tr("请用鼠标、手写笔或手指在框内签名。"))
        hint.setWordWrap(True)
        self.clear_button = QPushButton(self.tr("清除"))
        self.ok_button = QPushButton(self.tr("确定"))
        self.ok_button.setDefault(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        form = QFormLayout()
        form.addRow(self.tr("签名人"), self.name_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.pad)
        layout.addWidget(buttons)
        self.clear_button.clicked.connect(self.pad.clear)
        buttons.accepted.connect(self._on_ok_clicked)
        buttons.rejected.connect(self.reject)
        self.pad.changed.connect(self._enable)
        self.name_edit.textChanged.connect(self._enable)
        widen_to_title(self)
        self._enable()

    def _enable(self) -> None:
        self.ok_button.setEnabled(self.pad.has_signature() and bool(self.name_edit.text().strip()))
        self.clear_button.setEnabled(bool(self.pad.strokes()))

    def _on_ok_clicked(self) -> None:
        if not self.ok_button.isEnabled():
            return
        try:
            self.signed = self.store(
                self.name_edit.text(), self.pad.strokes(), PAD_WIDTH, PAD_HEIGHT
            )
        except RetrofitError as error:
            show_error(self, error, self.language)
            return
        self.accept()
