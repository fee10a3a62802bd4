"""The rule of every undo step but the map's: the edit is saved first, then pushed."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand


class SavedEditCommand(QUndoCommand):
    """An edit already saved when it is pushed: push()'s own redo() is skipped, later ones replay().

    The edit is made before pushing because an error raised inside redo() could not reach the
    user (Qt swallows it), nor keep a failed edit off the stack.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._pushed = False

    def redo(self) -> None:
        if self._pushed:
            self.replay()
        self._pushed = True

    def replay(self) -> None:
        raise NotImplementedError
