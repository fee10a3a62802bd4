"""File-menu actions for field copies, merges, conflicts and backups, plus the backup timer.

The main window calls `ExchangeActions(window, context).add_to(file_menu, before=...)`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from retrofit_app.core.exchange.conflicts import list_conflicts
from retrofit_app.core.exchange.export import ExportedPackage, export_package
from retrofit_app.core.exchange.merge import MergeResult, merge_package
from retrofit_app.core.project import Project
from retrofit_app.core.project_backups import (
    BackupStopped,
    DiskRoom,
    backup_if_due,
    backup_now,
    disk_room,
    restore_backup,
)
from retrofit_app.core.words import say
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.dialogs.backups_dialog import BackupsDialog
from retrofit_app.gui.dialogs.conflicts_dialog import ConflictsDialog
from retrofit_app.gui.dialogs.export_package_dialog import ExportPackageDialog
from retrofit_app.gui.formatting import format_integer, format_number
from retrofit_app.gui.icons import icon

SCHEDULE_HOURS = 4  # a scheduled backup when the newest is this old
CHECK_EVERY_MS = 10 * 60 * 1000
STOPPED = "stopped"  # what a backup job returns when Cancel or closing the window stopped it


class ExchangeActions(QObject):
    def __init__(self, window: QWidget, context: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.export_action = self._action(
            self.tr("导出外业副本(&E)…"), "fa5s.file-export", self.export_package
        )
        self.merge_action = self._action(
            self.tr("合并外业副本(&M)…"), "fa5s.file-import", self.merge_package
        )
        self.conflicts_action = self._action(
            self.tr("合并冲突(&C)…"), "fa5s.code-branch", self.show_conflicts
        )
        self.backups_action = self._action(self.tr("备份(&B)…"), "fa5s.history", self.show_backups)
        self.backups_dialog: BackupsDialog | None = None  # while open: reloaded after a backup
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.backup_if_due)
        self.timer.start(CHECK_EVERY_MS)
        context.project_changed.connect(self._on_project_changed)
        self._on_project_changed()

    def _action(self, text: str, icon_name: str, slot) -> QAction:  # noqa: ANN001
        action = QAction(icon(icon_name), text, self.window)
        action.triggered.connect(slot)
        return action

    def add_to(self, menu: QMenu, before: QAction | None = None) -> None:
        """Into `menu` above `before` (at the end when None), each group after a separator."""
        menu.insertSeparator(before)
        menu.insertActions(before, [self.export_action, self.merge_action, self.conflicts_action])
        menu.insertSeparator(before)
        menu.insertAction(before, self.backups_action)

    def _on_project_changed(self) -> None:
        project = self.context.project
        writable = project is not None and not project.readonly
        for action in (self.export_action, self.merge_action):
            action.setEnabled(writable)
        self.conflicts_action.setEnabled(project is not None)
        self.backups_action.setEnabled(project is not None)
        self.backup_if_due()

    # --------------------------------------------------------------- export
    def export_package(self) -> None:
        project = self.context.project
        if project is None:
            return
        suggested = project.path.with_name(project.path.stem + self.tr("-外业副本") + ".gpkg")
        dialog = ExportPackageDialog(
            project.estates.list(),
            suggested,
            selected_uuid=self.context.selected_estate_uuid(),
            parent=self.window,
        )
        if dialog.exec() != ExportPackageDialog.DialogCode.Accepted:
            return
        self.start_export(
            dialog.chosen_codes(), dialog.target(), dialog.personal_data(), dialog.full_numbers()
        )

    def start_export(
        self, codes: list[str], target: Path, personal_data: bool, full_numbers: bool = False
    ) -> None:
        factory = self.context.project_factory()

        def work(progress, cancelled):  # noqa: ANN001, ANN202 - runs on a pool thread
            with factory() as project:
                return export_package(
                    project,
                    codes,
                    target,
                    personal_data=personal_data,
                    full_numbers=full_numbers,
                    progress=progress,
                    cancelled=cancelled,
                )

        def done(made: ExportedPackage) -> None:
            self.context.show_status(
                self.tr("已导出外业副本 {0}（{1} 个小区）。").format(made.path, len(made.estates))
            )

        self.context.jobs.run(self.tr("正在导出外业副本…"), work, done)

    # ---------------------------------------------------------------- merge
    def merge_package(self) -> None:
        if self.context.project is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("选择要合并的外业副本"),
            str(self.context.project.path.parent),
            "GeoPackage (*.gpkg)",
        )
        if path:
            self.start_merge(Path(path))

    def start_merge(self, package: Path) -> None:
        factory = self.context.project_factory()
        keep = self.context.settings.retention

        def work(progress, cancelled):  # noqa: ANN001, ANN202 - runs on a pool thread
            with factory() as project:
                return merge_package(
                    project, package, keep_backups=keep, progress=progress, cancelled=cancelled
                )

        self.context.jobs.run(self.tr("正在合并外业副本…"), work, self._on_merged)

    def _on_merged(self, result: MergeResult) -> None:
        if result.already_merged:
            QMessageBox.information(
                self.window,
                self.tr("合并外业副本"),
                self.tr("该外业副本已合并过（或没有修改），未做任何改动。"),
            )
            return
        for table in [*result.counts, *result.logged]:
            self.context.notify_changed(table)
        changes = sum(sum(n.values()) for n in result.counts.values())
        text = self.tr("已合并：{0} 处修改，用时 {1} 秒。合并前的项目已备份。").format(
            format_integer(changes), format_number(result.seconds, 1)
        )
        self.context.show_status(text)
        for r in result.recoded:
            text += "\n" + self.tr(
                "外业新增的小区“{0}”编号 {1} 在办公室已有别的小区使用，已改为 {2}。"
            ).format(r.name, r.old_code, r.new_code)
        if result.conflicts:
            text += "\n" + self.tr(
                "有 {0} 个字段双方都改过，暂时保留了办公室的值，请逐项决定。"
            ).format(len(result.conflicts))
        QMessageBox.information(self.window, self.tr("合并外业副本"), text)
        if result.conflicts:
            self.show_conflicts()

    # ------------------------------------------------------------ conflicts
    def show_conflicts(self) -> None:
        project = self.context.project
        if project is None:
            return
        dialog = ConflictsDialog(project, self.context.settings.lang, parent=self.window)
        dialog.exec()
        if dialog.decided:
            for table in {c.table for c in list_conflicts(project) if c.choice == "field"}:
                self.context.notify_changed(table)

    # -------------------------------------------------------------- backups
    def show_backups(self) -> None:
        project = self.context.project
        if project is None:
            return
        self.backups_dialog = BackupsDialog(
            project.path,
            self.start_backup,
            self.start_restore,
            readonly=project.readonly,
            parent=self.window,
        )
        self.backups_dialog.exec()
        self.backups_dialog = None

    def _refresh_backups_dialog(self) -> None:
        if self.backups_dialog is not None:
            self.backups_dialog.reload()

    def start_backup(self) -> None:
        factory, keep = self.context.project_factory(), self.context.settings.retention

        def work(progress, cancelled):  # noqa: ANN001, ANN202
            with factory() as project:
                try:
                    made = backup_now(project, keep=keep, should_stop=cancelled)
                except BackupStopped:
                    return STOPPED
                return made, disk_room(project.path)

        def done(result: tuple[Path, DiskRoom] | str) -> None:
            if isinstance(result, str):
                self._say_stopped()
            else:
                self.context.show_status(self.tr("已备份到 {0}").format(result[0]))
                self._warn_if_disk_low(result[1])
            self._refresh_backups_dialog()

        self.context.jobs.run(self.tr("正在备份…"), work, done)

    def start_restore(self, backup: Path) -> None:
        factory, keep = self.context.project_factory(), self.context.settings.retention
        project = self.context.project

        def work(progress, cancelled):  # noqa: ANN001, ANN202
            with factory() as opened:
                return restore_backup(opened, backup, keep=keep)

        def done(saved: Path) -> None:
            # Everything may have changed: reopen so every view reloads.
            self.context.set_project(Project(project.path, user=project.user))
            self.context.show_status(
                self.tr("已从备份恢复；恢复前的内容另存为 {0}").format(saved.name)
            )
            self._refresh_backups_dialog()

        self.context.jobs.run(self.tr("正在从备份恢复…"), work, done)

    def backup_if_due(self) -> None:
        """The schedule: called by the timer and when a project opens. In the background, without
        a progress dialog: copying a large project file must not freeze the window."""
        project = self.context.project
        if project is None or project.readonly:
            return
        factory, keep = self.context.project_factory(), self.context.settings.retention

        def work(progress, cancelled):  # noqa: ANN001, ANN202
            with factory() as opened:
                try:
                    made = backup_if_due(opened, SCHEDULE_HOURS, keep=keep, should_stop=cancelled)
                except BackupStopped:
                    return STOPPED
                return (made, disk_room(opened.path)) if made else None

        def done(result: tuple[Path, DiskRoom] | str | None) -> None:
            if result == STOPPED:
                self._say_stopped()
            elif isinstance(result, tuple):
                self.context.show_status(self.tr("已自动备份到 {0}").format(result[0].name))
                self._warn_if_disk_low(result[1])

        self.context.jobs.run(self.tr("正在自动备份…"), work, done, quiet=True)

    def _warn_if_disk_low(self, room: DiskRoom) -> None:
        """Told after a backup while there is still room, not only when one is refused."""
        if room.low:
            QMessageBox.warning(
                self.window,
                self.tr("磁盘空间不足"),
                say("backup.disk_low", self.context.settings.lang, free_mb=room.free_mb,
                    taken_mb=room.taken_mb, folder=room.folder),
            )  # fmt: skip

    def _say_stopped(self) -> None:
        """Cancel, or the window closing: the backup left nothing listed and no scratch."""
        self.context.show_status(
            self.tr("备份已停止，没有留下不完整的备份；已存好的照片下次备份不必再复制。")
        )
