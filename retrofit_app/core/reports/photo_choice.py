"""Which photos a report prints: by default the after photos of the acceptance items with their befores."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.photos.model import Photo
from retrofit_app.core.reports.facts import photos

if TYPE_CHECKING:
    from retrofit_app.core.project import Project

# default: the after photos of the acceptance items (and of their defects), each beside the
# before photo of the same item; all: every photo of the estate; none: no photo pages.
# Picking photos by uuid (ReportOptions.photo_uuids) overrides the choice.
PHOTO_CHOICES = ("default", "all", "none")

Slots = list[dict[str, Any] | None]


def photo_keys(
    photo: Photo, checklists: set[str], defects: dict[str, tuple[str, str]]
) -> set[tuple]:
    """What a photo shows, as keys a before and an after photo of one thing share: the item of one of
    `checklists` it is linked to, and the defect (with that defect's item) it is linked to."""
    keys: set[tuple] = set()
    if photo.checklist_uuid in checklists and photo.item_id:
        keys.add(("item", photo.checklist_uuid, photo.item_id))
    if photo.defect_uuid in defects:
        keys.add(("defect", photo.defect_uuid))
        checklist, item_id = defects[photo.defect_uuid]
        if item_id:
            keys.add(("item", checklist, item_id))
    return keys


def paired_photos(
    rows: list[dict[str, Any]], linked: Iterable[Photo], checklists: set[str],
    defects: dict[str, tuple[str, str]],
) -> tuple[list[dict[str, Any]], Slots]:  # fmt: skip
    """The after photos linked to `checklists` (or their defects) and the before photos of the same
    items; and their grid slots: each after with one before of its item starting a row, then the rest."""
    keys = {p.uuid: photo_keys(p, checklists, defects) for p in linked}
    afters = [r for r in rows if r["stage_tag"] == "after" and keys.get(r["uuid"])]
    wanted = set().union(*(keys[a["uuid"]] for a in afters)) if afters else set()
    befores = [
        r for r in rows if r["stage_tag"] == "before" and keys.get(r["uuid"], set()) & wanted
    ]
    slots = _paired_slots(afters, befores, keys)
    chosen = [s for s in slots if s is not None]
    return chosen, slots


def _paired_slots(
    afters: list[dict[str, Any]], befores: list[dict[str, Any]], keys: dict[str, set]
) -> Slots:
    """Each after with the first unused before sharing one of its keys (before first), then the
    afters and befores left unpaired."""
    slots: Slots = []
    rest: list[dict[str, Any]] = []
    used: set[str] = set()
    for after in afters:
        partner = next(
            (b for b in befores if b["uuid"] not in used and keys[b["uuid"]] & keys[after["uuid"]]),
            None,
        )
        if partner is None:
            rest.append(after)
            continue
        used.add(partner["uuid"])
        slots += [partner, after]
    rest += [b for b in befores if b["uuid"] not in used]
    return slots + rest


def _picked(rows: list[dict[str, Any]], picked: list[str]) -> list[dict[str, Any]]:
    """The rows of the photos picked, in the estate's order; one not among them is refused."""
    by_uuid = {r["uuid"]: r for r in rows}
    unknown = [u for u in picked if u not in by_uuid]
    if unknown:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="--photo", value=unknown[0])
    chosen = set(picked)
    return [r for r in rows if r["uuid"] in chosen]


def acceptance_photos(
    project: Project, estate_uuid: str, choice: str = "default", picked: Iterable[str] = ()
) -> tuple[list[dict[str, Any]], Slots | None]:
    """The photo rows an acceptance report prints, in order, and their grid slots (None: the usual
    before-beside-after of each building). Picked uuids not of this estate's live photos are refused."""
    rows = photos(project, estate_uuid)
    picked = list(dict.fromkeys(picked))
    if picked:
        return _picked(rows, picked), None
    if choice not in PHOTO_CHOICES:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="--photos", value=choice)
    if choice == "all":
        return rows, None
    if choice == "none":
        return [], None
    accepting = {c.uuid for c in project.checklists.of_estate(estate_uuid) if c.template.acceptance}
    defects = {
        d.uuid: (d.checklist_uuid or "", d.item_id)
        for d in project.checklists.defects.of_estate(estate_uuid)
        if d.checklist_uuid in accepting
    }
    return paired_photos(rows, project.photos.list(estate_uuid), accepting, defects)
