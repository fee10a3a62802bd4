"""A checklist moved to a newer version of its template: which items map, which are new, which retire."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from retrofit_app.core.checklists.template_model import Item, Template
from retrofit_app.core.words import N_

# What happened to an item between two versions: catalogue ids of the words.
CHANGE_LABELS: dict[str, str] = {
    "added": N_("template_change.added"),
    "retired": N_("template_change.retired"),
    "renamed": N_("template_change.renamed"),
    "rule": N_("template_change.rule"),
    "sources": N_("template_change.sources"),
    "text": N_("template_change.text"),
}


@dataclass(frozen=True)
class ItemChange:
    kind: str  # added, retired, renamed, rule, sources, text
    item_id: str  # the new id; the old one for a retired item
    old_id: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "item": self.item_id, "old_item": self.old_id or None}


@dataclass(frozen=True)
class Upgrade:
    """What moving from `old` to `new` does: each change, and how old answers land."""

    old: Template
    new: Template
    changes: list[ItemChange]
    mapping: dict[str, str] = field(default_factory=dict)  # old item id → new item id

    def target_of(self, item_id: str, value: Any) -> str | None:
        """The new item an old answer moves to, or None when it stays with a retired item (the
        item is gone, or its answer kind changed so the value would not read)."""
        new_id = self.mapping.get(item_id)
        if new_id is None:
            return None
        before, after = self.old.item(item_id), self.new.item(new_id)
        if before is None or after is None or before.answer_type != after.answer_type:
            return None
        if after.options and value not in {o.value for o in after.options}:
            return None
        return new_id


def renames(new: Template) -> dict[str, str]:
    """old id → new id, from the `changes` a template lists for its versions."""
    found: dict[str, str] = {}
    for entry in new.body.get("changes", ()):
        found.update(entry.get("renamed", {}))
    return found


def plan_upgrade(old: Template, new: Template) -> Upgrade:
    """Compare two versions of a template: items kept (by id or by a listed rename), added,
    retired; kept items whose fail rule, sources or words changed."""
    renamed = renames(new)
    mapping: dict[str, str] = {}
    changes: list[ItemChange] = []
    for item in old.items:
        target = renamed.get(item.id, item.id)
        after = new.item(target)
        if after is None:
            changes.append(ItemChange("retired", item.id))
            continue
        mapping[item.id] = target
        if target != item.id:
            changes.append(ItemChange("renamed", target, item.id))
        changes += [ItemChange(kind, target) for kind in _differences(item, after)]
    reached = set(mapping.values())
    changes += [ItemChange("added", i.id) for i in new.items if i.id not in reached]
    return Upgrade(old, new, changes, mapping)


def _differences(before: Item, after: Item) -> list[str]:
    found = []
    if (before.fail_when, before.fail_stages, before.answer_type) != (
        after.fail_when,
        after.fail_stages,
        after.answer_type,
    ):
        found.append("rule")
    if (before.sources, before.standard) != (after.sources, after.standard):
        found.append("sources")
    if (before.zh, before.en) != (after.zh, after.en):
        found.append("text")
    return found
