"""Undo for votes: one QUndoCommand per vote recorded in the Consultation tab."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from retrofit_app.core.consultation.service import ConsultationService
from retrofit_app.core.consultation.votes import VOTE_FIELDS, Vote
from retrofit_app.gui.undo.saved_edit import SavedEditCommand


def _fields(vote: Vote) -> dict:
    return {k: v for k, v in asdict(vote).items() if k in VOTE_FIELDS}


class _SavedVoteCommand(SavedEditCommand):
    """A change to one vote already saved; `before` and `after` are the vote around it."""

    def __init__(
        self,
        service: ConsultationService,
        before: Vote | None,
        after: Vote,
        on_change: Callable[[str], None],
        text: str,
    ) -> None:
        super().__init__(text)
        self.service, self.before, self.after, self.on_change = service, before, after, on_change


class VoteCommand(_SavedVoteCommand):
    """A vote already saved (by the dialog or an inline edit); undo puts the previous one back."""

    def replay(self) -> None:
        a = self.after
        self.service.record_vote(a.consultation_uuid, a.household_uuid, **_fields(a))
        self.on_change(a.household_uuid)

    def undo(self) -> None:
        a = self.after
        if self.before is None:
            current = self.service.vote_of_consultation(a.consultation_uuid, a.household_uuid)
            if current is not None:
                self.service.delete_vote(current.uuid)
        else:
            self.service.record_vote(a.consultation_uuid, a.household_uuid, **_fields(self.before))
        self.on_change(a.household_uuid)


class ReviewCommand(_SavedVoteCommand):
    """A committee review (核实 / 有争议) already saved; undo puts the earlier review back."""

    before: Vote

    def _put(self, vote: Vote) -> None:
        self.service.review_vote(vote.uuid, vote.review_state, by=vote.reviewed_by,
                                 on=vote.reviewed_at, note=vote.review_note)  # fmt: skip
        self.on_change(vote.household_uuid)

    def replay(self) -> None:
        self._put(self.after)

    def undo(self) -> None:
        self._put(self.before)
