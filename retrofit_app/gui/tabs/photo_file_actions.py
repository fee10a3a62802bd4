"""Photo files in and out for the Photos tab: pick files or a folder, import in the background, export originals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from retrofit_app.core.photos.importer import import_photos
from retrofit_app.core.photos.model import ImportResult, ImportStatus, Placement
from retrofit_app.core.photos.service import PhotoService
from retrofit_app.gui.context import AppContext


class PhotoFileActions(QObject):
    """Imports land where `placement()` says; dialogs and message boxes open over `widget`."""

    def __init__(
        self,
        context: AppContext,
        widget: QWidget,
        placement: Callable[[], Placement | None],
        service: Callable[[], PhotoService | None],
        imported: Callable[[], None],
    ) -> None:
        super().__init__(widget)
        self.context, self.widget = context, widget
        # Callables, asked at each use: a drop lands in the estate, stage and building shown then.
        self.placement, self.service, self.imported = placement, service, imported

    def choose_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self.widget,
            self.tr("导入照片"),
            self.context.start_folder(),
            self.tr("照片 (*.jpg *.jpeg *.png *.heic *.heif);;所有文件 (*)"),
        )
        if files:
            self.import_paths([Path(f) for f in files])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.widget, self.tr("导入文件夹中的照片（含子文件夹）"), self.context.start_folder()
        )
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        """Import in the background; files, folders (with subfolders) or both."""
        placement = self.placement()
        if placement is None:
            self.context.show_status(self.tr("请先在左侧选择一个小区，再导入照片。"))
            return
        factory = self.context.project_factory()

        def work(progress, cancelled) -> list[ImportResult]:  # noqa: ANN001 - runs on a pool thread
            with factory() as project:
                return import_photos(
                    project, placement, paths, progress=progress, cancelled=cancelled
                )

        self.context.jobs.run(self.tr("导入照片"), work, self._on_imported)

    def _on_imported(self, results: list[ImportResult]) -> None:
        counts = {s: sum(r.status == s for r in results) for s in ImportStatus}
        self.context.show_status(
            self.tr("已导入 {0} 张，重复 {1} 张，失败 {2} 张，未处理 {3} 张。").format(
                counts[ImportStatus.IMPORTED], counts[ImportStatus.DUPLICATE], counts[ImportStatus.FAILED],
                counts[ImportStatus.CANCELLED],
            )
        )  # fmt: skip
        problems = [
            r.error.sentence(self.context.settings.lang)
            for r in results
            if r.status == ImportStatus.FAILED
        ]
        problems += [r.warning.sentence(self.context.settings.lang) for r in results if r.warning]
        self.imported()
        if problems:
            shown = problems[:15] + (
                [self.tr("……另有 {0} 条").format(len(problems) - 15)] if len(problems) > 15 else []
            )
            QMessageBox.warning(self.widget, self.tr("部分照片未能导入"), "\n".join(shown))

    def export_originals(self, uuids: list[str]) -> None:
        """Copy the selected photos' original files, unchanged, into a folder the user picks."""
        service = self.service()
        folder = (
            QFileDialog.getExistingDirectory(
                self.widget, self.tr("导出原图到文件夹"), self.context.start_folder()
            )
            if uuids
            else ""
        )
        if folder and service is not None:
            written = service.export_originals(uuids, Path(folder))
            self.context.show_status(
                self.tr("已导出 {0} 张原图到 {1}。").format(len(written), folder)
            )
