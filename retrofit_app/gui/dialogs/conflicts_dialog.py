"""The merge conflicts still open: per field, keep the office's value or take the field copy's."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.exchange.conflict_words import Change, describe
from retrofit_app.core.exchange.conflicts import EDIT, Conflict, list_conflicts, resolve_conflict
from retrofit_app.core.project import Project
from retrofit_app.gui.dialogs.buttons import actions_and_close, record_table
from retrofit_app.gui.error_dialogs import show_error
from retrofit_app.gui.formatting import format_datetime
from retrofit_app.gui.view_sizing import fit_on_screen


def _change(change: Change) -> str:
    return f"{change.user} {format_datetime(change.at)}" if change.at else ""


class ConflictsDialog(QDialog):
    """Lists open conflicts; each decision is written (and audit-logged) at once."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("ConflictsDialog", "位置"),
        QT_TRANSLATE_NOOP("ConflictsDialog", "记录"),
        QT_TRANSLATE_NOOP("ConflictsDialog", "字段"),
        QT_TRANSLATE_NOOP("ConflictsDialog", "办公室的值"),
        QT_TRANSLATE_NOOP("ConflictsDialog", "办公室：谁、何时"),
        QT_TRANSLATE_NOOP("ConflictsDialog", "外业的值"),
        QT_TRANSLATE_NOOP("ConflictsDialog", "外业：谁、何时"),
    )

    def __init__(
        self, project: Project, language: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.language = language
        self.decided = 0
        self.setWindowTitle(self.tr("合并冲突"))
        fit_on_screen(self, 860, 440)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = record_table([self.tr(c) for c in self.COLUMNS])
        self.keep_office_button = QPushButton(self.tr("保留办公室的值"))
        self.take_field_button = QPushButton(self.tr("采用外业的值"))
        self.keep_office_button.clicked.connect(lambda: self._decide("office"))
        self.take_field_button.clicked.connect(lambda: self._decide("field"))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions_and_close(self, self.keep_office_button, self.take_field_button))
        self.reload()

    def reload(self) -> None:
        self.conflicts: list[Conflict] = list_conflicts(self.project, open_only=True)
        self.table.setRowCount(len(self.conflicts))
        for r, c in enumerate(self.conflicts):
            words = describe(self.project, c, self.language)
            cells = [words.place, words.record, words.field, words.office_value,
                     _change(words.office_change), words.field_value, _change(words.field_change)]  # fmt: skip
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, c.uuid)
                item.setToolTip(text)
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        deletions = sum(c.kind != EDIT for c in self.conflicts)
        if self.conflicts:
            text = self.tr(
                "合并时双方改了同一字段，程序保留了办公室的值。请逐项决定：{0} 项待处理。"
            ).format(len(self.conflicts))
            if deletions:
                text += " " + self.tr(
                    "其中 {0} 项是一方删除了记录、另一方改过它：记录按办公室的状态保留，“采用外业的值”则按外业删除或恢复它。"
                ).format(deletions)
            self.summary.setText(text)
        else:
            self.summary.setText(self.tr("没有待处理的冲突。"))
        self._update_buttons()

    def selected(self) -> list[Conflict]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.conflicts[r] for r in rows]

    def _update_buttons(self) -> None:
        has = bool(self.selected()) and not self.project.readonly
        self.keep_office_button.setEnabled(has)
        self.take_field_button.setEnabled(has)

    def _decide(self, choice: str) -> None:
        for conflict in self.selected():
            try:
                resolve_conflict(self.project, conflict.uuid, choice)
                self.decided += 1
            except RetrofitError as error:
                show_error(self, error, self.language)
                break
        self.reload()
