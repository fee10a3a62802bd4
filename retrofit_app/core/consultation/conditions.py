"""Each condition of a rule set, met, not met, or not decidable yet because a flat's area is unknown.

Civil Code Art. 278 (participation and approval, by area and by heads) and
Art. 1259 (“以上” includes the number itself: the rule's `inclusive`).
A flat of unknown area can measure anything above zero: a condition is decided
only when every such area gives the same answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from retrofit_app.core.consultation.headcount import AGREE, PARTICIPATING, Flat
from retrofit_app.core.consultation.rules import RuleSet, Threshold
from retrofit_app.core.consultation.shares import Counts


def reaches(top: int, bottom: int, threshold: Fraction, inclusive: bool) -> bool:
    """top / bottom reaches the threshold, on integers; nothing is reached when bottom is 0."""
    if not bottom:
        return False
    left, right = top * threshold.denominator, threshold.numerator * bottom
    return left >= right if inclusive else left > right


def reaches_with_unknown(
    top: int, bottom: int, unknown_in: int, unknown_out: int, threshold: Fraction, inclusive: bool
) -> bool | None:
    """Whether (top + a) / (bottom + a + b) reaches the threshold for every, no, or only some areas.

    `unknown_in` flats of unknown area count in the part and the whole, `unknown_out`
    in the whole only; their areas are any positive numbers. None: it depends on them.
    """
    if threshold == 0 and inclusive:
        return True
    if not unknown_in and not unknown_out:
        return reaches(top, bottom, threshold, inclusive)
    if not bottom:  # only unknown areas in the whole: the share is 1, 0, or anything between
        if not unknown_out:
            return reaches(1, 1, threshold, inclusive)
        return False if not unknown_in else None
    known = reaches(top, bottom, threshold, inclusive)
    if not unknown_out:  # the share lies in (top/bottom, 1): above the known share
        if known:
            return True
        return None if threshold < 1 else False
    if not unknown_in:  # the share lies in (0, top/bottom): below the known share
        if not known or top * threshold.denominator == threshold.numerator * bottom:
            return False
        return None
    return None


def conditions(rule: RuleSet, counts: Counts, flats: Sequence[Flat]) -> dict[str, bool | None]:
    """Condition code → met (True), not met (False) or undecidable while areas are unknown (None)."""
    met: dict[str, bool | None] = {}
    if not flats:
        met["empty"] = False
    unknown_voted = [f for f in counts.unknown if f.choice in PARTICIPATING]
    unknown_agree = sum(1 for f in unknown_voted if f.choice == AGREE)
    if rule.quorum:
        q = rule.quorum
        met["quorum_area"] = reaches_with_unknown(
            counts.area_voted, counts.area_total, len(unknown_voted),
            len(counts.unknown) - len(unknown_voted), q.area, q.inclusive,
        )  # fmt: skip
        met["quorum_heads"] = reaches(counts.heads_voted, counts.heads, q.heads, q.inclusive)
    a: Threshold = rule.approval
    if rule.approval_base == "participating":
        base_area, base_heads, outside = counts.area_voted, counts.heads_voted, len(unknown_voted)
    else:
        base_area, base_heads, outside = counts.area_total, counts.heads, len(counts.unknown)
    met["approval_area"] = reaches_with_unknown(
        counts.area_agree, base_area, unknown_agree, outside - unknown_agree, a.area, a.inclusive
    )
    met["approval_heads"] = reaches(counts.heads_agree, base_heads, a.heads, a.inclusive)
    if rule.no_objection:
        met["objection"] = not counts.heads_object
    return met
