"""A tally in words and plain numbers: condition sentences, shares as counted, the JSON document.

Words come from the catalogue (condition.*, missing.*, blocking.*, tally_status.*).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from retrofit_app.core.consultation.blocking import Blocking
from retrofit_app.core.consultation.roster_report import refused_text
from retrofit_app.core.consultation.tally import Tally
from retrofit_app.core.words import say

_SHOWN_ROOMS = 8  # a sentence names this many rooms, then "…"


def area_text(value: Fraction) -> str:
    """Square metres as a decimal string with two places (half up), as staff write them."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def rounded_percent(
    value: Fraction, threshold: Fraction | None = None, places: int = 1
) -> Fraction:
    """A share in per cent, rounded half up to `places` unless that crosses its threshold.

    As a calculator shows it (6/7 reads 85.71 %, 2/3 reads 66.67 % whatever the threshold),
    except where half up would land on the other side of the threshold: then it rounds
    toward the side the share is on (0.7499 reads 74.9 %, never 75.0 % beside “≥ 3/4”;
    0.50001 reads 50.1 %, never 50.0 % beside “> 1/2”).
    """
    scaled = value * 100 * 10**places
    whole = math.floor(scaled + Fraction(1, 2))
    if threshold is not None:
        line = threshold * 100 * 10**places
        if value < threshold and whole >= line:
            whole = math.floor(scaled)
        elif (value > threshold and whole <= line) or (value == threshold and whole < line):
            whole = math.ceil(scaled)
    return Fraction(whole, 10**places)


def percent_text(value: Fraction, threshold: Fraction | None = None, places: int = 1) -> str:
    """rounded_percent as text: “66.7%”."""
    return f"{float(rounded_percent(value, threshold, places)):.{places}f}%"


def share_threshold(result: Tally, what: str) -> Fraction | None:
    """The threshold of the rule the share `what` is held against (None: no such test)."""
    threshold = result.threshold(what)
    if threshold is None:
        return None
    return threshold.area if what.endswith("area") else threshold.heads


def counted_share(result: Tally, what: str, places: int = 1) -> tuple[str, str, str] | None:
    """The share `what` as its part, its whole and its percentage, as texts (None when 0/0)."""
    counted = result.share(what)
    if counted is None:
        return None
    part, whole = counted
    percent = percent_text(part / whole, share_threshold(result, what), places)
    if what.endswith("area"):
        return area_text(part), area_text(whole), percent
    return str(int(part)), str(int(whole)), percent


def share_text(result: Tally, what: str, lang: str = "zh", places: int = 1) -> str:
    """A share as counted: “5/8 (62.5%)” for owners, “281.27/422.00 ㎡ (66.7%)” for areas."""
    shown = counted_share(result, what, places)
    if shown is None:
        return "—"
    part, whole, percent = shown
    kind = "share.area" if what.endswith("area") else "share.heads"
    return say(kind, lang, part=part, whole=whole, percent=percent)


def _threshold(result: Tally, code: str) -> str:
    rule = result.rule
    part = rule.quorum if code.startswith("quorum") else rule.approval
    if part is None:
        return ""
    value = part.area if code.endswith("area") else part.heads
    sign = "≥" if part.inclusive else ">"
    return f"{sign} {value.numerator}/{value.denominator}" if value != 1 else f"{sign} 100%"


def rooms_text(rooms: tuple[str, ...] | list[str], lang: str = "zh") -> str:
    shown = say("join.rooms", lang).join(rooms[:_SHOWN_ROOMS])
    return shown + ("…" if len(rooms) > _SHOWN_ROOMS else "")


def condition_sentences(result: Tally, lang: str = "zh") -> list[str]:
    """Why the scope did not pass: one sentence per condition not met."""
    out = []
    for code in result.failed:
        if code in ("quorum_area", "quorum_heads"):
            value = share_text(result, "participation_" + code.split("_")[1], lang)
        elif code in ("approval_area", "approval_heads"):
            value = share_text(result, code, lang)
        elif code == "objection":
            value = str(result.owners_object)
        else:
            value = ""
        out.append(say(f"condition.{code}", lang, v=value, t=_threshold(result, code)))
    return out


def blocking_sentence(item: Blocking, lang: str = "zh", *, public: bool = False) -> str:
    """What must be settled first, e.g. “102 室面积未知…”; a public notice leaves out the names
    (and a refused row's reasons)."""
    text = item.detail or _refused_detail(item, lang)
    detail = say("blocking.detail", lang, detail=text) if text and not public else ""
    return say(
        f"blocking.{item.code}",
        lang,
        rooms=rooms_text(item.rooms, lang),
        n=len(item.rooms),
        detail=detail,
    )


def _refused_detail(item: Blocking, lang: str) -> str:
    """Each refused flat with its reasons: “7幢1单元102：意见无法识别；…”."""
    shown = [
        say("blocking.refused_room", lang, room=room,
            reasons=say("join.rooms", lang).join(refused_text(c, lang) for c in codes))
        for room, codes in item.reasons[:_SHOWN_ROOMS] if codes
    ]  # fmt: skip
    more = "…" if len(item.reasons) > _SHOWN_ROOMS else ""
    return say("roster.separator", lang).join(shown) + more if shown else ""


def blocking_sentences(result: Tally, lang: str = "zh", *, public: bool = False) -> list[str]:
    return [blocking_sentence(item, lang, public=public) for item in result.blocking]


def status_text(result: Tally, lang: str = "zh") -> str:
    """通过 / 未通过 / 待核实 (cannot conclude yet)."""
    return say(f"tally_status.{result.status}", lang)


def missing_text(result: Tally, lang: str = "zh") -> str:
    """What the scope still needs, or that it can no longer pass (empty once passed)."""
    if result.passed or result.blocking:  # until it is settled, what is missing is not known either
        return ""
    m = result.missing
    if m.possible and not m.heads and not m.area:  # nothing missing: only something to settle
        return ""
    if not m.possible:
        return say("missing.impossible", lang)
    if not m.heads:
        return say("missing.area_only", lang, area=area_text(m.area))
    if not m.area:
        return say("missing.heads_only", lang, heads=m.heads)
    return say("missing.more", lang, heads=m.heads, area=area_text(m.area))


def reasons(result: Tally, lang: str = "zh") -> list[str]:
    """Everything to say about a result not passed: what to settle first, then what is missing and why."""
    return [*blocking_sentences(result, lang), *[t for t in [missing_text(result, lang)] if t], *condition_sentences(result, lang)]  # fmt: skip


def tally_document(result: Tally, lang: str = "zh") -> dict[str, Any]:
    """The figures of one tally as JSON-ready values (areas as two-place decimal strings)."""

    def frac(name: str) -> str | None:
        value = result.fraction(name)
        return None if value is None else f"{value.numerator}/{value.denominator}"

    return {
        "rule": result.rule.name,
        "owners_total": result.owners_total,
        "area_total": area_text(result.area_total),
        "owners_voted": result.owners_voted,
        "area_voted": area_text(result.area_voted),
        "owners_agree": result.owners_agree,
        "area_agree": area_text(result.area_agree),
        "owners_object": result.owners_object,
        "area_object": area_text(result.area_object),
        "owners_abstain": result.owners_abstain,
        "participation_area": frac("participation_area"),
        "participation_heads": frac("participation_heads"),
        "approval_area": frac("approval_area"),
        "approval_heads": frac("approval_heads"),
        "quorum_met": result.quorum_met,
        "approval_met": result.approval_met,
        "no_objection_met": result.no_objection_met,
        "passed": result.passed,
        "status": result.status,  # passed, not_passed, cannot_conclude (待核实)
        "blocking": [
            {**item.as_json(), "sentence": blocking_sentence(item, lang)}
            for item in result.blocking
        ],
        "failed": list(result.failed),
        "why": [*blocking_sentences(result, lang), *condition_sentences(result, lang)],
        "missing": {
            "possible": result.missing.possible,
            "owners": result.missing.heads if result.missing.possible else None,
            "area": area_text(result.missing.area) if result.missing.possible else None,
        },
        "area_unknown_rooms": result.area_unknown_rooms,
        "split_vote_rooms": result.split_vote_rooms,
    }
