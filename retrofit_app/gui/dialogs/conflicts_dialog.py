"""The merge conflicts still open: per field, keep the office's value or take the field copy's."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.exchange.conflicts import Conflict, list_conflicts, resolve_conflict
from retrofit_app.core.project import Project
from retrofit_app.gui.error_dialogs import show_error

# Names a person knows; anything else shows as stored.
TABLES = {
    "estates": "小区",
    "buildings": "楼栋",
    "units": "单元",
    "households": "住户",
    "owners": "业主",
    "votes": "表决",
    "consultations": "意见征询",
    "checklist_answers": "检查项",
    "defects": "整改问题",
    "photos": "照片",
}
FIELDS = {
    "name": "名称",
    "note": "备注",
    "area": "面积",
    "floor": "楼层",
    "room": "房号",
    "phone": "电话",
    "id_number": "身份证号",
    "choice": "表决意见",
    "objection": "反对意见",
    "value": "检查结果",
    "caption": "说明",
    "stage": "阶段",
    "status": "状态",
    "deleted_at": "删除时间",
}


def _shown(value: Any) -> str:
    if isinstance(value, bytes):
        return f"<{len(value)} 字节 bytes>"
    return "（空）" if value is None or value == "" else str(value)


class ConflictsDialog(QDialog):
    """Lists open conflicts; each decision is written (and audit-logged) at once."""

    COLUMNS = ("表", "字段", "记录", "办公室的值", "外业的值")

    def __init__(
        self, project: Project, language: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.language = language
        self.decided = 0
        self.setWindowTitle(self.tr("合并冲突"))
        self.resize(860, 440)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the buttons, not cell to cell
        self.table.horizontalHeader().setStretchLastSection(True)
        self.keep_office_button = QPushButton(self.tr("保留办公室的值"))
        self.take_field_button = QPushButton(self.tr("采用外业的值"))
        self.keep_office_button.clicked.connect(lambda: self._decide("office"))
        self.take_field_button.clicked.connect(lambda: self._decide("field"))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.keep_office_button)
        row.addWidget(self.take_field_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        self.conflicts: list[Conflict] = list_conflicts(self.project, open_only=True)
        self.table.setRowCount(len(self.conflicts))
        for r, c in enumerate(self.conflicts):
            cells = [
                self.tr(TABLES.get(c.table, c.table)),
                self.tr(FIELDS.get(c.field, c.field)),
                c.record_uuid[:8],
                _shown(c.office_value),
                _shown(c.field_value),
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, c.uuid)
                item.setToolTip(text)
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        if self.conflicts:
            self.summary.setText(
                self.tr(
                    "合并时双方改了同一字段，程序保留了办公室的值。请逐项决定：{0} 项待处理。"
                ).format(len(self.conflicts))
            )
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
