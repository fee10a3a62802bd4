"""The rule that keeps an estate from 'accepted' while acceptance items fail or defects are open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retrofit_app.core.errors import ErrorCode, RetrofitError

if TYPE_CHECKING:
    from retrofit_app.core.checklists.service import ChecklistService

_NAMED = 3  # how many failed items the sentence names before "…"


def acceptance_blockers(
    checklists: ChecklistService, estate_uuid: str
) -> tuple[list[tuple[str, str]], int]:
    """The failed acceptance items as (zh, en) texts, and the count of unverified defects."""
    from retrofit_app.core.checklists.progress import failed_slots

    failed: list[tuple[str, str]] = []
    for checklist in checklists.of_estate(estate_uuid):
        if not checklist.template.acceptance:
            continue
        for item_id, _stage in failed_slots(checklist.template, checklist.values()):
            item = checklist.template.item(item_id)
            if item is not None:  # (always: the slots come from the template's items)
                failed.append((item.zh, item.en))
    unresolved = sum(d.unresolved for d in checklists.defects.of_estate(estate_uuid))
    return failed, unresolved


def check_can_accept(checklists: ChecklistService, estate_uuid: str) -> None:
    """Called by EstateService.update before the stage becomes 'accepted'."""
    failed, unresolved = acceptance_blockers(checklists, estate_uuid)
    if not failed and not unresolved:
        return
    zh_parts: list[str] = []
    en_parts: list[str] = []
    if failed:
        more = "…" if len(failed) > _NAMED else ""
        zh_parts.append(
            f"验收检查有 {len(failed)} 项不合格（{'、'.join(z for z, _ in failed[:_NAMED])}{more}）"
        )
        en_parts.append(
            f"{len(failed)} acceptance item(s) failed ({'; '.join(e for _, e in failed[:_NAMED])}{more})"
        )
    if unresolved:
        zh_parts.append(f"{unresolved} 个整改问题尚未复核关闭")
        en_parts.append(f"{unresolved} defect(s) not yet verified as rectified")
    raise RetrofitError(
        ErrorCode.STAGE_BLOCKED,
        reason=("；".join(zh_parts) + "。", "; ".join(en_parts) + "."),
        failed_items=len(failed),
        open_defects=unresolved,
    )
