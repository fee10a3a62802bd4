"""Undo for the estate hierarchy: create, edit, trash and restore estates, buildings, units, households."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from retrofit_app.core.errors import RetrofitError
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.undo.saved_edit import SavedEditCommand

Step = Callable[[], Any]


class RecordStepCommand(SavedEditCommand):
    """A change already saved through a core service; undo calls `backward`, redo `forward`.

    `tables` are announced through the context after each step, so the tree and tabs refresh.
    A step the file refuses (read-only, deleted meanwhile) marks the command obsolete and
    reaches the user through `on_error`.
    """

    def __init__(
        self,
        context: AppContext,
        text: str,
        forward: Step,
        backward: Step,
        tables: tuple[str, ...],
        on_error: Callable[[RetrofitError], None],
    ) -> None:
        super().__init__(text)
        self.context = context
        self.forward = forward
        self.backward = backward
        self.tables = tables
        self.on_error = on_error

    def replay(self) -> None:
        self._run(self.forward)

    def undo(self) -> None:
        self._run(self.backward)

    def _run(self, step: Step) -> None:
        if self.context.project is None:
            return
        try:
            step()
        except RetrofitError as error:
            self.setObsolete(True)
            self.on_error(error)
        for table in self.tables:
            self.context.notify_changed(table)


def push_saved(
    context: AppContext,
    text: str,
    forward: Step,
    backward: Step,
    tables: tuple[str, ...],
    on_error: Callable[[RetrofitError], None],
) -> None:
    """Push an undo step for a change `forward` already made, and tell the views."""
    context.undo_stack.push(RecordStepCommand(context, text, forward, backward, tables, on_error))
    for table in tables:
        context.notify_changed(table)
