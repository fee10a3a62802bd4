"""Undo for an estate's fields edited in the Overview tab."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from retrofit_app.core.errors import RetrofitError
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.undo.saved_edit import SavedEditCommand


class EditEstateCommand(SavedEditCommand):
    """Change fields of one estate through project.estates.update.

    Build it with `apply_estate_edit`, which makes the first change before pushing.
    """

    def __init__(
        self,
        context: AppContext,
        estate_uuid: str,
        new: dict[str, Any],
        old: dict[str, Any],
        text: str,
        on_error: Callable[[RetrofitError], None],
    ) -> None:
        super().__init__(text)
        self.context = context
        self.estate_uuid = estate_uuid
        self.new = new
        self.old = old
        self.on_error = on_error

    def replay(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)

    def _apply(self, values: dict[str, Any]) -> None:
        project = self.context.project
        if project is None:
            return
        try:
            project.estates.update(self.estate_uuid, **values)
        except RetrofitError as error:
            # The file is as it was (one transaction); the stack can no longer be trusted here.
            self.setObsolete(True)
            self.on_error(error)
        self.context.notify_changed("estates")


def apply_estate_edit(
    context: AppContext,
    estate_uuid: str,
    changes: dict[str, Any],
    text: str,
    on_error: Callable[[RetrofitError], None],
) -> bool:
    """Save `changes` now and push an undo step; False (and on_error called) if the core refused."""
    project = context.project
    if project is None:
        return False
    try:
        old = project.estates.update(estate_uuid, **changes)
    except RetrofitError as error:
        on_error(error)
        return False
    if old:
        # update() reports only fields whose value really changed; undo restores exactly those.
        new = {key: value for key, value in changes.items() if key in old}
        context.undo_stack.push(EditEstateCommand(context, estate_uuid, new, old, text, on_error))
        context.notify_changed("estates")
    return True
