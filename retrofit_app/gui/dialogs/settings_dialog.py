"""Settings: the user's name (written into the audit log), the language, the PDF font file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.settings import Settings
from retrofit_app.gui.file_dialogs import documents_folder

LANGUAGES = (("zh_CN", "简体中文"), ("en", "English"))  # each named in its own language


class SettingsDialog(QDialog):
    """Edits a Settings object; `accept()` saves it to the user's config folder."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._initial_language = settings.language
        self.setWindowTitle(self.tr("设置"))
        self.user_name = QLineEdit(settings.user_name)
        self.user_name.setPlaceholderText(self.tr("例如：张晓明（鼓楼区房产局）"))
        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language_note = QLabel(self.tr("更改语言后需重新启动程序才能生效。"))
        self.language_note.setWordWrap(True)
        self.pdf_font = QLineEdit(settings.pdf_font)
        self.pdf_font.setPlaceholderText(self.tr("留空则自动查找系统中的中文字体"))
        self.browse = QPushButton(self.tr("选择…"))
        self.browse.clicked.connect(self._on_browse_clicked)
        font_row = QHBoxLayout()
        font_row.addWidget(self.pdf_font, 1)
        font_row.addWidget(self.browse)
        self.backups_to_keep = QSpinBox()
        self.backups_to_keep.setRange(2, 200)
        self.backups_to_keep.setValue(settings.backups_to_keep)
        self.backups_to_keep.setSuffix(self.tr(" 份"))
        self.backups_max_gb = QDoubleSpinBox()
        self.backups_max_gb.setRange(0, 100000)
        self.backups_max_gb.setDecimals(1)
        self.backups_max_gb.setSuffix(" GB")
        self.backups_max_gb.setSpecialValueText(self.tr("不限"))
        self.backups_max_gb.setValue(settings.backups_max_gb)
        self.backups_max_gb.setToolTip(
            self.tr("超过时先删除最旧的备份；最新的一份总会保留。照片在各份备份中只存一次。")
        )
        form = QFormLayout()
        form.addRow(self.tr("用户名（写入修改记录）"), self.user_name)
        form.addRow(self.tr("界面语言"), self.language)
        form.addRow("", self.language_note)
        form.addRow(self.tr("PDF 字体文件"), font_row)
        form.addRow(self.tr("每个项目保留的备份"), self.backups_to_keep)
        form.addRow(self.tr("备份最多占用磁盘"), self.backups_max_gb)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(640, self.sizeHint().height())

    def _on_browse_clicked(self) -> None:
        start = str(Path(self.pdf_font.text()).parent) if self.pdf_font.text() else documents_folder()
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择 PDF 字体文件"), start, self.tr("TrueType 字体 (*.ttf *.ttc *.otf)")
        )
        if path:
            self.pdf_font.setText(path)

    def language_changed(self) -> bool:
        return self.language.currentData() != self._initial_language

    def accept(self) -> None:
        self.settings.user_name = self.user_name.text().strip()
        self.settings.language = self.language.currentData()
        self.settings.pdf_font = self.pdf_font.text().strip()
        self.settings.backups_to_keep = self.backups_to_keep.value()
        self.settings.backups_max_gb = self.backups_max_gb.value()
        self.settings.save()
        super().accept()
