"""Signing in to the district server (issue 26 point 4): the role shown, its password typed
(not shown), and whether to keep it in the system keyring. The password goes no further than
the keyring and this run's memory: never into settings, the project file or a log."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.gui.dialog_sizing import widen_to_title


class ServerSignInDialog(QDialog):
    """`problem`: why the last try failed (a wrong password), shown above the field.
    `keyring`: False where no system keyring is usable (the box is off and says so)."""

    def __init__(
        self,
        server: str,
        role: str,
        *,
        problem: str = "",
        keyring: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("登录区级服务器"))
        about = QLabel(self.tr("区级服务器 {0} 要求登录。").format(server))
        about.setWordWrap(True)
        self.problem = QLabel(problem)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setVisible(bool(problem))
        self.role = QLabel(role)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember_box = QCheckBox(self.tr("记住密码（系统钥匙串）"))
        self.remember_box.setChecked(keyring)
        self.remember_box.setEnabled(keyring)
        if not keyring:
            self.remember_box.setToolTip(
                self.tr("本机没有可用的系统钥匙串：密码只用于本次运行，不会保存。")
            )
        form = QFormLayout()
        form.addRow(self.tr("角色"), self.role)
        form.addRow(self.tr("密码"), self.password_edit)
        form.addRow("", self.remember_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("登录"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.problem)
        layout.addLayout(form)
        if not keyring:
            note = QLabel(self.remember_box.toolTip())
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.password_edit.textChanged.connect(self._enable)
        widen_to_title(self)
        self._enable()

    def _enable(self) -> None:
        self.ok_button.setEnabled(bool(self.password_edit.text()))

    def password(self) -> str:
        return self.password_edit.text()

    def remember(self) -> bool:
        return self.remember_box.isChecked()
