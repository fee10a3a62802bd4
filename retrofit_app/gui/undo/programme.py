"""Undo for the Programme tab's edits: each saved first, then pushed as one step that knows its way back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from retrofit_app.core.errors import RetrofitError
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.undo.saved_edit import SavedEditCommand

if TYPE_CHECKING:
    from retrofit_app.core.programme.service import ProgrammeService

Step = Callable[["ProgrammeService"], Any]
# What a removed record is put back with (not its stamps nor its place in the file).
_NOT_KEPT = ("fid", "uuid", "estate_uuid", "elevator_uuid", "created_at", "updated_at")


def kept(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in _NOT_KEPT}


class ProgrammeCommand(SavedEditCommand):
    def __init__(
        self, context: AppContext, text: str, forward: Step, backward: Step,
        on_error: Callable[[RetrofitError], None],
    ) -> None:  # fmt: skip
        super().__init__(text)
        self.context, self.forward, self.backward, self.on_error = (
            context,
            forward,
            backward,
            on_error,
        )

    def replay(self) -> None:
        self._run(self.forward)

    def undo(self) -> None:
        self._run(self.backward)

    def _run(self, step: Step) -> None:
        project = self.context.project
        if project is None:
            return
        try:
            step(project.programme)
        except RetrofitError as error:
            self.setObsolete(True)  # the file is as it was; this step can no longer be replayed
            self.on_error(error)
        self.context.notify_changed("programme")


def apply_programme_edit(
    context: AppContext, text: str, forward: Step, backward: Step,
    on_error: Callable[[RetrofitError], None],
) -> Any:  # fmt: skip
    """Make the edit now and push its undo step; None (and on_error called) if the core refused."""
    project = context.project
    if project is None:
        return None
    try:
        result = forward(project.programme)
    except RetrofitError as error:
        on_error(error)
        return None
    context.undo_stack.push(ProgrammeCommand(context, text, forward, backward, on_error))
    context.notify_changed("programme")
    return result


def removal_steps(
    table: str, row: dict[str, Any], shares: list[dict[str, Any]]
) -> tuple[Step, Step]:
    """Remove a record, and put it back with the same id (an elevator with its cost shares)."""

    def forward(programme: ProgrammeService) -> None:
        programme.remove(table, row["uuid"])

    def backward(programme: ProgrammeService) -> None:
        programme.add(table, row["estate_uuid"], uuid=row["uuid"], **kept(row))
        for share in shares:
            programme.set_share(row["uuid"], share["floor"], share["share_fen"])

    return forward, backward
