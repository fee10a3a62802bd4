"""The Photos tab's right-hand panel: the chosen photo's preview and facts, and its caption, stage and building editors."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.photos.model import STAGE_TAG_LABELS, Photo, StageTag
from retrofit_app.core.photos.service import PhotoService
from retrofit_app.core.words import say
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.dialogs.photo_viewer import PhotoView
from retrofit_app.gui.error_dialogs import show_error
from retrofit_app.gui.formatting import format_datetime, format_integer, format_number
from retrofit_app.gui.undo.photos import PhotoEditCommand


def stage_word(tag: StageTag, lang: str) -> str:
    """改造前 / before …: the stage tags' words come from the core catalogue, not Qt's."""
    return say(STAGE_TAG_LABELS[tag], lang)


class PhotoDetailPanel(QWidget):
    """Shows the one selected photo and writes its edits, each one a step on the undo stack."""

    changed = Signal(str)  # uuid of a photo whose stored row has just changed (edit, undo or redo)

    def __init__(
        self,
        context: AppContext,
        service: Callable[[], PhotoService | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        # The tab's service(): a new one for whichever project is open when it is called.
        self.service = service
        self.photo: Photo | None = None
        self._build()

    def _build(self) -> None:
        self.preview = PhotoView()
        self.caption_edit = QLineEdit()
        self.caption_edit.setPlaceholderText(self.tr("照片说明，例如：3幢北立面外墙渗水"))
        self.stage_edit = QComboBox()
        for tag in StageTag:
            self.stage_edit.addItem(stage_word(tag, self.context.settings.lang), str(tag))
        self.building_edit = QComboBox()
        self.info_label = QLabel()
        self.info_label.setWordWrap(True)
        self.info_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("说明"), self.caption_edit)
        form.addRow(self.tr("阶段"), self.stage_edit)
        form.addRow(self.tr("楼栋"), self.building_edit)
        self.preview_hint = QLabel(
            self.tr("选择一张照片，在此查看并编辑说明；选择两张可前后对比。")
        )
        self.preview_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview_hint, 1)
        layout.addWidget(self.preview, 1)
        layout.addLayout(form)
        layout.addWidget(self.info_label)

        self.caption_edit.editingFinished.connect(self._on_caption_edited)
        self.stage_edit.activated.connect(
            lambda _i: self._edit(stage_tag=self.stage_edit.currentData())
        )
        self.building_edit.activated.connect(
            lambda _i: self._edit(building_uuid=self.building_edit.currentData() or None)
        )

    def show_photo(self, photo: Photo | None, selected: int) -> None:
        """Show `photo`, the one selected; without one, the hint and how many are selected."""
        self.photo = photo
        service = self.service()
        editable = photo is not None and not self.context.is_readonly()
        for widget in (self.caption_edit, self.stage_edit, self.building_edit):
            widget.setEnabled(editable)
        if photo is None or service is None:
            self.preview.clear()
            self.preview.hide()
            self.preview_hint.show()
            self.caption_edit.clear()
            self.info_label.setText(self.tr("已选 {0} 张").format(selected) if selected else "")
            return
        self.preview_hint.hide()
        self.preview.show()
        self.preview.set_jpeg(service.report_rendition(photo.uuid))
        self.caption_edit.setText(photo.caption)
        self.stage_edit.setCurrentIndex(self.stage_edit.findData(str(photo.stage_tag)))
        self.building_edit.setCurrentIndex(
            max(0, self.building_edit.findData(photo.building_uuid or ""))
        )
        place = (
            f"{format_number(photo.lat, 6)}, {format_number(photo.lon, 6)}"
            if photo.lon is not None
            else self.tr("无 GPS")
        )
        taken = format_datetime(photo.taken_at, self.tr("未知"))
        self.info_label.setText(
            self.tr("{0}\n拍摄：{1}  相机：{2}\n{3} × {4} 像素，位置：{5}").format(
                photo.file_name,
                taken,
                photo.camera or "–",
                format_integer(photo.width),
                format_integer(photo.height),
                place,
            )
        )

    # ------------------------------------------------------------- editing
    def _edit(self, **changes: object) -> None:
        photo, service = self.photo, self.service()
        if photo is None or service is None:
            return
        try:
            old = service.update(photo.uuid, **changes)
        except RetrofitError as error:
            show_error(self, error, self.context.settings.lang)
            return
        if old:
            new = {k: v for k, v in changes.items() if k in old}
            uuid = photo.uuid
            self.context.undo_stack.push(PhotoEditCommand(
                self.tr("修改照片"), lambda: self.service().update(uuid, **new),
                lambda: self.service().update(uuid, **old), lambda: self.changed.emit(uuid),
            ))  # fmt: skip
            self.changed.emit(uuid)

    def _on_caption_edited(self) -> None:
        if self.photo is not None and self.caption_edit.text().strip() != self.photo.caption:
            self._edit(caption=self.caption_edit.text())
