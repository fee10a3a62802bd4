"""The item list of one checklist: rows grouped by section, answered with the keyboard alone."""

from __future__ import annotations

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDoubleValidator, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from retrofit_app.core.checklists.model import Checklist
from retrofit_app.core.checklists.progress import visible_slots
from retrofit_app.core.checklists.sources import basis, basis_label, sources_text
from retrofit_app.core.checklists.template_model import (
    CHECK_STAGE_LABELS,
    VERDICT_LABELS,
    AnswerType,
    Item,
)
from retrofit_app.core.words import in_language, say
from retrofit_app.gui.formatting import format_date, format_plain
from retrofit_app.gui.tabs.checklist_source_panel import BASIS_COLOURS
from retrofit_app.gui.view_sizing import em

COL_ITEM, COL_STAGE, COL_ANSWER, COL_RESULT, COL_NOTE, COL_STANDARD = range(6)
SLOT_ROLE = Qt.ItemDataRole.UserRole + 1  # (item id, stage) on the item column
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2  # the stored answer value on the answer column
FILTERS = ("all", "unanswered", "failed", "defects")
_TYPED = (AnswerType.NUMBER, AnswerType.TEXT, AnswerType.DATE)
# Letters that answer a row: Y/N/A for yes-no-n/a, and for pass/fail lists the same keys.
_LETTERS = {"y": ("yes", "pass"), "n": ("no", "fail"), "a": ("na",)}
_FAIL = QColor("#B00020")
_PASS = QColor("#007A4D")
_SECTION_BG = QColor("#E8EEF4")


def key_value(item: Item, text: str) -> str | None:
    """The answer a key press gives on this item, or None when the key means nothing here."""
    values = [o.value for o in item.options]
    if text in _LETTERS:
        return next((v for v in _LETTERS[text] if v in values), None)
    if text.isdigit() and item.answer_type is AnswerType.CHOICE and 1 <= int(text) <= len(values):
        return values[int(text) - 1]
    return None


class AnswerDelegate(QStyledItemDelegate):
    """Editors for the answer and note columns; a commit goes to the tree's signals, not the model."""

    def __init__(self, tree: ChecklistTree) -> None:
        super().__init__(tree)
        self.tree = tree

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget | None:  # noqa: ANN001, N802
        slot = self.tree.slot_of(index)
        if slot is None or index.column() not in (COL_ANSWER, COL_NOTE):
            return None
        item, _stage = slot
        if index.column() == COL_NOTE or item.answer_type in _TYPED:
            editor = QLineEdit(parent)
            if index.column() == COL_ANSWER and item.answer_type is AnswerType.NUMBER:
                editor.setValidator(QDoubleValidator(editor))
                editor.setPlaceholderText(item.unit[0])
            if index.column() == COL_ANSWER and item.answer_type is AnswerType.DATE:
                # Typed digits fill year, month and day; a calendar popup would need the mouse.
                editor.setInputMask("0000-00-00")
            return editor
        combo = QComboBox(parent)
        for option_ in item.options:
            combo.addItem(in_language(option_.zh, option_.en, self.tree.lang), option_.value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        raw = index.data(VALUE_ROLE) if index.column() == COL_ANSWER else index.data()
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(raw)))
        elif isinstance(editor, QLineEdit) and not editor.text().strip("-"):
            if raw is None and editor.inputMask():
                raw = QDate.currentDate().toString("yyyy-MM-dd")  # today, the usual answer
            editor.setText("" if raw is None else str(raw))

    def setModelData(self, editor: QWidget, _model, index: QModelIndex) -> None:  # noqa: ANN001, N802
        slot = self.tree.slot_of(index)
        if slot is None:
            return
        item, stage = slot
        if isinstance(editor, QComboBox):
            value = editor.currentData()
        else:
            value = editor.text().strip()
            if editor.inputMask() and not value.strip("-"):
                value = ""
        if index.column() == COL_NOTE:
            self.tree.note_edited.emit(item.id, stage, value)
        else:
            self.tree.advance_after_edit = True
            self.tree.answer_given.emit(item.id, stage, value or None)


class ChecklistTree(QTreeWidget):
    answer_given = Signal(str, str, object)  # item id, stage, value (None clears)
    note_edited = Signal(str, str, str)

    def __init__(self, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.checklist: Checklist | None = None
        self.filter = "all"
        self.advance_after_edit = False
        self._rows: dict[tuple[str, str], QTreeWidgetItem] = {}
        self._sections: list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]] = []
        self.setColumnCount(6)
        self.setHeaderLabels(
            [
                self.tr("条目"),
                self.tr("阶段"),
                self.tr("答案"),
                self.tr("结果"),
                self.tr("备注"),
                self.tr("依据"),
            ]
        )
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setItemDelegate(AnswerDelegate(self))
        self._size_columns()

    def _size_columns(self) -> None:
        """The item's words always show in full; the standard (least needed) gives way and elides.

        Widths follow the font, not pixels, so large system fonts and 150 % scaling keep them.
        """
        char = em(self)
        header = self.header()
        header.setStretchLastSection(False)
        # Past 30 characters an item elides; the column can be dragged wider.
        header.setMaximumSectionSize(30 * char)
        fit, fixed = QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Interactive
        for column, mode, width in (
            (COL_ITEM, fit, 0),
            (COL_STAGE, fit, 0),
            (COL_ANSWER, fixed, 8 * char),
            (COL_RESULT, fit, 0),
            (COL_NOTE, fixed, 9 * char),
            (COL_STANDARD, QHeaderView.ResizeMode.Stretch, 0),
        ):
            header.setSectionResizeMode(column, mode)
            if width:
                self.setColumnWidth(column, width)

    # ------------------------------------------------------------ filling
    def show_checklist(self, checklist: Checklist | None) -> None:
        """Build the rows once per checklist; answers later only update them (see refresh_rows)."""
        self.clear()
        self._rows.clear()
        self._sections.clear()
        self.checklist = checklist
        if checklist is None:
            return
        template = checklist.template
        bold = QFont(self.font())
        bold.setBold(True)
        by_section: dict[str, list[Item]] = {}
        for item in template.items:
            by_section.setdefault(item.section, []).append(item)
        for section in template.sections:
            head = QTreeWidgetItem([in_language(section.zh, section.en, self.lang)])
            # Not enabled: the arrow keys pass over headers; the colour keeps them readable.
            head.setFlags(Qt.ItemFlag.NoItemFlags)
            head.setFont(COL_ITEM, bold)
            head.setForeground(COL_ITEM, QBrush(QColor("#1F3A5F")))
            for column in range(self.columnCount()):
                head.setBackground(column, QBrush(_SECTION_BG))
            self.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)
            rows = []
            for item in by_section.get(section.id, []):
                for stage in item.stages:
                    row = QTreeWidgetItem(
                        [
                            item.text(self.lang),
                            say(CHECK_STAGE_LABELS[stage], self.lang),
                            "",
                            "",
                            "",
                            item.citation(self.lang),
                        ]
                    )
                    row.setData(COL_ITEM, SLOT_ROLE, (item.id, stage))
                    row.setFlags(
                        Qt.ItemFlag.ItemIsEnabled
                        | Qt.ItemFlag.ItemIsSelectable
                        | Qt.ItemFlag.ItemIsEditable
                    )
                    tip = sources_text(item, self.lang, detailed=True) or item.text(
                        "en" if self.lang == "zh" else "zh"
                    )
                    row.setToolTip(COL_STANDARD, basis_label(item, self.lang) + "\n" + tip)
                    row.setToolTip(COL_ITEM, tip + ("" if item.required else self.tr("（选填）")))
                    self.addTopLevelItem(row)
                    self._rows[(item.id, stage)] = row
                    rows.append(row)
            self._sections.append((head, rows))
        self.refresh_rows()
        first = self.next_row(-1)
        if first is not None:
            self.setCurrentItem(first, COL_ANSWER)

    def refresh_rows(self) -> None:
        """Show answers, results and which conditional rows apply, after any change."""
        checklist = self.checklist
        if checklist is None:
            return
        values = checklist.values()
        shown = visible_slots(checklist.template, values)
        for (item_id, stage), row in self._rows.items():
            item = checklist.template.item(item_id)
            answer = checklist.answers.get((item_id, stage))
            value = answer.value if answer else None
            failed = item.fails(value, stage)
            row.setText(COL_ANSWER, self._answer_text(item, value))
            row.setData(COL_ANSWER, VALUE_ROLE, value)
            row.setText(COL_NOTE, answer.note if answer else "")
            verdict = item.verdict(value, stage)
            result = say(VERDICT_LABELS[verdict], self.lang) if verdict else ""
            if item_id in checklist.defect_items and failed:
                result += self.tr(" · 整改")
            row.setText(COL_RESULT, result)
            row.setForeground(COL_RESULT, QBrush(_FAIL if failed else _PASS))
            self._show_basis(row, item, failed)
            marker = "" if item.required else "○ "
            row.setText(COL_ITEM, marker + item.text(self.lang))
            row.setHidden(not self._passes_filter(item_id, stage, shown, value, failed))
        for head, rows in self._sections:
            head.setHidden(all(r.isHidden() for r in rows))

    def _show_basis(self, row: QTreeWidgetItem, item: Item, failed: bool) -> None:
        """A failed row says in its 依据 cell whether the rule it fails is law, a local rule, a
        standard or the programme's own choice, in that basis's colour (as the item panel)."""
        citation = item.citation(self.lang)
        if failed:
            citation = say("checklist.basis_citation", self.lang,
                           basis=basis_label(item, self.lang), source=citation or "—")  # fmt: skip
        row.setText(COL_STANDARD, citation)
        colour = BASIS_COLOURS[basis(item)] if failed else None
        row.setForeground(COL_STANDARD, QBrush(QColor(colour)) if colour else QBrush())

    def _answer_text(self, item: Item, value: object) -> str:
        """The answer as the language writes it: "1,250.5 ㎡", "27 Nov 2026"; options in words."""
        if value is not None and not any(o.value == value for o in item.options):
            if item.answer_type is AnswerType.NUMBER:
                # A year (建成年份 1988 年) is a name, not a quantity: no thousands separator.
                is_year = item.unit[0] == "年"
                number = str(int(float(value))) if is_year else format_plain(value)  # type: ignore[arg-type]
                return f"{number} {item.unit[self.lang != 'zh']}".strip()
            if item.answer_type is AnswerType.DATE:
                return format_date(str(value))
        return item.option_label(value, self.lang)

    def _passes_filter(
        self, item_id: str, stage: str, shown: set, value: object, failed: bool
    ) -> bool:
        if (item_id, stage) not in shown:
            return False
        if self.filter == "unanswered":
            return value is None
        if self.filter == "failed":
            return failed
        if self.filter == "defects":
            return item_id in self.checklist.defect_items
        return True

    def set_filter(self, name: str) -> None:
        self.filter = name
        self.refresh_rows()

    # ------------------------------------------------------------ moving
    def slot_of(self, index: QModelIndex) -> tuple[Item, str] | None:
        row = self.itemFromIndex(index)
        data = row.data(COL_ITEM, SLOT_ROLE) if row is not None else None
        if data is None or self.checklist is None:
            return None
        return self.checklist.template.item(data[0]), data[1]

    def visible_slot_rows(self) -> list[QTreeWidgetItem]:
        return [r for r in self._rows.values() if not r.isHidden()]

    def next_row(self, after: int) -> QTreeWidgetItem | None:
        for index in range(after + 1, self.topLevelItemCount()):
            row = self.topLevelItem(index)
            if not row.isHidden() and row.data(COL_ITEM, SLOT_ROLE) is not None:
                return row
        return None

    def move_next(self) -> None:
        current = self.currentItem()
        after = self.indexOfTopLevelItem(current) if current is not None else -1
        row = self.next_row(after)
        if row is not None:
            self.setCurrentItem(row, COL_ANSWER)
            self.scrollToItem(row)

    def closeEditor(self, editor: QWidget, hint) -> None:  # noqa: ANN001, N802
        super().closeEditor(editor, hint)
        if self.advance_after_edit:
            self.advance_after_edit = False
            self.move_next()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Y/N/A or an option's number answers and moves on; Enter edits typed answers or moves on;
        Delete clears; a digit on a number row starts typing it."""
        current = self.currentItem()
        slot = (
            self.slot_of(self.indexFromItem(current, COL_ANSWER)) if current is not None else None
        )
        if slot is None or self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        item, stage = slot
        if not self._answer_key(event, item, stage, self.indexFromItem(current, COL_ANSWER)):
            super().keyPressEvent(event)

    def _answer_key(self, event: QKeyEvent, item: Item, stage: str, index: QModelIndex) -> bool:
        """Act on a key pressed on an answer cell; False when it is not an answering key."""
        text = event.text().lower()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if item.answer_type in _TYPED or event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.setCurrentIndex(index)
                self.edit(index)
            else:
                self.move_next()
            return True
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.answer_given.emit(item.id, stage, None)
            return True
        value = key_value(item, text) if text else None
        if value is not None:
            self.answer_given.emit(item.id, stage, value)
            self.move_next()
            return True
        if item.answer_type is AnswerType.NUMBER and text and (text.isdigit() or text in ".-"):
            self._start_typing(index, text)
            return True
        return False

    def _start_typing(self, index: QModelIndex, text: str) -> None:
        self.setCurrentIndex(index)
        self.edit(index)
        editor = self.indexWidget(index) or self.focusWidget()
        if isinstance(editor, QLineEdit):
            editor.setText(text)
