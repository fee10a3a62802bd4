"""The rule that keeps an estate from 'accepted' while acceptance items fail or defects are open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.words import Bilingual, Msg, joined

if TYPE_CHECKING:
    from retrofit_app.core.checklists.service import ChecklistService

_NAMED = 3  # how many failed items the sentence names before "…"


def acceptance_blockers(
    checklists: ChecklistService, estate_uuid: str
) -> tuple[list[Bilingual], int]:
    """The failed acceptance items' names (in both languages), and the count of unverified defects."""
    from retrofit_app.core.checklists.progress import failed_slots

    failed: list[Bilingual] = []
    for checklist in checklists.of_estate(estate_uuid):
        if not checklist.template.acceptance:
            continue
        for item_id, _stage in failed_slots(checklist.template, checklist.values()):
            item = checklist.template.item(item_id)
            if item is not None:  # (always: the slots come from the template's items)
                failed.append(Bilingual(item.zh, item.en))
    unresolved = sum(d.unresolved for d in checklists.defects.of_estate(estate_uuid))
    return failed, unresolved


def check_can_accept(checklists: ChecklistService, estate_uuid: str) -> None:
    """Called by EstateService.update before the stage becomes 'accepted'."""
    failed, unresolved = acceptance_blockers(checklists, estate_uuid)
    if not failed and not unresolved:
        return
    parts: list[str] = []
    if failed:
        more = "…" if len(failed) > _NAMED else ""
        items = joined(list(failed[:_NAMED]), "join.items")
        parts.append(Msg("accept.failed_items", count=len(failed), items=items, more=more))
    if unresolved:
        parts.append(Msg("accept.open_defects", count=unresolved))
    raise RetrofitError(
        ErrorCode.STAGE_BLOCKED,
        reason=Msg("accept.reason", reasons=joined(parts, "join.clauses")),
        failed_items=len(failed),
        open_defects=unresolved,
    )
