"""What a scope still needs to pass: the fewest further agreeing owners and area, in real flats.

Only flats not yet voted (not asked, or not reached) can still change the result.
Agreeing never hurts a scope's chances (it adds to every share and takes no
objection away), so: the scope can still pass exactly when it passes with every
outstanding flat agreeing; the fewest owners are found with the largest outstanding
flats first; the least area is the smallest sum of whole outstanding flats that
meets the area conditions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import gcd

from retrofit_app.core.consultation.conditions import conditions, reaches
from retrofit_app.core.consultation.headcount import AGREE, PARTICIPATING, Flat, Head, heads_of
from retrofit_app.core.consultation.rules import RuleSet
from retrofit_app.core.consultation.shares import Counts, count

# Past this many area units (1/scale m²) the exact smallest sum is not worth its memory:
# the sum of the largest flats first stands in (still whole flats, never below the need).
_EXACT_SUM_LIMIT = 20_000_000


@dataclass
class Missing:
    """The fewest further agreeing owners and area that would pass, counted in real flats.

    `heads`: the fewest owners not yet taking part who must still agree. `area`: the
    least further agreeing area that whole outstanding flats can make. `possible` is
    False only when no votes of the outstanding flats can make the scope pass.
    """

    possible: bool
    heads: int = 0
    area: Fraction = Fraction(0)


def still_missing(
    rule: RuleSet, flats: Sequence[Flat], heads: Sequence[Head], counts: Counts
) -> Missing:
    outstanding = [f for f in flats if f.choice not in PARTICIPATING]
    if not flats or not _passes_with(rule, flats, outstanding):
        return Missing(possible=False)
    need = _area_needed(rule, counts)
    sizes = [counts.units(f.area) for f in outstanding if f.area is not None]
    area = _smallest_sum_at_least(sizes, need) if need else 0
    return Missing(
        possible=True,
        heads=_fewest_heads(rule, flats, heads),
        area=counts.area(need if area is None else area),
    )


def _fewest_heads(rule: RuleSet, flats: Sequence[Flat], heads: Sequence[Head]) -> int:
    """The fewest owners not yet taking part who must agree, the largest flats first."""
    # Owners already counted whose other flats are outstanding add area but no head.
    free = [f for h in heads if h.takes_part for f in h.flats if f.choice not in PARTICIPATING]
    waiting = sorted(
        (h for h in heads if not h.takes_part), key=lambda h: -sum(f.area or 0 for f in h.flats)
    )
    low, high = 0, len(waiting)  # it passes with all of them agreeing: find the fewest
    while low < high:
        middle = (low + high) // 2
        if _passes_with(rule, flats, free + [f for h in waiting[:middle] for f in h.flats]):
            high = middle
        else:
            low = middle + 1
    return low


def _passes_with(rule: RuleSet, flats: Sequence[Flat], agreeing: Iterable[Flat]) -> bool:
    """Whether the scope could pass (nothing certainly not met) were `agreeing` to agree."""
    turned = {id(f) for f in agreeing}
    changed = [f._replace(choice=AGREE) if id(f) in turned else f for f in flats]
    heads = heads_of(changed, rule)
    return all(ok is not False for ok in conditions(rule, count(changed, heads), changed).values())


def _area_needed(rule: RuleSet, counts: Counts) -> int:
    """The least further agreeing area (units) the area conditions need, were areas divisible."""
    need = 0
    total, voted, agree = counts.area_total, counts.area_voted, counts.area_agree
    if rule.quorum:
        q = rule.quorum.area  # voted + x ≥ q·total
        need = max(need, _ceil_div(q.numerator * total - q.denominator * voted, q.denominator))
    p = rule.approval.area
    if rule.approval_base == "total":  # agree + x ≥ p·total
        need = max(need, _ceil_div(p.numerator * total - p.denominator * agree, p.denominator))
    elif p < 1:  # (agree + x) / (voted + x) ≥ p  ⇔  x ≥ (p·voted − agree) / (1 − p)
        need = max(
            need,
            _ceil_div(p.numerator * voted - p.denominator * agree, p.denominator - p.numerator),
        )
    # A strict threshold (“过半数”) or the quorum's rounding may need one unit more.
    for _ in range(3):
        if _area_passes(rule, total, voted + need, agree + need):
            break
        need += 1
    return need


def _area_passes(rule: RuleSet, total: int, voted: int, agree: int) -> bool:
    q = rule.quorum
    if q and not reaches(voted, total, q.area, q.inclusive):
        return False
    base = voted if rule.approval_base == "participating" else total
    return reaches(agree, base, rule.approval.area, rule.approval.inclusive)


def _ceil_div(top: int, bottom: int) -> int:
    return max(0, -(-top // bottom))


def _smallest_sum_at_least(sizes: Sequence[int], need: int) -> int | None:
    """The smallest sum of some of `sizes` that is ≥ need (None: not even all of them)."""
    if sum(sizes) < need:
        return None
    step = 0
    for size in sizes:
        step = gcd(step, size)
    step = step or 1
    target = -(-need // step)
    bound = target + max(sizes) // step
    if bound > _EXACT_SUM_LIMIT:
        total = 0
        for size in sorted(sizes, reverse=True):
            total += size
            if total >= need:
                return total
    mask = (1 << (bound + 1)) - 1
    reachable = 1  # bit i: some flats sum to i·step
    for size in sizes:
        reachable |= (reachable << (size // step)) & mask
    above = reachable >> target
    return ((above & -above).bit_length() - 1 + target) * step
