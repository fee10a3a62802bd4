"""The demo committee's identity decisions: people the demo drew with the same name are different people.

The demo's names are drawn at random, so two owners now and then share a name (with
different ID numbers): a question the committee answers "different people", recorded
as it would record it (who and when, in the audit log). The demo's tallies then conclude.
"""

from __future__ import annotations

import random

from retrofit_app.core.consultation.identity import DIFFERENT, NAME_DIFFERENT_IDS
from retrofit_app.core.model import Estate
from retrofit_app.core.project import Project


def settle_identities(project: Project, _rng: random.Random, estates: list[Estate]) -> None:
    """Decide every open same-name question "different" (the demo draws no rng here)."""
    for estate in estates:
        for question in project.consultations.identity.questions(estate.uuid):
            if question.kind == NAME_DIFFERENT_IDS and question.decision is None:
                project.consultations.identity.decide(estate.uuid, question.key, DIFFERENT)
