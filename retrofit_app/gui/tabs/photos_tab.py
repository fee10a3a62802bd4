"""The Photos tab: the selected estate's gallery and filters, and what acts on the selection (view, annotate, compare, delete)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSize, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.photos.model import Photo, Placement, StageTag
from retrofit_app.core.photos.service import PhotoService
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.dialogs.photo_annotate import PhotoAnnotationDialog
from retrofit_app.gui.dialogs.photo_viewer import BeforeAfterDialog, PhotoViewerDialog
from retrofit_app.gui.error_dialogs import show_error
from retrofit_app.gui.formatting import format_integer
from retrofit_app.gui.icons import icon
from retrofit_app.gui.models.photo_model import ICON_SIZE, PhotoGalleryModel, PhotoRole, UuidRole
from retrofit_app.gui.tabs.photo_detail_panel import PhotoDetailPanel, stage_word
from retrofit_app.gui.tabs.photo_file_actions import PhotoFileActions
from retrofit_app.gui.undo.photos import PhotoEditCommand
from retrofit_app.gui.view_sizing import shrinkable
from retrofit_app.gui.wrapping_row import WrappingRow, labelled


class PhotosTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.estate_uuid: str | None = None
        self.model = PhotoGalleryModel(parent=self)
        self.files = PhotoFileActions(context, self, self._placement, self.service, self._changed)
        self._build()
        self.setAcceptDrops(True)
        context.selection_changed.connect(self._on_selection_changed)
        context.project_changed.connect(self.reload)
        context.data_changed.connect(self._on_data_changed)
        self._on_selection_changed(*context.selection())

    # ------------------------------------------------------------- layout
    def _build(self) -> None:
        self.import_button = QPushButton(icon("fa5s.file-import"), self.tr("导入照片(&I)…"))
        self.stage_filter = QComboBox()
        self.stage_filter.addItem(self.tr("全部阶段"), "")
        for tag in StageTag:
            self.stage_filter.addItem(stage_word(tag, self.context.settings.lang), str(tag))
        self.building_filter = QComboBox()
        self.month_filter = QComboBox()
        self.item_filter = QComboBox()
        self.compare_button = QPushButton(icon("fa5s.columns"), self.tr("前后对比(&B)"))
        self.view_button = QPushButton(icon("fa5s.search-plus"), self.tr("查看大图(&V)"))
        self.annotate_button = QPushButton(icon("fa5s.pen"), self.tr("标注(&A)…"))
        self.more_button = self._more_button()
        self.count_label = QLabel()
        # The daily buttons in a row, the rarer ones under "更多": the tab then fits beside
        # the estate tree in a 1024 px window, in English too (seven buttons needed 1177 px).
        bar = QHBoxLayout()
        for widget in (self.import_button, self.compare_button, self.view_button,
                       self.annotate_button, self.more_button):  # fmt: skip
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        labels = (self.tr("阶段："), self.tr("楼栋："), self.tr("月份："), self.tr("检查项："))
        combos = (self.stage_filter, self.building_filter, self.month_filter, self.item_filter)
        # In a narrow window or with a large font the filters take two rows rather than
        # squeezing every combo until "全部检查项" is cut.
        filters = WrappingRow(
            [labelled(t, shrinkable(c)) for t, c in zip(labels, combos, strict=True)]
        )

        self.gallery = QListView()
        self.gallery.setViewMode(QListView.ViewMode.IconMode)
        self.gallery.setIconSize(ICON_SIZE)
        # Room for two lines of caption in the gallery's font (a fixed 44 px cut them at 14 pt).
        line = self.gallery.fontMetrics().height()
        self.gallery.setGridSize(QSize(ICON_SIZE.width() + 24, ICON_SIZE.height() + 2 * line + 12))
        self.gallery.setResizeMode(QListView.ResizeMode.Adjust)
        self.gallery.setUniformItemSizes(True)
        self.gallery.setMovement(QListView.Movement.Static)
        self.gallery.setWordWrap(True)
        self.gallery.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.gallery.setModel(self.model)
        self.empty_hint = QLabel(
            self.tr("请在左侧选择一个小区。")
        )
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)

        self.detail = PhotoDetailPanel(self.context, self.service)
        # The panel's editors, reachable from the tab as before (tests type into them).
        self.caption_edit, self.info_label = self.detail.caption_edit, self.detail.info_label

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.empty_hint)
        left_layout.addWidget(self.gallery, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(filters)
        layout.addWidget(splitter, 1)

        self.import_button.clicked.connect(self.files.choose_files)
        self.stage_filter.currentIndexChanged.connect(self.reload)
        self.building_filter.currentIndexChanged.connect(self.reload)
        self.month_filter.currentIndexChanged.connect(self.reload)
        self.item_filter.currentIndexChanged.connect(self.reload)
        self.compare_button.clicked.connect(self._on_compare_clicked)
        self.view_button.clicked.connect(self._on_view_clicked)
        self.annotate_button.clicked.connect(self._on_annotate_clicked)
        # The Delete key works in the gallery; the menu shows it beside "删除".
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.gallery.addAction(self.delete_action)
        self.gallery.doubleClicked.connect(self._on_view_clicked)
        self.gallery.selectionModel().selectionChanged.connect(self._show_current)
        self.detail.changed.connect(self._changed)

    def _more_button(self) -> QToolButton:
        """ "更多": import a folder, export the originals, delete (each with its mnemonic)."""
        button = QToolButton()
        button.setText(self.tr("更多(&M)"))
        button.setIcon(icon("fa5s.ellipsis-h"))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # As tall as the push buttons beside it, so the row stays one line of text high.
        button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        menu = QMenu(button)
        self.import_folder_action = menu.addAction(
            icon("fa5s.folder-open"), self.tr("导入文件夹(&F)…"), self.files.choose_folder
        )
        self.export_action = menu.addAction(
            icon("fa5s.file-export"),
            self.tr("导出原图(&X)…"),
            lambda: self.files.export_originals(self.selected_uuids()),
        )
        menu.addSeparator()
        self.delete_action = menu.addAction(
            icon("fa5s.trash-alt"), self.tr("删除(&D)"), self._on_delete_clicked
        )
        button.setMenu(menu)
        return button

    # ------------------------------------------------------------- loading
    def service(self) -> PhotoService | None:
        return self.context.project.photos if self.context.project is not None else None

    def _on_selection_changed(self, kind: str, uuid: str) -> None:
        estate = self.context.selected_estate_uuid()
        if estate != self.estate_uuid:
            self.estate_uuid = estate
            self._fill_buildings()
        if kind == "building":
            self.building_filter.setCurrentIndex(max(0, self.building_filter.findData(uuid)))
        self.reload()

    def _on_data_changed(self, table: str) -> None:
        if table in ("photos", "buildings"):
            if table == "buildings":
                self._fill_buildings()
            self.reload()

    def _fill_buildings(self) -> None:
        buildings = (
            self.context.project.buildings.of_estate(self.estate_uuid)
            if self.context.project and self.estate_uuid
            else []
        )
        for combo, everything in (
            (self.building_filter, self.tr("全部楼栋")),
            (self.detail.building_edit, self.tr("（不指定）")),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, "")
            for building in buildings:
                combo.addItem(building.name, building.uuid)
            combo.blockSignals(False)

    def _fill_choices(self, choices: dict[str, list[str]]) -> None:
        """Months and checklist items that occur among the estate's photos; the choice is kept when still there."""
        for combo, everything, values in (
            (self.month_filter, self.tr("全部月份"), choices["months"]),
            (self.item_filter, self.tr("全部检查项"), choices["items"]),
        ):
            chosen = combo.currentData() or ""
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, "")
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)

    def reload(self) -> None:
        """Read the ids again (cheap even for thousands); rows and thumbnails come when shown."""
        service = self.service()
        has_estate = service is not None and self.estate_uuid is not None
        if has_estate:
            self._fill_choices(service.filter_choices(self.estate_uuid))
        month = self.month_filter.currentData() or ""
        ids = (
            service.ids(self.estate_uuid, stage_tag=self.stage_filter.currentData() or None,
                        building_uuid=self.building_filter.currentData() or None,
                        item_id=self.item_filter.currentData() or None,
                        date_from=month or None, date_to=f"{month}-31" if month else None)
            if has_estate else []
        )  # fmt: skip
        selected = set(self.selected_uuids())
        self.model.load(service, ids)
        self.empty_hint.setText(self._empty_text(has_estate))
        self.empty_hint.setVisible(not ids)
        self.gallery.setVisible(bool(ids))
        writable = has_estate and not self.context.is_readonly()
        self.import_button.setEnabled(writable)
        self.import_folder_action.setEnabled(writable)
        self.count_label.setText(
            self.tr("{0} 张照片").format(format_integer(len(ids))) if has_estate else ""
        )
        for uuid in selected:
            row = self.model.row_of(uuid)
            if 0 <= row < self.model.rowCount():
                self.gallery.selectionModel().select(
                    self.model.index(row), QItemSelectionModel.SelectionFlag.Select
                )
        self._show_current()

    def _empty_text(self, has_estate: bool) -> str:
        """What the empty gallery says: choose an estate first, or how to add photos to this one."""
        if not has_estate:
            return self.tr("请在左侧选择一个小区。")
        if self.context.is_readonly():
            return self.tr("这个小区还没有照片（项目以只读方式打开）。")
        filtered = any(c.currentData() for c in (self.stage_filter, self.building_filter,
                                                   self.month_filter, self.item_filter))  # fmt: skip
        if filtered:
            return self.tr("没有符合筛选条件的照片。")
        return self.tr("这个小区还没有照片。点“导入照片”，或把照片文件、文件夹拖到这里。")

    def selected_uuids(self) -> list[str]:
        rows = sorted(i.row() for i in self.gallery.selectionModel().selectedIndexes())
        return [self.model.index(r).data(UuidRole) for r in rows]

    def _current_photo(self) -> Photo | None:
        indexes = self.gallery.selectionModel().selectedIndexes()
        return indexes[0].data(PhotoRole) if len(indexes) == 1 else None

    def _show_current(self) -> None:
        photo = self._current_photo()
        count = len(self.gallery.selectionModel().selectedIndexes())
        readonly = self.context.is_readonly()
        self.annotate_button.setEnabled(photo is not None and not readonly)
        self.view_button.setEnabled(photo is not None)
        self.delete_action.setEnabled(count > 0 and not readonly)
        self.export_action.setEnabled(count > 0)
        self.compare_button.setEnabled(count in (1, 2))
        self.detail.show_photo(photo, count)

    # ------------------------------------------------------------- editing
    def _changed(self, uuid: str | None = None) -> None:
        if uuid:
            self.model.forget(uuid)
        self.context.notify_changed("photos")

    def _on_delete_clicked(self) -> None:
        uuids, service = self.selected_uuids(), self.service()
        if not uuids or service is None or self.context.is_readonly():
            return
        service.delete(uuids)
        self.context.undo_stack.push(PhotoEditCommand(
            self.tr("删除 {0} 张照片").format(len(uuids)), lambda: self.service().delete(uuids),
            lambda: self.service().restore(uuids), self._changed,
        ))  # fmt: skip
        self.context.show_status(
            self.tr("已将 {0} 张照片移入回收站（可撤销）。").format(len(uuids))
        )
        self._changed()

    # ------------------------------------------------------------- looking
    def _on_view_clicked(self) -> None:
        photo, service = self._current_photo(), self.service()
        if photo is not None and service is not None:
            PhotoViewerDialog(photo, service.report_rendition(photo.uuid), self).exec()

    def annotation_dialog(self) -> PhotoAnnotationDialog | None:
        photo, service = self._current_photo(), self.service()
        if photo is None or service is None:
            return None
        return PhotoAnnotationDialog(
            service.print_rendition(photo.uuid), service.annotation(photo.uuid), self
        )

    def _on_annotate_clicked(self) -> None:
        dialog, photo = self.annotation_dialog(), self._current_photo()
        if dialog is not None and dialog.exec() == PhotoAnnotationDialog.DialogCode.Accepted:
            self.save_annotation(photo.uuid, dialog.shapes)

    def save_annotation(self, uuid: str, shapes: list[dict]) -> None:
        try:
            old = self.service().annotate(uuid, shapes)
        except RetrofitError as error:
            show_error(self, error, self.context.settings.lang)
            return
        self.context.undo_stack.push(PhotoEditCommand(
            self.tr("标注照片"), lambda: self.service().annotate(uuid, shapes),
            lambda: self.service().annotate(uuid, old), lambda: self._changed(uuid),
        ))  # fmt: skip
        self._changed(uuid)

    def compare_dialog(self) -> BeforeAfterDialog | None:
        """The before/after dialog for the selection: two photos, or one and its partner."""
        service = self.service()
        uuids = self.selected_uuids()
        if service is None or not uuids:
            return None
        photos = service.many(uuids[:2])
        if len(photos) == 1:
            partner = service.partner(photos[0].uuid)
            if partner is None:
                QMessageBox.information(
                    self, self.tr("前后对比"), self.tr("这个小区还没有可对比的改造前或改造后照片。")
                )
                return None
            photos.append(partner)
        return BeforeAfterDialog([(p, service.print_rendition(p.uuid)) for p in photos], self)

    def _on_compare_clicked(self) -> None:
        dialog = self.compare_dialog()
        if dialog is not None:
            dialog.exec()

    # ------------------------------------------------------------- importing
    def _placement(self) -> Placement | None:
        """Imports land in the selected estate, in the stage and building the filters show (when set)."""
        if self.context.project is None or self.estate_uuid is None or self.context.is_readonly():
            return None
        return Placement(
            self.estate_uuid,
            stage_tag=StageTag(self.stage_filter.currentData() or "before"),
            building_uuid=self.building_filter.currentData() or None,
        )

    def import_paths(self, paths: list[Path]) -> None:
        """Import files or folders in the background (drops here and on the estate tree)."""
        self.files.import_paths(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)
