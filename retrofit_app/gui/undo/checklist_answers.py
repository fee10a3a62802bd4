"""Undo for a checklist answer given in the Checklists tab."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from retrofit_app.core.errors import RetrofitError
from retrofit_app.gui.error_dialogs import show_error
from retrofit_app.gui.undo.saved_edit import SavedEditCommand

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from retrofit_app.gui.context import AppContext


class AnswersTab(Protocol):
    """The Checklists tab as the command uses it (gui/tabs imports gui/undo, not the reverse)."""

    context: AppContext

    def window(self) -> QWidget: ...


class AnswerCommand(SavedEditCommand):
    """One answer (value and note); made after the first change succeeded."""

    def __init__(self, tab: AnswersTab, checklist_uuid: str, slot: tuple[str, str],
                 new: tuple[Any, str | None], old: tuple[Any, str], text: str) -> None:  # fmt: skip
        super().__init__(text)
        self.tab, self.checklist_uuid, self.slot, self.new, self.old = (
            tab,
            checklist_uuid,
            slot,
            new,
            old,
        )

    def replay(self) -> None:
        self._apply(*self.new)

    def undo(self) -> None:
        self._apply(*self.old)

    def _apply(self, value: Any, note: str | None) -> None:
        project = self.tab.context.project
        if project is None:
            return
        try:
            project.checklists.answer(self.checklist_uuid, *self.slot, value, note)
        except RetrofitError as error:
            self.setObsolete(True)
            show_error(self.tab.window(), error, self.tab.context.settings.lang)
        self.tab.context.notify_changed("checklist_answers")
