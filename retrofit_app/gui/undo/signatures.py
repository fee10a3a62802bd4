"""Undo for signatures drawn on the pad: a signature is never changed, so undoing a signing
withdraws it (and lets the one it replaced stand again), undoing a withdrawal lets it stand."""

from __future__ import annotations

from collections.abc import Callable

from retrofit_app.core.signatures import Signature, SignatureService
from retrofit_app.gui.undo.saved_edit import SavedEditCommand


class SignatureCommand(SavedEditCommand):
    """A signing (`after` drawn, replacing `before` if any) or a withdrawal (`after` None)."""

    def __init__(
        self,
        service: SignatureService,
        before: Signature | None,
        after: Signature | None,
        on_change: Callable[[], None],
        text: str,
    ) -> None:
        super().__init__(text)
        self.service, self.before, self.after, self.on_change = service, before, after, on_change

    def replay(self) -> None:
        if self.after is not None:
            self.service.restore(self.after.uuid)  # withdraws `before` again
        elif self.before is not None:
            self.service.withdraw(self.before.uuid)
        self.on_change()

    def undo(self) -> None:
        if self.after is not None:
            self.service.withdraw(self.after.uuid)
        if self.before is not None:
            self.service.restore(self.before.uuid)
        self.on_change()
