"""The Programme tab's panels: a form for the plan or the management, a table for funds, contracts,
works, elevators, meetings and an elevator's cost shares; every edit saved at once as one undo step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.programme.codes import WORK_CODES
from retrofit_app.core.programme.plan_export import place_names
from retrofit_app.core.programme.plan_import import RowRefused, elevator_places
from retrofit_app.core.programme.plan_sheets import (
    BUILDING,
    CODE_WORDS,
    UNIT,
    Layout,
    shown_cell,
    typed_cell,
)
from retrofit_app.core.words import say
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.undo.programme import apply_programme_edit, removal_steps

# What a new record starts with: a fund must name its source, kind and amount, a meeting its day.
# Rows a table shows before it scrolls: a district's estate has a dozen funds, a few of the rest.
_VISIBLE_ROWS = {"estate_funds": 8, "elevator_cost_shares": 8}
_NEW = {
    "estate_funds": {"source": "central", "kind": "budget", "amount_fen": 0},
    "governance_meetings": {"held_on": dt.date.today().isoformat()},
}


def cell_text(layout: Layout, column: str, value: Any, lang: str) -> str:
    shown = shown_cell(layout, column, value, lang)
    if shown is None:
        return ""
    if isinstance(shown, Decimal):
        return format(shown.normalize(), "f")
    if isinstance(shown, dt.date):
        return shown.isoformat()
    if isinstance(shown, float) and shown.is_integer():
        return str(int(shown))
    return str(shown)


def code_choices(column: str, lang: str) -> list[str]:
    """A code column's words to choose from (资金来源: 中央补助, 省级补助 …), '' first."""
    return ["", *(say(msgid, lang) for msgid in CODE_WORDS[column].values())]


class CodeBox(QComboBox):
    """A code field of a form (委员会类型, 物业管理模式) chosen from its words, read like a QLineEdit."""

    def __init__(self, column: str, lang: str) -> None:
        super().__init__()
        self.addItems(code_choices(column, lang))

    def text(self) -> str:
        return self.currentText()

    def setText(self, text: str) -> None:  # noqa: N802 - QLineEdit's name
        index = self.findText(text)
        if index < 0 and text:  # a word of the other language, or an unknown code: kept as typed
            self.addItem(text)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))

    def setReadOnly(self, readonly: bool) -> None:  # noqa: N802 - QLineEdit's name
        self.setEnabled(not readonly)


class CodeDelegate(QStyledItemDelegate):
    """A table's code cell (资金来源, 类别, 改造内容, 单位) edited by choosing one of its words."""

    def __init__(self, column: str, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = code_choices(column, lang)[1:]

    def createEditor(self, parent: QWidget, _option: object, _index: object) -> QWidget:  # noqa: N802
        box = QComboBox(parent)
        box.addItems(self.choices)
        return box


class _Panel(QGroupBox):
    changed = Signal()

    def __init__(self, context: AppContext, layout: Layout, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.layout_spec = context, layout
        self.estate_uuid: str | None = None
        self.message = QLabel()
        self.message.setWordWrap(True)

    @property
    def lang(self) -> str:
        return self.context.settings.lang

    def head(self, column: str) -> str:
        return self.layout_spec.head_text(column, self.lang)

    def refused(self, error: RetrofitError) -> None:
        self.message.setStyleSheet("color: #B00020;")
        self.message.setText(error.sentence(self.lang))
        self.show_estate(self.estate_uuid)

    def said(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)

    def show_estate(self, estate_uuid: str | None) -> None:
        raise NotImplementedError


class RecordForm(_Panel):
    """The estate's plan or management: one record, saved with its button."""

    def __init__(self, context: AppContext, layout: Layout, parent: QWidget | None = None) -> None:
        super().__init__(context, layout, parent)
        self.setTitle(layout.title(self.lang))
        self.edits: dict[str, QLineEdit | CodeBox] = {
            column: CodeBox(column, self.lang) if column in CODE_WORDS else QLineEdit()
            for column in layout.columns
        }
        self.save_button = QPushButton(self.tr("保存"))
        form = QFormLayout(self)
        for column, edit in self.edits.items():
            form.addRow(self.head(column), edit)
        form.addRow(self.save_button, self.message)
        self.save_button.clicked.connect(self.save)
        self.current: dict[str, Any] = {}

    def show_estate(self, estate_uuid: str | None) -> None:
        self.estate_uuid = estate_uuid
        project = self.context.project
        found = (
            project.programme.one(self.layout_spec.table, estate_uuid)
            if project and estate_uuid
            else None
        )
        self.current = found or {}
        for column, edit in self.edits.items():
            edit.setText(cell_text(self.layout_spec, column, self.current.get(column), self.lang))
            edit.setReadOnly(self.context.is_readonly())
        self.save_button.setEnabled(not self.context.is_readonly())

    def save(self) -> bool:
        """Write the fields typed differently from the record; one undo step."""
        if not self.estate_uuid or self.context.project is None:
            return False
        table, estate = self.layout_spec.table, self.estate_uuid
        try:
            typed = {c: typed_cell(self.layout_spec, c, e.text()) for c, e in self.edits.items()}
        except RetrofitError as error:
            self.refused(error)
            return False
        changes = {c: v for c, v in typed.items() if self._differs(c, v)}
        if not changes:
            return True
        old = {c: self.current.get(c) for c in changes}
        if not self.current:
            old = {c: ("" if isinstance(v, str) else None) for c, v in changes.items()}
        text = self.tr("修改“{0}”").format(self.layout_spec.title(self.lang))
        done = apply_programme_edit(
            self.context, text,
            lambda programme: programme.set_one(table, estate, **changes),
            lambda programme: programme.set_one(table, estate, **old),
            self.refused,
        )  # fmt: skip
        if done is None:
            return False
        self.show_estate(estate)
        self.said(self.tr("已保存"))
        self.changed.emit()
        return True

    def _differs(self, column: str, value: Any) -> bool:
        stored = self.current.get(column)
        if stored in (None, "") and value in (None, ""):
            return False
        if isinstance(stored, float) and value not in (None, ""):
            return Decimal(str(value)) != Decimal(str(stored))
        return str(stored) != str(value)


class RecordTable(_Panel):
    """The estate's funds, contracts, works, elevators or meetings, a record a row; a cell
    edited is saved when left."""

    selected = Signal(str)  # the uuid of the record chosen ('' for none)

    def __init__(self, context: AppContext, layout: Layout, parent: QWidget | None = None) -> None:
        super().__init__(context, layout, parent)
        self.setTitle(layout.title(self.lang))
        self.columns = [
            c for c in layout.columns if c != "registration_number" or layout.per_estate != "shares"
        ]
        if layout.table == "elevators":  # which building and stairwell, by name
            self.columns = [BUILDING, UNIT, *self.columns]
        self.places: dict[str, str] = {}
        self.table = QTableWidget(0, len(self.columns))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.table.setHorizontalHeaderLabels([self.head(c) for c in self.columns])
        for index, column in enumerate(self.columns):
            if column in CODE_WORDS:
                self.table.setItemDelegateForColumn(index, CodeDelegate(column, self.lang, self))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        rows = _VISIBLE_ROWS.get(layout.table, 4)
        line = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(header.sizeHint().height() + rows * line + 4)
        self.add_button = QPushButton(self.tr("新增"))
        self.remove_button = QPushButton(self.tr("删除"))
        self.rows: list[dict[str, Any]] = []
        self.owner: str | None = None  # the estate (or, for cost shares, the elevator)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.message, 1)
        box = QVBoxLayout(self)
        box.addWidget(self.table)
        box.addLayout(buttons)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.add_button.clicked.connect(self.add_record)
        self.remove_button.clicked.connect(self.remove_record)

    def _load(self) -> list[dict[str, Any]]:
        project = self.context.project
        if project is None or not self.owner:
            return []
        if self.layout_spec.table == "elevator_cost_shares":
            return project.programme.shares(self.owner)
        return project.programme.rows(self.layout_spec.table, self.owner)

    def show_estate(self, estate_uuid: str | None) -> None:
        if self.layout_spec.table != "elevator_cost_shares":
            self.estate_uuid = estate_uuid
        self.owner = self.owner if self.layout_spec.table == "elevator_cost_shares" else estate_uuid
        self.rows = self._load()
        if self.layout_spec.table == "elevators" and self.context.project and self.owner:
            self.places = place_names(self.context.project, [self.owner])
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, column in enumerate(self.columns):
                self.table.setItem(r, c, QTableWidgetItem(self._text(row, column)))
        self.table.blockSignals(False)
        editable = bool(self.owner) and not self.context.is_readonly()
        self.table.setEnabled(bool(self.owner))
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and bool(self.rows))

    def _text(self, row: dict[str, Any], column: str) -> str:
        if column in (BUILDING, UNIT):  # an elevator's building and stairwell, by name
            return self.places.get(
                row.get(f"{'building' if column == BUILDING else 'unit'}_uuid") or "", ""
            )
        return cell_text(self.layout_spec, column, row.get(column), self.lang)

    def show_elevator(self, elevator_uuid: str) -> None:
        self.owner = elevator_uuid or None
        self.show_estate(self.estate_uuid)

    def row_uuid(self) -> str:
        index = self.table.currentRow()
        return self.rows[index]["uuid"] if 0 <= index < len(self.rows) else ""

    def _on_selection(self) -> None:
        self.selected.emit(self.row_uuid())

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self.context.is_readonly() or not 0 <= item.row() < len(self.rows):
            return
        row, column = self.rows[item.row()], self.columns[item.column()]
        table, uuid = self.layout_spec.table, row["uuid"]
        if column in (BUILDING, UNIT):
            self._place_changed(row, column, item.text())
            return
        try:
            value = typed_cell(self.layout_spec, column, item.text())
        except RetrofitError as error:
            self.refused(error)
            return
        old = row.get(column)
        text = self.tr("修改“{0}”的“{1}”").format(
            self.layout_spec.title(self.lang), self.head(column)
        )
        if table == "elevator_cost_shares":
            if column == "floor":
                forward = lambda p: p.move_share(uuid, value)  # noqa: E731
                backward = lambda p: p.move_share(uuid, old)  # noqa: E731
            else:
                floor = row["floor"]
                forward = lambda p: p.set_share(self.owner, floor, value)  # noqa: E731
                backward = lambda p: p.set_share(self.owner, floor, old)  # noqa: E731
        else:
            forward = lambda p: p.change(table, uuid, **{column: value})  # noqa: E731
            backward = lambda p: p.change(table, uuid, **{column: old})  # noqa: E731
        if apply_programme_edit(self.context, text, forward, backward, self.refused) is not None:
            self.said(self.tr("已保存"))
            self.show_estate(self.estate_uuid)
            self.changed.emit()

    def _place_changed(self, row: dict[str, Any], column: str, text: str) -> None:
        """An elevator moved to the building and stairwell typed (by name, in its estate)."""
        names = {BUILDING: self._text(row, BUILDING), UNIT: self._text(row, UNIT), column: text}
        project = self.context.project
        try:
            new = elevator_places(project, row["estate_uuid"], names) if project else {}
        except RowRefused as refusal:
            self.message.setStyleSheet("color: #B00020;")
            self.message.setText(say(refusal.msgid, self.lang, **refusal.params))
            self.show_estate(self.estate_uuid)
            return
        old = {"building_uuid": row.get("building_uuid"), "unit_uuid": row.get("unit_uuid")}
        uuid, label = (
            row["uuid"],
            self.tr("修改“{0}”的“{1}”").format(
                self.layout_spec.title(self.lang), self.head(column)
            ),
        )
        forward = lambda p: p.change("elevators", uuid, **new)  # noqa: E731
        backward = lambda p: p.change("elevators", uuid, **old)  # noqa: E731
        if apply_programme_edit(self.context, label, forward, backward, self.refused) is not None:
            self.said(self.tr("已保存"))
            self.show_estate(self.estate_uuid)
            self.changed.emit()

    def add_record(self) -> None:
        if not self.owner:
            return
        table, owner = self.layout_spec.table, self.owner
        text = self.tr("新增“{0}”").format(self.layout_spec.title(self.lang))
        if table == "elevator_cost_shares":
            floor = max([r["floor"] for r in self.rows], default=1) + 1

            def forward(p):
                return p.set_share(owner, floor, 0)

            def backward(p):
                share = next(s["uuid"] for s in p.shares(owner) if s["floor"] == floor)
                return p.remove(table, share)

        else:
            values = dict(_NEW.get(table, {}))
            if table == "estate_works":
                used = {r["work"] for r in self.rows}
                values = {
                    "work": next((w for w in WORK_CODES if w not in used), WORK_CODES[0]),
                    "quantity": 0,
                }
            made: dict[str, str] = {}

            def forward(p: Any) -> Any:
                row = p.add(table, owner, uuid=made.get("uuid"), **values)
                made["uuid"] = row["uuid"]
                return row

            def backward(p: Any) -> None:
                p.remove(table, made["uuid"])

        if apply_programme_edit(self.context, text, forward, backward, self.refused) is not None:
            self.show_estate(self.estate_uuid)
            self.table.setCurrentCell(self.table.rowCount() - 1, 0)
            self.changed.emit()

    def remove_record(self) -> None:
        uuid = self.row_uuid()
        project = self.context.project
        if not uuid or project is None:
            return
        table = self.layout_spec.table
        row = next(r for r in self.rows if r["uuid"] == uuid)
        text = self.tr("删除“{0}”的一条记录").format(self.layout_spec.title(self.lang))
        if table == "elevator_cost_shares":
            owner = self.owner
            forward = lambda p: p.remove(table, uuid)  # noqa: E731
            backward = lambda p: p.set_share(owner, row["floor"], row["share_fen"])  # noqa: E731
        else:
            shares = project.programme.shares(uuid) if table == "elevators" else []
            forward, backward = removal_steps(table, row, shares)
        if apply_programme_edit(self.context, text, forward, backward, self.refused) is not None:
            self.show_estate(self.estate_uuid)
            self.changed.emit()
