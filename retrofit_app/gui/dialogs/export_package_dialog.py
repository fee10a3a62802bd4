"""Choose the estates of a field copy, how it carries personal numbers, and where it goes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.model import Estate


class ExportPackageDialog(QDialog):
    def __init__(
        self,
        estates: list[Estate],
        suggested: Path,
        *,
        selected_uuid: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("导出外业副本"))
        self.resize(520, 520)
        self.estate_list = QListWidget()
        for estate in estates:
            item = QListWidgetItem(
                f"{estate.code}  {estate.name}  （{estate.district} {estate.street}）"
            )
            item.setData(Qt.ItemDataRole.UserRole, estate.code)
            checked = estate.uuid == selected_uuid
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.estate_list.addItem(item)
        self.no_personal_data = QCheckBox(self.tr("不含业主电话和身份证号（同事不需要时勾选）"))
        # Masked by default (320102********1234, 138****1234): full numbers only when asked.
        self.full_personal_data = QCheckBox(
            self.tr("带完整的身份证号和电话（默认遮盖为 320102********1234、138****1234）")
        )
        self.full_warning = QLabel(
            self.tr(
                "注意：副本将带有业主完整的身份证号和电话。请只交给需要的同事，妥善保管，用完删除。"
            )
        )
        self.full_warning.setWordWrap(True)
        self.full_warning.setStyleSheet("color: #b00020;")
        self.full_warning.setVisible(False)
        self.no_personal_data.toggled.connect(self._on_personal_choice)
        self.full_personal_data.toggled.connect(self._on_personal_choice)
        self.out_path = QLineEdit(str(suggested))
        self.browse_button = QPushButton(self.tr("选择…"))
        self.browse_button.clicked.connect(self._on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.out_path, 1)
        path_row.addWidget(self.browse_button)
        note = QLabel(
            self.tr(
                "副本是一个普通的项目文件，可在另一台电脑上打开和修改；带回后用“合并外业副本”并入本项目。"
            )
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导出"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.estate_list.itemChanged.connect(self._update_ok)
        self.out_path.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("要交给同事的小区：")))
        layout.addWidget(self.estate_list, 1)
        layout.addWidget(self.no_personal_data)
        layout.addWidget(self.full_personal_data)
        layout.addWidget(self.full_warning)
        layout.addWidget(QLabel(self.tr("保存到：")))
        layout.addLayout(path_row)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self._update_ok()

    def chosen_codes(self) -> list[str]:
        items = (self.estate_list.item(i) for i in range(self.estate_list.count()))
        return [
            i.data(Qt.ItemDataRole.UserRole)
            for i in items
            if i.checkState() == Qt.CheckState.Checked
        ]

    def personal_data(self) -> bool:
        return not self.no_personal_data.isChecked()

    def full_numbers(self) -> bool:
        """Full ID and phone numbers instead of masked ones (the warning is shown meanwhile)."""
        return self.personal_data() and self.full_personal_data.isChecked()

    def _on_personal_choice(self) -> None:
        # "None" and "in full" exclude each other.
        self.full_personal_data.setEnabled(not self.no_personal_data.isChecked())
        self.no_personal_data.setEnabled(not self.full_personal_data.isChecked())
        self.full_warning.setVisible(self.full_numbers())

    def target(self) -> Path:
        text = self.out_path.text().strip()
        return Path(text if text.lower().endswith(".gpkg") else text + ".gpkg")

    def _update_ok(self) -> None:
        ok = bool(self.chosen_codes()) and bool(self.out_path.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("外业副本保存到"), self.out_path.text(), "GeoPackage (*.gpkg)"
        )
        if path:
            self.out_path.setText(path)
