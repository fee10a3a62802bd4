"""Undo steps of the Photos tab: an edit already made, replayed by undo and redo."""

from __future__ import annotations

from collections.abc import Callable

from retrofit_app.core.errors import RetrofitError
from retrofit_app.gui.undo.saved_edit import SavedEditCommand


class PhotoEditCommand(SavedEditCommand):
    """One photo edit already made (caption, stage, building, trash); undo and redo replay it."""

    def __init__(
        self,
        text: str,
        redo: Callable[[], None],
        undo: Callable[[], None],
        after: Callable[[], None],
    ) -> None:
        super().__init__(text)
        self._redo, self._undo, self._after = redo, undo, after

    def replay(self) -> None:
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except RetrofitError:
            self.setObsolete(True)  # the photo is gone; the file is unchanged (one transaction)
        self._after()
