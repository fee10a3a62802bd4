"""Undo for identity decisions: the committee's same / different on one question, one step each."""

from __future__ import annotations

from collections.abc import Callable

from retrofit_app.core.consultation.identity_service import IdentityService
from retrofit_app.gui.undo.saved_edit import SavedEditCommand


class IdentityDecisionCommand(SavedEditCommand):
    """A decision already saved; undo puts back the one before (or opens the question again)."""

    def __init__(
        self,
        service: IdentityService,
        estate_uuid: str,
        key: str,
        before: str | None,
        after: str,
        on_change: Callable[[], None],
        text: str,
    ) -> None:
        super().__init__(text)
        self.service, self.estate_uuid, self.key = service, estate_uuid, key
        self.before, self.after, self.on_change = before, after, on_change

    def replay(self) -> None:
        self.service.decide(self.estate_uuid, self.key, self.after)
        self.on_change()

    def undo(self) -> None:
        self.service.decide(self.estate_uuid, self.key, self.before)
        self.on_change()
