"""Headcount and tally of one voting scope under a rule set, in exact fractions.

Counting follows the Supreme People's Court interpretation on building
co-ownership, Arts. 8–9: one head per flat; all of the developer's unsold flats
are one head; flats that share an owner (same ID number, or the same name where
no ID is known) are one head, which also makes co-owners of a flat one head.
Tenants never vote: a rented flat votes through its owner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import lcm
from typing import NamedTuple

from retrofit_app.core.consultation.rules import RuleSet

AGREE, OBJECT, ABSTAIN, UNREACHED = "agree", "object", "abstain", "unreached"
CHOICES = (AGREE, OBJECT, ABSTAIN, UNREACHED)
PARTICIPATING = (AGREE, OBJECT, ABSTAIN)  # abstainers take part but do not agree
# Strictest first: the head of an owner who split their votes takes the first found.
_STRICTNESS = (OBJECT, ABSTAIN, AGREE)


class Flat(NamedTuple):
    """One exclusive part (专有部分) as the tally sees it (a NamedTuple: thousands per estate tally)."""

    household_uuid: str
    room: str
    area: Fraction | None
    owner_keys: tuple[str, ...] = ()
    developer_unsold: bool = False
    choice: str | None = None  # None: not asked yet
    unit: str = ""
    problems: tuple[str, ...] = ()  # blocking.FLAT_PROBLEMS codes of a row kept as it came


def owner_key(name: str, id_number: str) -> str:
    """Same ID number = same person; only where no ID is given does the name decide."""
    id_number = id_number.strip().upper()
    return f"id:{id_number}" if id_number else f"name:{name.strip()}"


class Head(NamedTuple):
    """One counted owner (人数中的一人) with the flats it stands for."""

    flats: tuple[Flat, ...]
    choice: str | None  # the head's vote; None when none of its flats took part

    @property
    def takes_part(self) -> bool:
        return self.choice in PARTICIPATING

    @property
    def split_vote(self) -> bool:
        return len({f.choice for f in self.flats if f.choice in PARTICIPATING}) > 1


@dataclass
class Missing:
    """The fewest further agreeing heads and area (from owners not yet counted) that would pass."""

    possible: bool
    heads: int = 0
    area: Fraction = Fraction(0)


@dataclass
class Tally:
    rule: RuleSet
    heads: list[Head]
    owners_total: int
    area_total: Fraction
    owners_voted: int
    area_voted: Fraction
    owners_agree: int
    area_agree: Fraction
    owners_object: int
    area_object: Fraction
    owners_abstain: int
    quorum_met: bool
    approval_met: bool
    no_objection_met: bool
    passed: bool
    failed: list[
        str
    ]  # condition codes: quorum_area, quorum_heads, approval_area, approval_heads, objection, area_unknown, empty
    missing: Missing
    area_unknown_rooms: list[str] = field(default_factory=list)
    split_vote_rooms: list[list[str]] = field(default_factory=list)

    def fraction(self, what: str) -> Fraction | None:
        """participation_area/_heads, approval_area/_heads as exact fractions (None if 0/0)."""
        counted = self.share(what)
        return None if counted is None else counted[0] / counted[1]

    def share(self, what: str) -> tuple[Fraction, Fraction] | None:
        """The share `what` as counted, (part, whole): 5 of 8 heads stays 5/8, not 1/2 (None if 0/0)."""
        base_area = (
            self.area_voted if self.rule.approval_base == "participating" else self.area_total
        )
        base_heads = (
            self.owners_voted if self.rule.approval_base == "participating" else self.owners_total
        )
        pairs = {
            "participation_area": (self.area_voted, self.area_total),
            "participation_heads": (Fraction(self.owners_voted), Fraction(self.owners_total)),
            "approval_area": (self.area_agree, base_area),
            "approval_heads": (Fraction(self.owners_agree), Fraction(base_heads)),
        }
        top, bottom = pairs[what]
        return (top, bottom) if bottom else None


def _head_choice(flats: Sequence[Flat], policy: str) -> str | None:
    if len(flats) == 1:  # most heads: one flat, whose vote is the head's
        choice = flats[0].choice
        return choice if choice in CHOICES else None
    voted = [f for f in flats if f.choice in PARTICIPATING]
    if not voted:
        # Unreached beats not-asked so the list of whom to visit stays truthful.
        return UNREACHED if any(f.choice == UNREACHED for f in flats) else None
    if policy == "largest_area":
        by_choice: dict[str, Fraction] = {}
        for f in voted:
            by_choice[f.choice] = by_choice.get(f.choice, Fraction(0)) + (f.area or 0)  # type: ignore[index]
        top = max(by_choice.values())
        tied = {c for c, a in by_choice.items() if a == top}
        return next(c for c in _STRICTNESS if c in tied)
    present = {f.choice for f in voted}
    return next(c for c in _STRICTNESS if c in present)


def heads_of(flats: Sequence[Flat], rule: RuleSet) -> list[Head]:
    """Group the flats of one scope into counted heads per the rule's counting options.

    Union-find over the flats: flats sharing a key (the developer, or an owner
    when the rule counts an owner of several flats once) end up in one head.
    Co-owners of one flat are one head whatever the rule, as they share the flat.
    """
    first_with: dict[str, int] = {}
    joins: list[tuple[int, int]] = []
    for i, flat in enumerate(flats):
        keys = flat.owner_keys if rule.owner_one_head else ()
        if flat.developer_unsold and rule.developer_one_head:
            keys = ("developer", *keys)  # owner keys start "id:" or "name:", so no clash
        for key in keys:
            first = first_with.setdefault(key, i)
            if first != i:
                joins.append((i, first))
    policy = rule.mixed_owner_vote
    if not joins:  # the usual scope: every flat a head of its own
        return [Head((f,), _head_choice((f,), policy)) for f in flats]
    parent = list(range(len(flats)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, first in joins:
        parent[root(i)] = root(first)
    members: dict[int, list[Flat]] = {}
    for i, flat in enumerate(flats):
        members.setdefault(root(i), []).append(flat)
    return [Head(tuple(m), _head_choice(m, policy)) for m in members.values()]


def _scale(flats: Sequence[Flat]) -> int:
    """A common denominator of every area that counts whole cents too: areas become integers."""
    scale = 100
    for f in flats:
        if f.area is not None and scale % f.area.denominator:
            scale = lcm(scale, f.area.denominator)
    return scale


def _units(area: Fraction, scale: int) -> int:
    return area.numerator * (scale // area.denominator)


def _reaches(top: int, bottom: int, threshold: Fraction, inclusive: bool) -> bool:
    """top / bottom reaches the threshold, on integers; nothing is reached when bottom is 0.

    Civil Code Art. 1259: “以上” includes the number itself (inclusive); “过半数” does not.
    """
    if not bottom:
        return False
    left, right = top * threshold.denominator, threshold.numerator * bottom
    return left >= right if inclusive else left > right


def tally(flats: Sequence[Flat], rule: RuleSet) -> Tally:
    """Everything in integers (areas in units of 1/scale m², cents at least); Fractions at the end."""
    heads = heads_of(flats, rule)
    scale = _scale(flats)
    area_total = area_voted = area_agree = area_object = 0
    unknown: list[str] = []
    for f in flats:
        if f.area is None:
            unknown.append(f.room)
            continue
        units = _units(f.area, scale)
        area_total += units
        if f.choice in PARTICIPATING:
            area_voted += units
            if f.choice == AGREE:
                area_agree += units
            elif f.choice == OBJECT:
                area_object += units
    head_choices = [h.choice for h in heads]
    n_total = len(heads)
    n_agree, n_object = head_choices.count(AGREE), head_choices.count(OBJECT)
    n_abstain = head_choices.count(ABSTAIN)
    n_voted = n_agree + n_object + n_abstain
    failed: list[str] = []
    if not flats:
        failed.append("empty")
    if unknown:
        failed.append("area_unknown")  # the area test cannot be decided without every flat's area

    quorum_met = True
    if rule.quorum:
        q = rule.quorum
        if not _reaches(area_voted, area_total, q.area, q.inclusive):
            failed.append("quorum_area")
        if not _reaches(n_voted, n_total, q.heads, q.inclusive):
            failed.append("quorum_heads")
        quorum_met = "quorum_area" not in failed and "quorum_heads" not in failed
    a = rule.approval
    base_area, base_heads = (
        (area_voted, n_voted) if rule.approval_base == "participating" else (area_total, n_total)
    )
    if not _reaches(area_agree, base_area, a.area, a.inclusive):
        failed.append("approval_area")
    if not _reaches(n_agree, base_heads, a.heads, a.inclusive):
        failed.append("approval_heads")
    approval_met = "approval_area" not in failed and "approval_heads" not in failed
    no_objection_met = not (rule.no_objection and n_object)
    if not no_objection_met:
        failed.append("objection")
    if not failed:
        missing = Missing(possible=True)
    elif not no_objection_met or unknown or not flats:
        missing = Missing(possible=False)
    else:
        pending = [h for h in heads if not h.takes_part]  # their flats all stand outside the vote
        pending_area = sum(_units(f.area, scale) for h in pending for f in h.flats)  # type: ignore[arg-type]
        k = _fewest(rule, "heads", n_total, n_voted, n_agree, 1, len(pending))
        x = _fewest(rule, "area", area_total, area_voted, area_agree, scale // 100, pending_area)
        missing = (
            Missing(possible=False)
            if k is None or x is None
            else Missing(possible=True, heads=k, area=Fraction(x, scale))
        )
    return Tally(
        rule=rule,
        heads=heads,
        owners_total=n_total,
        area_total=Fraction(area_total, scale),
        owners_voted=n_voted,
        area_voted=Fraction(area_voted, scale),
        owners_agree=n_agree,
        area_agree=Fraction(area_agree, scale),
        owners_object=n_object,
        area_object=Fraction(area_object, scale),
        owners_abstain=n_abstain,
        quorum_met=quorum_met,
        approval_met=approval_met,
        no_objection_met=no_objection_met,
        passed=not failed,
        failed=failed,
        missing=missing,
        area_unknown_rooms=unknown,
        split_vote_rooms=[
            [f.room for f in h.flats] for h in heads if len(h.flats) > 1 and h.split_vote
        ],
    )


def _passes(rule: RuleSet, total: int, voted: int, agree: int, which: str) -> bool:
    """Whether quorum and approval hold for one measure (area or heads)."""
    q = rule.quorum
    if q and not _reaches(voted, total, getattr(q, which), q.inclusive):
        return False
    base = voted if rule.approval_base == "participating" else total
    a = rule.approval
    return _reaches(agree, base, getattr(a, which), a.inclusive)


def _at_least(top: int, bottom: int, step: int) -> int:
    """The smallest multiple of `step` that is ≥ top / bottom (bottom > 0)."""
    return -(-top // (bottom * step)) * step


def _fewest(
    rule: RuleSet, which: str, total: int, voted: int, agree: int, step: int, limit: int
) -> int | None:
    """Smallest further agreeing amount x (a multiple of `step`, at most `limit`) that passes, or None.

    The closed-form lower bounds come from the thresholds; stepping up from
    there settles strict thresholds (“过半数”) exactly.
    """
    x = 0
    if rule.quorum:
        q = getattr(rule.quorum, which)  # voted + x ≥ q·total
        x = max(x, _at_least(q.numerator * total - q.denominator * voted, q.denominator, step))
    p = getattr(rule.approval, which)
    if rule.approval_base == "total":  # agree + x ≥ p·total
        x = max(x, _at_least(p.numerator * total - p.denominator * agree, p.denominator, step))
    elif p < 1:
        # (agree + x) / (voted + x) ≥ p  ⇔  x ≥ (p·voted − agree) / (1 − p)
        top = p.numerator * voted - p.denominator * agree
        x = max(x, _at_least(top, p.denominator - p.numerator, step))
    for _ in range(3):
        if x > limit:
            return None
        if _passes(rule, total, voted + x, agree + x, which):
            return x
        x += step
    return None  # not even with every remaining owner agreeing (e.g. a unanimous rule and an abstention)
