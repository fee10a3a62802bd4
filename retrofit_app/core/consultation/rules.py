"""Consent rule sets: loaded from resources/rules/*.json into exact fractions, with the articles they quote."""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.field_words import one_of
from retrofit_app.core.resources import resources_dir
from retrofit_app.core.words import in_language

RULES_DIR = resources_dir("rules")
# The articles quoted word for word, each once: rule sets name them by key.
ARTICLES_FILE = RULES_DIR / "law" / "articles.json"
DEFAULT_RULE = "civil-code-278"
SCOPES = ("unit", "building", "estate")
MIXED_POLICIES = ("strictest", "largest_area")
# law: the Civil Code itself; local_variant: a city's rule whose document the district must
# confirm; practice: what some communities do, resting on no document.
BASIS_KINDS = ("law", "local_variant", "practice")
DAYS_COUNTED = ("calendar_days", "working_days")
# Civil Code Art. 203 moves a last day that is a 法定休假日. Whether an ordinary weekend is one
# is not settled by a text we found: any_rest_day moves past every day that is not a working
# day (the longer time to object); holidays_only moves past the State Council's holiday days.
LAST_DAY_REST = ("any_rest_day", "holidays_only")


@dataclass(frozen=True)
class Article:
    """One article quoted word for word, with where it is from."""

    key: str
    source: str  # the law or interpretation, with its document number
    article: str  # 第二百七十八条
    text: str  # its paragraphs, one a line

    def quoted(self) -> str:
        """Where it is from on one line, its words below (quoted as they are, nothing left out)."""
        return f"{self.source}{self.article}\n{self.text}"


@dataclass(frozen=True)
class NoticeCounting:
    """How a rule set counts its public notice's days."""

    days_counted: str = "calendar_days"  # | "working_days"
    last_day_rest: str = "any_rest_day"  # | "holidays_only"


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
    articles: tuple[Article, ...] = ()
    basis: str = "law"
    basis_note: tuple[str, str] = ("", "")
    unverified: str = ""  # what could not be found and checked, said plainly
    local_document: dict[str, str | None] | None = None  # title, number, date, article
    notice: NoticeCounting = NoticeCounting()

    def title(self, lang: str = "zh") -> str:
        return in_language(self.title_zh, self.title_en, lang)

    def basis_text(self, lang: str = "zh") -> str:
        """What the rule rests on, in words (a local variant: that the district must confirm it)."""
        return in_language(*self.basis_note, lang)


@cache
def articles() -> dict[str, Article]:
    """Every quoted article by key (resources/rules/law/articles.json)."""
    data = json.loads(ARTICLES_FILE.read_text(encoding="utf-8"))["articles"]
    return {
        key: Article(key, a["source"], a["article"], "\n".join(a["text"]))
        for key, a in data.items()
    }


def _articles(keys: list[str]) -> tuple[Article, ...]:
    known = articles()
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="citations", value="、".join(unknown))
    return tuple(known[k] for k in keys)


def _notice(data: dict[str, Any]) -> NoticeCounting:
    counting = NoticeCounting(
        days_counted=data.get("days_counted", "calendar_days"),
        last_day_rest=data.get("last_day_rest", "any_rest_day"),
    )
    one_of("notice.days_counted", counting.days_counted, DAYS_COUNTED)
    one_of("notice.last_day_rest", counting.last_day_rest, LAST_DAY_REST)
    return counting


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
        basis = data.get("basis", {"kind": "law"})
        quoted = _articles(list(data.get("citations", [])))
        rule = RuleSet(
            name=data["name"],
            title_zh=data["title"][0],
            title_en=data["title"][1],
            # The quoted articles as one text (a document written before they were keyed may
            # still give its own citation text).
            citation=data.get("citation") or "\n".join(a.quoted() for a in quoted),
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
            articles=quoted,
            basis=basis.get("kind", "law"),
            basis_note=tuple(basis.get("note", ("", ""))),
            unverified=basis.get("unverified", ""),
            local_document=basis.get("document"),
            notice=_notice(data.get("notice", {})),
        )
    except (KeyError, IndexError, TypeError, AttributeError) as error:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="rule", value=error) from error
    if rule.basis not in BASIS_KINDS:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="basis.kind", value=rule.basis)
    named = rule.local_document and all(
        rule.local_document.get(k) for k in ("title", "number", "date", "article")
    )
    if rule.basis != "law" and not rule.unverified and not named:
        # A local rule names its document (title, number, date, article), or says plainly
        # what could not be checked.
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="basis.unverified", value="''")
    one_of("scope", rule.scope, SCOPES)
    one_of("approval.base", rule.approval_base, ("participating", "total"))
    one_of("mixed_owner_vote", rule.mixed_owner_vote, MIXED_POLICIES)
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
