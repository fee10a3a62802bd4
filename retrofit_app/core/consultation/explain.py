"""A tally in words and plain numbers: condition sentences, area strings, the JSON document."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from retrofit_app.core.consultation.tally import Tally

# Condition code → (Chinese, English); {t} is the rule's threshold, {v} the value reached.
CONDITIONS: dict[str, tuple[str, str]] = {
    "quorum_area": ("参与表决面积 {v}，未达 {t}", "area taking part {v}, short of {t}"),
    "quorum_heads": ("参与表决人数 {v}，未达 {t}", "owners taking part {v}, short of {t}"),
    "approval_area": ("同意面积 {v}，未达 {t}", "agreeing area {v}, short of {t}"),
    "approval_heads": ("同意人数 {v}，未达 {t}", "agreeing owners {v}, short of {t}"),
    "objection": (
        "有 {v} 位业主反对（本规则要求无人反对）",
        "{v} owner(s) object (this rule needs no objection)",
    ),
    "area_unknown": (
        "{v} 户面积未知，无法计算面积比例",
        "{v} flat(s) have no known area, so the area test cannot be decided",
    ),
    "empty": ("范围内没有住户", "the scope has no households"),
}


def area_text(value: Fraction) -> str:
    """Square metres as a decimal string with two places (half up), as staff write them."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def share_text(result: Tally, what: str, lang: str = "zh") -> str:
    """A share as counted: “5/8 (62.5%)” for owners, “281.27/422.00 ㎡ (66.7%)” for areas."""
    counted = result.share(what)
    if counted is None:
        return "—"
    part, whole = counted
    percent = f"{float(part / whole):.1%}"
    if what.endswith("area"):
        unit = "m²" if lang.startswith("en") else "㎡"
        return f"{area_text(part)}/{area_text(whole)} {unit} ({percent})"
    return f"{int(part)}/{int(whole)} ({percent})"


def _threshold(result: Tally, code: str) -> str:
    rule = result.rule
    part = rule.quorum if code.startswith("quorum") else rule.approval
    if part is None:
        return ""
    value = part.area if code.endswith("area") else part.heads
    sign = "≥" if part.inclusive else ">"
    return f"{sign} {value.numerator}/{value.denominator}" if value != 1 else f"{sign} 100%"


def condition_sentences(result: Tally, lang: str = "zh") -> list[str]:
    en = lang.startswith("en")
    out = []
    for code in result.failed:
        if code in ("quorum_area", "quorum_heads"):
            value = share_text(result, "participation_" + code.split("_")[1], lang)
        elif code in ("approval_area", "approval_heads"):
            value = share_text(result, code, lang)
        elif code == "objection":
            value = str(result.owners_object)
        elif code == "area_unknown":
            value = (
                f"{len(result.area_unknown_rooms)}（{'、'.join(result.area_unknown_rooms[:5])}）"
            )
        else:
            value = ""
        out.append(CONDITIONS[code][1 if en else 0].format(v=value, t=_threshold(result, code)))
    return out


def missing_text(result: Tally, lang: str = "zh") -> str:
    en = lang.startswith("en")
    if result.passed:
        return ""
    m = result.missing
    if not m.possible:
        return "cannot pass any more" if en else "已无法通过"
    if en:
        return f"{m.heads} more owner(s), {area_text(m.area)} m² more agreeing"
    return f"还需 {m.heads} 人、{area_text(m.area)} ㎡ 同意"


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
        "failed": list(result.failed),
        "why": condition_sentences(result, lang),
        "missing": {
            "possible": result.missing.possible,
            "owners": result.missing.heads if result.missing.possible else None,
            "area": area_text(result.missing.area) if result.missing.possible else None,
        },
        "area_unknown_rooms": result.area_unknown_rooms,
        "split_vote_rooms": result.split_vote_rooms,
    }
