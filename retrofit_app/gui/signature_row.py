"""Whether a vote or a party is signed on the pad: a small drawing of the signature with its
signer and time (已签名 …) or 未签名, a button to sign (or sign again) and one to withdraw it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from retrofit_app.core.signatures import Signature
from retrofit_app.gui.formatting import format_datetime
from retrofit_app.gui.signature_pad import signature_pixmap


class SignatureRow(QWidget):
    sign_clicked = Signal()
    withdraw_clicked = Signal()

    def __init__(self, *, compact: bool = False, parent: QWidget | None = None) -> None:
        """`compact`: the status in two characters (已签 / 未签), the rest in its tooltip."""
        super().__init__(parent)
        self.compact = compact
        self.signature: Signature | None = None
        em = self.fontMetrics().height()
        self.picture_size = QSize(
            int(em * (4 if compact else 7)), int(em * (1.3 if compact else 2.6))
        )
        self.picture = QLabel()
        self.picture.setFixedSize(self.picture_size)
        self.status = QLabel()
        # Compact (a party's row among ten): tool buttons, as narrow as their words.
        button = QToolButton if compact else QPushButton
        self.sign_button = button()
        self.sign_button.setText(self.tr("签名…"))
        self.withdraw_button = button()
        self.withdraw_button.setText(self.tr("撤回") if compact else self.tr("撤回签名"))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.picture)
        if compact:
            row.addWidget(self.status)
        row.addStretch(1)
        row.addWidget(self.sign_button)
        row.addWidget(self.withdraw_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        if not compact:  # the signer and time in full, under the drawing
            self.status.setWordWrap(True)
            layout.addWidget(self.status)
        self.sign_button.clicked.connect(self.sign_clicked)
        self.withdraw_button.clicked.connect(self.withdraw_clicked)
        self.show_signature(None)

    def show_signature(self, signature: Signature | None, *, writable: bool = True) -> None:
        self.signature = signature
        if signature is None:
            self.picture.clear()
            self.picture.setVisible(False)
            full = self.tr("未签名（可在纸面签字）")
            self.status.setText(self.tr("未签") if self.compact else full)
            self.sign_button.setText(self.tr("签名…"))
        else:
            self.picture.setPixmap(signature_pixmap(signature, self.picture_size))
            self.picture.setVisible(True)
            when = format_datetime(signature.signed_at) if signature.signed_at else ""
            full = self.tr("已签名 {0} {1}").format(signature.signer, when).strip()
            self.status.setText(self.tr("已签") if self.compact else full)
            self.sign_button.setText(self.tr("重签…"))
        self.status.setToolTip(full)
        self.picture.setToolTip(full)
        self.sign_button.setEnabled(writable)
        self.withdraw_button.setVisible(signature is not None)
        self.withdraw_button.setEnabled(writable)
