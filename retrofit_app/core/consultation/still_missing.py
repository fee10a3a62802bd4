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
from retrofit_app.core.consultation.headcount import (
    ABSTAIN,
    AGREE,
    OBJECT,
    PARTICIPATING,
    Flat,
    Head,
    head_choice,
)
from retrofit_app.core.consultation.rules import RuleSet
from retrofit_app.core.consultation.shares import Counts, units

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
    what_if = _WhatIf(rule, flats, heads, counts)
    if not flats or not what_if.passes(outstanding):
        return Missing(possible=False)
    need = _area_needed(rule, counts)
    sizes = [counts.units(f.area) for f in outstanding if f.area is not None]
    area = _smallest_sum_at_least(sizes, need) if need else 0
    return Missing(
        possible=True,
        heads=_fewest_heads(what_if, heads),
        area=counts.area(need if area is None else area),
    )


def _fewest_heads(what_if: _WhatIf, heads: Sequence[Head]) -> int:
    """The fewest owners not yet taking part who must agree, the largest flats first."""
    # Owners already counted whose other flats are outstanding add area but no head.
    free = [f for h in heads if h.takes_part for f in h.flats if f.choice not in PARTICIPATING]
    size = what_if.size  # areas in integer units: the order of m², without Fraction sums
    waiting = sorted(
        (h for h in heads if not h.takes_part), key=lambda h: -sum(size[id(f)] for f in h.flats)
    )
    low, high = 0, len(waiting)  # it passes with all of them agreeing: find the fewest
    while low < high:
        middle = (low + high) // 2
        if what_if.passes(free + [f for h in waiting[:middle] for f in h.flats]):
            high = middle
        else:
            low = middle + 1
    return low


class _WhatIf:
    """The scope's conditions were some outstanding flats to agree, from its counts (no recount).

    Heads stay grouped as they are (who owns what does not change with a vote); only the
    heads holding a turned flat choose again, and only the turned flats' areas move.
    """

    def __init__(self, rule: RuleSet, flats: Sequence[Flat], heads: Sequence[Head], counts: Counts):
        self.rule, self.flats, self.heads, self.counts = rule, flats, heads, counts
        # Only outstanding flats turn: their heads, and their areas in the scope's integer
        # units (0 when unknown: it adds nothing known).
        self.head_of: dict[int, int] = {}
        self.size: dict[int, int] = {}
        for i, head in enumerate(heads):
            for f in head.flats:
                if f.choice not in PARTICIPATING:
                    self.head_of[id(f)] = i
                    self.size[id(f)] = 0 if f.area is None else units(f.area, counts.scale)

    def passes(self, agreeing: Iterable[Flat]) -> bool:
        """Whether nothing is certainly not met were `agreeing` (outstanding flats) to agree."""
        # Each outstanding flat once (by identity: two flats may be equal as tuples).
        turned = {id(f): f for f in agreeing}
        c = self.counts
        added = sum(map(self.size.__getitem__, turned))
        tally = {AGREE: c.heads_agree, OBJECT: c.heads_object, ABSTAIN: c.heads_abstain}
        for index in {self.head_of[key] for key in turned}:
            head = self.heads[index]
            now: str | None = AGREE  # most heads: its one flat turned, it agrees
            if len(head.flats) > 1:
                changed = tuple(
                    f._replace(choice=AGREE) if id(f) in turned else f for f in head.flats
                )
                now = head_choice(changed, self.rule.mixed_owner_vote)
            for choice, step in ((head.choice, -1), (now, 1)):
                if choice in tally:
                    tally[choice] += step
        # Counts made directly, not recounted from the flats (~log n what-ifs a scope).
        counts = Counts(
            scale=c.scale,
            heads=c.heads,
            heads_voted=sum(tally.values()),
            heads_agree=tally[AGREE],
            heads_object=tally[OBJECT],
            heads_abstain=tally[ABSTAIN],
            area_total=c.area_total,
            area_voted=c.area_voted + added,
            area_agree=c.area_agree + added,
            area_object=c.area_object,
            unknown=tuple(f._replace(choice=AGREE) if id(f) in turned else f for f in c.unknown)
            if c.unknown
            else (),
        )
        return all(ok is not False for ok in conditions(self.rule, counts, self.flats).values())


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
