"""Consent rule sets: loaded from resources/rules/*.json into exact fractions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.resources import resources_dir

RULES_DIR = resources_dir("rules")
DEFAULT_RULE = "civil-code-278"
SCOPES = ("unit", "building", "estate")
MIXED_POLICIES = ("strictest", "largest_area")


@dataclass(frozen=True)
class Threshold:
    """Both the area and the head fraction must reach these (inclusive: ≥, else >)."""

    area: Fraction
    heads: Fraction
    inclusive: bool = True


@dataclass(frozen=True)
class RuleSet:
    name: str
    title_zh: str
    title_en: str
    citation: str
    scope: str  # "unit" | "building"
    quorum: Threshold | None  # None: no separate participation test
    approval: Threshold
    approval_base: str  # "participating" | "total"
    no_objection: bool
    developer_one_head: bool
    owner_one_head: bool
    mixed_owner_vote: str  # "strictest" | "largest_area"
    mixed_owner_note: tuple[str, str]
    default: bool = False

    def title(self, lang: str = "zh") -> str:
        return self.title_en if lang.startswith("en") else self.title_zh


def _fraction(text: Any, where: str) -> Fraction:
    try:
        value = Fraction(str(text))
    except (ValueError, ZeroDivisionError) as error:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field=where, value=text) from error
    if not 0 <= value <= 1:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field=where, value=text)
    return value


def _threshold(data: dict[str, Any], where: str) -> Threshold:
    return Threshold(
        area=_fraction(data["area"], f"{where}.area"),
        heads=_fraction(data["heads"], f"{where}.heads"),
        inclusive=bool(data.get("inclusive", True)),
    )


def rule_from_dict(data: dict[str, Any]) -> RuleSet:
    """A rule set from its JSON document; a malformed one is refused with the field named."""
    try:
        counting = data.get("counting", {})
        rule = RuleSet(
            name=data["name"],
            title_zh=data["title"][0],
            title_en=data["title"][1],
            citation=data["citation"],
            scope=data.get("scope", "unit"),
            quorum=None if data.get("quorum") is None else _threshold(data["quorum"], "quorum"),
            approval=_threshold(data["approval"], "approval"),
            approval_base=data["approval"].get("base", "participating"),
            no_objection=bool(data.get("no_objection", False)),
            developer_one_head=bool(counting.get("developer_unsold_one_head", True)),
            owner_one_head=bool(counting.get("owner_several_flats_one_head", True)),
            mixed_owner_vote=counting.get("mixed_owner_vote", "strictest"),
            mixed_owner_note=tuple(counting.get("mixed_owner_vote_note", ("", ""))),
            default=bool(data.get("default", False)),
        )
    except (KeyError, IndexError, TypeError) as error:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="rule", value=error) from error
    if rule.scope not in SCOPES:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="scope", value=rule.scope)
    if rule.approval_base not in ("participating", "total"):
        raise RetrofitError(
            ErrorCode.INVALID_VALUE, field="approval.base", value=rule.approval_base
        )
    if rule.mixed_owner_vote not in MIXED_POLICIES:
        raise RetrofitError(
            ErrorCode.INVALID_VALUE, field="mixed_owner_vote", value=rule.mixed_owner_vote
        )
    return rule


@cache
def rule_sets() -> dict[str, RuleSet]:
    """Every shipped rule set by name, the default first."""
    found = [
        rule_from_dict(json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(RULES_DIR.glob("*.json"))
    ]
    found.sort(key=lambda r: (not r.default, r.name))
    return {r.name: r for r in found}


def rule_set(name: str | None = None) -> RuleSet:
    name = name or DEFAULT_RULE
    try:
        return rule_sets()[name]
    except KeyError:
        raise RetrofitError(
            ErrorCode.NO_SUCH_RULE, rule=name, known="、".join(rule_sets())
        ) from None
