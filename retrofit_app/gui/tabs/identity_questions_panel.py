"""The open identity questions of the selected scope, answered 同一人 / 不同人 as one undo step each."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.consultation import identity
from retrofit_app.core.consultation.identity import DIFFERENT, SAME, Question
from retrofit_app.core.errors import RetrofitError
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.error_dialogs import show_error
from retrofit_app.gui.undo.identity import IdentityDecisionCommand

_VISIBLE_ROWS = 4  # the list scrolls past these; the households table keeps the room


class IdentityQuestionsPanel(QGroupBox):
    """Hidden while the scope has no open question; `changed` after every decision or its undo."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("业主身份待确认（确认前不能得出表决结论）"), parent)
        self.context = context
        self.estate_uuid: str | None = None
        self.scope_uuid: str | None = None
        self.questions: list[Question] = []
        self.kinds = {
            identity.NAME_WITH_WITHOUT_ID: self.tr("同名，一处有证件号、一处没有"),
            identity.NAME_DIFFERENT_IDS: self.tr("同名，证件号不同"),
            identity.NAME_NO_ID: self.tr("同名，均无证件号"),
            identity.ID_DIFFERENT_NAMES: self.tr("同一证件号，姓名不同"),
            identity.CO_OWNERS_OVERLAP: self.tr("共有人部分相同，是否同一买受人"),
        }
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(
            _VISIBLE_ROWS * self.list.fontMetrics().height() * 2 + 2 * self.list.frameWidth()
        )
        hint = QLabel(self.tr("请居委会核实后选择："))
        hint.setBuddy(self.list)
        self.same_button = QPushButton(self.tr("同一人"))
        self.same_button.setToolTip(self.tr("是同一人（共有人：同一买受人），按一人计算"))
        self.different_button = QPushButton(self.tr("不同人"))
        self.different_button.setToolTip(self.tr("是不同的人，分别计算"))
        # The decision beside the questions: one band above the households, not two.
        buttons = QVBoxLayout()
        buttons.addWidget(hint)
        buttons.addWidget(self.same_button)
        buttons.addWidget(self.different_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.same_button.clicked.connect(lambda: self.decide_current(SAME))
        self.different_button.clicked.connect(lambda: self.decide_current(DIFFERENT))
        self.list.currentRowChanged.connect(self._enable)
        self.hide()

    def show_scope(self, estate_uuid: str | None, scope_uuid: str | None) -> None:
        """The open questions that keep the scope (a unit, a building, else the whole estate)
        from a conclusion."""
        self.estate_uuid, self.scope_uuid = estate_uuid, scope_uuid
        self.refresh()

    def refresh(self) -> None:
        project = self.context.project
        self.questions = []
        if project is not None and self.estate_uuid is not None:
            try:
                self.questions = project.consultations.identity.questions(
                    self.estate_uuid, self.scope_uuid, open_only=True
                )
            except RetrofitError as error:
                show_error(self, error, self.context.settings.lang)
        self.list.clear()
        for question in self.questions:
            text = self.tr("{0}：{1}（{2}）").format(
                self.kinds.get(question.kind, question.kind),
                " / ".join(question.names),
                "、".join(question.rooms),
            )
            if question.contradicted:
                text = self.tr("（与其他决定矛盾，请重新确认）") + text
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, question.key)
            self.list.addItem(item)
        if self.questions:
            self.list.setCurrentRow(0)
        self._enable()
        self.setVisible(bool(self.questions))

    def _enable(self) -> None:
        chosen = self.list.currentRow() >= 0 and not self.context.is_readonly()
        self.same_button.setEnabled(chosen)
        self.different_button.setEnabled(chosen)

    def decide_current(self, decision: str) -> None:
        row = self.list.currentRow()
        if self.estate_uuid is None or not 0 <= row < len(self.questions):
            return
        question = self.questions[row]
        service = self.context.project.consultations.identity
        try:
            before = service.decide(self.estate_uuid, question.key, decision)
        except RetrofitError as error:
            show_error(self, error, self.context.settings.lang)
            return
        words = self.same_button.text() if decision == SAME else self.different_button.text()
        text = self.tr("身份核实 {0}：{1}").format(" / ".join(question.names), words)
        self.context.undo_stack.push(
            IdentityDecisionCommand(
                service, self.estate_uuid, question.key, before, decision, self._after, text
            )
        )
        self._after()
        self.context.show_status(self.tr("已记录：{0}").format(text))

    def _after(self) -> None:
        self.refresh()
        self.changed.emit()
