"""A district adapts a template: an item's sources, its threshold, a local rule; each edit a new version."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from retrofit_app.core.checklists.template_model import Template
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.words import Msg

# The sources whose limit is the district's or the programme's own, moved with the item's.
OWN_KINDS = frozenset({"local", "programme_rule"})


def next_version(template: Template, note: tuple[str, str]) -> dict[str, Any]:
    """A copy of the body one version on, its `changes` carrying the district's note. Edit it
    with set_sources / set_threshold, then store it (ChecklistService.add_version checks it)."""
    body = copy.deepcopy(template.body)
    body["version"] = template.version + 1
    body.setdefault("changes", []).append(
        {"version": body["version"], "note": {"zh": note[0], "en": note[1] or note[0]}}
    )
    return body


def _item_of(body: dict[str, Any], item_id: str) -> dict[str, Any]:
    found = next((i for i in body["items"] if i["id"] == item_id), None)
    if found is None:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field=Msg("export.item_id"), value=item_id)
    return found


def set_sources(body: dict[str, Any], item_id: str, sources: list[dict[str, Any]]) -> None:
    """Replace the item's sources (the old free `standard` goes: the sources say it now)."""
    item = _item_of(body, item_id)
    item.pop("standard", None)
    item["sources"] = copy.deepcopy(sources)


def threshold_of(body: dict[str, Any], item_id: str) -> float | None:
    """The limit a number item fails beyond, or None when it has none to move."""
    item = _item_of(body, item_id)
    test = item.get("fail_when", {})
    if item["answer"]["type"] != "number":
        return None
    return test.get("below", test.get("above"))


def set_threshold(body: dict[str, Any], item_id: str, value: float) -> None:
    """Move a number item's limit: its fail rule and the limit of the district's or programme's
    own sources (local rules, programme choices). A code's limit stays what the code asks, so a
    limit looser than a code's, or one no source states, is refused when the version is stored
    (templates.validate_body); give a local rule with the new limit (local_rule) to tighten one."""
    if threshold_of(body, item_id) is None:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field=Msg("export.item_id"), value=item_id)
    item = _item_of(body, item_id)
    test = item["fail_when"]
    test["below" if "below" in test else "above"] = value
    for source in item.get("sources", ()):
        if "threshold" in source and source["kind"] in OWN_KINDS:
            source["threshold"]["value"] = value


def confirm_source(
    body: dict[str, Any], item_id: str, index: int, clause: str, checked_on: str
) -> None:
    """A district has read the source's official text: its clause (or none) and the day it was
    checked. Until then a code carries no clause number (validate_body refuses one)."""
    sources = _item_of(body, item_id).get("sources", [])
    if not 0 <= index < len(sources):
        raise RetrofitError(ErrorCode.INVALID_VALUE, field=Msg("export.item_id"), value=item_id)
    source = sources[index]
    if clause:
        source["clause"] = clause
    source["verified"] = True
    source["verified_on"] = checked_on


def limit_of(body: dict[str, Any], item_id: str, value: float) -> dict[str, Any]:
    """A source threshold for the item at `value`: its fail rule's direction, its unit."""
    item = _item_of(body, item_id)
    op = ">=" if "below" in item.get("fail_when", {}) else "<="
    units = [s["threshold"].get("unit", "") for s in item.get("sources", ()) if "threshold" in s]
    unit = units[0] if units else item["answer"].get("unit", {}).get("zh", "")
    return {"op": op, "value": value, "unit": unit}


def local_rule(
    code: str,
    title: str,
    paraphrase: tuple[str, str],
    jurisdiction: str,
    threshold: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A district's own rule as a source: marked local and not yet checked against its text;
    with the limit it sets, when it sets one (limit_of)."""
    source: dict[str, Any] = {"kind": "local", "code": code, "title": title,
                              "jurisdiction": jurisdiction, "verified": False}  # fmt: skip
    if any(paraphrase):
        source["paraphrase"] = {"zh": paraphrase[0], "en": paraphrase[1] or paraphrase[0]}
    if threshold is not None:
        source["threshold"] = dict(threshold)
    return source


def write_template_set(templates: list[Template], folder: Path) -> list[Path]:
    """Every template as its own JSON file in `folder`, named id-vN.json, for another district
    to import one by one."""
    folder = Path(folder)
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for template in templates:
            path = folder / f"{template.template_id}-v{template.version}.json"
            text = json.dumps(template.body, ensure_ascii=False, indent=1) + "\n"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    except OSError as error:
        raise RetrofitError(
            ErrorCode.CANNOT_WRITE, path=folder, detail=error.strerror or str(error)
        ) from error
    return written
