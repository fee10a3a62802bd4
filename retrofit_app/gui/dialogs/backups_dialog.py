"""The project's backups: make one now, restore one (the current content is saved first)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.project_backups import list_backups
from retrofit_app.gui.dialogs.buttons import actions_and_close, record_table
from retrofit_app.gui.formatting import format_datetime

REASONS = {
    "before-merge": QT_TRANSLATE_NOOP("BackupsDialog", "合并外业副本前"),
    "before-migration": QT_TRANSLATE_NOOP("BackupsDialog", "升级数据版本前"),
    "before-restore": QT_TRANSLATE_NOOP("BackupsDialog", "恢复备份前"),
    "scheduled": QT_TRANSLATE_NOOP("BackupsDialog", "定时备份"),
    "manual": QT_TRANSLATE_NOOP("BackupsDialog", "手动备份"),
}


class BackupsDialog(QDialog):
    """`backup_now()` and `restore(path)` are given by the caller, which runs them as jobs."""

    def __init__(
        self,
        project_path: Path,
        backup_now: Callable[[], None],
        restore: Callable[[Path], None],
        *,
        readonly: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.project_path = project_path
        self._backup_now = backup_now
        self._restore = restore
        self.setWindowTitle(self.tr("备份"))
        self.resize(720, 400)
        self.table = record_table([self.tr("时间"), self.tr("原因"), self.tr("文件")])
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.restore_button = QPushButton(self.tr("恢复所选备份…"))
        self.backup_button.clicked.connect(self._on_backup_clicked)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.backup_button.setEnabled(not readonly)
        self.readonly = readonly
        self.table.itemSelectionChanged.connect(self._update_buttons)
        note = QLabel(self.tr("恢复时，当前内容会先另存为一份备份，因此恢复也可以撤回。"))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addLayout(actions_and_close(self, self.backup_button, self.restore_button))
        self.reload()

    def reload(self) -> None:
        self.backups = list_backups(self.project_path)
        self.table.setRowCount(len(self.backups))
        for r, backup in enumerate(self.backups):
            local = format_datetime(backup.made_at, seconds=True)
            cells = [local, self.tr(REASONS.get(backup.reason, backup.reason)), backup.path.name]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def selected_path(self) -> Path | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.backups[min(rows)].path if rows else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected_path() is not None and not self.readonly)

    def _on_backup_clicked(self) -> None:
        self._backup_now()

    def _on_restore_clicked(self) -> None:
        path = self.selected_path()
        if path is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("恢复备份"),
            self.tr("用备份 {0} 替换当前项目的全部内容？当前内容会先另存为一份备份。").format(
                path.name
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._restore(path)
