"""What an acceptance report holds: its sections (checkboxes) and its photos (default, all, none, picked)."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.reports import ReportOptions
from retrofit_app.core.reports.options import ACCEPTANCE_SECTIONS
from retrofit_app.core.reports.photo_choice import acceptance_photos
from retrofit_app.gui.context import AppContext

_SECTION_WORDS = {
    "overview": QT_TRANSLATE_NOOP("ReportContentsPanel", "工程概况"),
    "inspection": QT_TRANSLATE_NOOP("ReportContentsPanel", "验收检查结果"),
    "problems": QT_TRANSLATE_NOOP("ReportContentsPanel", "问题与整改"),
    "elevators": QT_TRANSLATE_NOOP("ReportContentsPanel", "加装电梯征询"),
    "map": QT_TRANSLATE_NOOP("ReportContentsPanel", "平面示意图"),
    "photos": QT_TRANSLATE_NOOP("ReportContentsPanel", "照片"),
}
_STAGE_WORDS = {
    "before": QT_TRANSLATE_NOOP("ReportContentsPanel", "改造前"),
    "during": QT_TRANSLATE_NOOP("ReportContentsPanel", "施工中"),
    "after": QT_TRANSLATE_NOOP("ReportContentsPanel", "改造后"),
}
_THUMB = 56


class PhotoPickerDialog(QDialog):
    """Every photo of the estate as a checkable row with its thumbnail, caption and stage."""

    def __init__(self, context: AppContext, estate_uuid: str, chosen: set[str],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(self.tr("选择报告中的照片"))
        self.list = QListWidget()
        self.list.setIconSize(QSize(_THUMB, _THUMB))
        project = context.project
        assert project is not None
        for photo in project.photos.list(estate_uuid):
            tag = str(photo.stage_tag)
            stage = QCoreApplication.translate(
                "ReportContentsPanel", str(_STAGE_WORDS.get(tag, tag))
            )
            text = " · ".join(t for t in (stage, photo.caption, (photo.taken_at or "")[:10]) if t)
            item = QListWidgetItem(text or photo.file_name)
            item.setData(Qt.ItemDataRole.UserRole, photo.uuid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if photo.uuid in chosen else Qt.CheckState.Unchecked
            )
            pixmap = QPixmap()
            # A photo without a thumbnail is listed by its words.
            with contextlib.suppress(RetrofitError):
                pixmap.loadFromData(project.photos.thumbnail(photo.uuid))
            if not pixmap.isNull():
                item.setIcon(QIcon(pixmap))
            self.list.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("勾选要印在报告中的照片：")))
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def chosen(self) -> list[str]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]


class ReportContentsPanel(QGroupBox):
    """The acceptance report's sections and photo choice; `apply` writes them into the options."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("报告内容"))
        self.context = context
        self.estate_uuid = ""
        self.picked: list[str] = []
        self.section_boxes = {
            key: QCheckBox(self.tr(str(_SECTION_WORDS[key]))) for key in ACCEPTANCE_SECTIONS
        }
        for box in self.section_boxes.values():
            box.setChecked(True)
        self.photo_combo = QComboBox()
        for value, label in (
            ("default", self.tr("验收项的改造后照片及改造前对照")),
            ("all", self.tr("全部照片")),
            ("none", self.tr("不印照片")),
            ("picked", self.tr("逐张选择")),
        ):
            self.photo_combo.addItem(label, value)
        self.pick_button = QPushButton(self.tr("选择照片…"))
        self.count_label = QLabel()
        grid = QGridLayout()
        for index, box in enumerate(self.section_boxes.values()):
            grid.addWidget(box, index // 3, index % 3)
        photo_row = QHBoxLayout()
        photo_row.addWidget(QLabel(self.tr("照片")))
        photo_row.addWidget(self.photo_combo, 1)
        photo_row.addWidget(self.pick_button)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(photo_row)
        layout.addWidget(self.count_label)
        self.photo_combo.currentIndexChanged.connect(self._on_photo_choice)
        self.pick_button.clicked.connect(self._on_pick_clicked)
        self.section_boxes["photos"].toggled.connect(self._on_photo_choice)
        self._on_photo_choice()

    def show_estate(self, estate_uuid: str) -> None:
        if estate_uuid != self.estate_uuid:
            self.estate_uuid, self.picked = estate_uuid or "", []
        self._on_photo_choice()

    def choice(self) -> str:
        return self.photo_combo.currentData()

    def _on_photo_choice(self) -> None:
        printed = self.section_boxes["photos"].isChecked()
        self.photo_combo.setEnabled(printed)
        self.pick_button.setEnabled(printed and self.context.project is not None)
        self.count_label.setText(self._count_text() if printed else "")

    def _count_text(self) -> str:
        project = self.context.project
        if project is None or not self.estate_uuid:
            return ""
        if self.choice() == "picked":
            return self.tr("已选 {0} 张").format(len(self.picked))
        try:
            listed, _ = acceptance_photos(project, self.estate_uuid, self.choice())
        except RetrofitError:
            return ""
        return self.tr("将印 {0} 张").format(len(listed))

    def _on_pick_clicked(self) -> None:
        if self.context.project is None or not self.estate_uuid:
            return
        chosen = set(self.picked)
        if self.choice() != "picked" or not chosen:  # start from what the current choice prints
            listed, _ = acceptance_photos(self.context.project, self.estate_uuid, self.choice())
            chosen = {p["uuid"] for p in listed}
        dialog = PhotoPickerDialog(self.context, self.estate_uuid, chosen, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.picked = dialog.chosen()
            self.photo_combo.setCurrentIndex(self.photo_combo.findData("picked"))
            self._on_photo_choice()

    def apply(self, options: ReportOptions) -> None:
        """Sections and photos into `options` (photos picked: exactly these; none picked: none)."""
        options.sections = tuple(k for k, box in self.section_boxes.items() if box.isChecked())
        choice = self.choice()
        if choice == "picked":
            options.photo_choice = "none" if not self.picked else "default"
            options.photo_uuids = tuple(self.picked)
        else:
            options.photo_choice, options.photo_uuids = choice, ()
