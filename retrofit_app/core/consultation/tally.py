"""Headcount and tally of one voting scope under a rule set, in exact fractions.

Counting follows the Supreme People's Court interpretation on building
co-ownership, Arts. 8–9: one head per flat; all of the developer's unsold flats
are one head; flats that share an owner (same ID number, or the same name where
no ID is known) are one head, which also makes co-owners of a flat one head.
Tenants never vote: a rented flat votes through its owner.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import ceil

from retrofit_app.core.consultation.rules import RuleSet, reaches

AGREE, OBJECT, ABSTAIN, UNREACHED = "agree", "object", "abstain", "unreached"
CHOICES = (AGREE, OBJECT, ABSTAIN, UNREACHED)
PARTICIPATING = (AGREE, OBJECT, ABSTAIN)  # abstainers take part but do not agree
# Strictest first: the head of an owner who split their votes takes the first found.
_STRICTNESS = (OBJECT, ABSTAIN, AGREE)
CENT = Fraction(1, 100)


@dataclass(frozen=True)
class Flat:
    """One exclusive part (专有部分) as the tally sees it."""

    household_uuid: str
    room: str
    area: Fraction | None
    owner_keys: tuple[str, ...] = ()
    developer_unsold: bool = False
    choice: str | None = None  # None: not asked yet
    unit: str = ""


def owner_key(name: str, id_number: str) -> str:
    """Same ID number = same person; only where no ID is given does the name decide."""
    id_number = id_number.strip().upper()
    return f"id:{id_number}" if id_number else f"name:{name.strip()}"


@dataclass(frozen=True)
class Head:
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
        return top / bottom if bottom else None


class _Groups:
    """Union-find over flats: flats sharing an owner key end up in one head."""

    def __init__(self, count: int) -> None:
        self.parent = list(range(count))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _head_choice(flats: Sequence[Flat], policy: str) -> str | None:
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
    """Group the flats of one scope into counted heads per the rule's counting options."""
    groups = _Groups(len(flats))
    first_with: dict[str, int] = {}
    for i, flat in enumerate(flats):
        keys = ["developer"] if flat.developer_unsold and rule.developer_one_head else []
        # Co-owners of one flat are one head whatever the rule, so their keys always join here.
        keys += list(flat.owner_keys)
        for key in keys:
            if key == "developer" or rule.owner_one_head:
                if key in first_with:
                    groups.join(i, first_with[key])
                else:
                    first_with[key] = i
    members: dict[int, list[Flat]] = {}
    for i, flat in enumerate(flats):
        members.setdefault(groups.find(i), []).append(flat)
    return [Head(tuple(m), _head_choice(m, rule.mixed_owner_vote)) for m in members.values()]


def _sum(values: Iterable[Fraction | None]) -> Fraction:
    """Exact sum; areas in whole cents are added as integers (Fraction addition is slow in bulk)."""
    cents, rest = 0, []
    for v in values:
        if v is None:
            continue
        if 100 % v.denominator == 0:
            cents += v.numerator * (100 // v.denominator)
        else:
            rest.append(v)
    return sum(rest, Fraction(cents, 100))


def tally(flats: Sequence[Flat], rule: RuleSet) -> Tally:
    heads = heads_of(flats, rule)
    by_choice: dict[str | None, list[Fraction | None]] = {}
    for f in flats:
        by_choice.setdefault(f.choice, []).append(f.area)
    area_of = {c: _sum(areas) for c, areas in by_choice.items()}
    area_agree, area_object = area_of.get(AGREE, Fraction(0)), area_of.get(OBJECT, Fraction(0))
    area_voted = area_agree + area_object + area_of.get(ABSTAIN, Fraction(0))
    area_total = sum(area_of.values(), Fraction(0))
    head_choices = [h.choice for h in heads]
    n_total = len(heads)
    n_agree, n_object = head_choices.count(AGREE), head_choices.count(OBJECT)
    n_abstain = head_choices.count(ABSTAIN)
    n_voted = n_agree + n_object + n_abstain
    failed: list[str] = []
    unknown = [f.room for f in flats if f.area is None]
    if not flats:
        failed.append("empty")
    if unknown:
        failed.append("area_unknown")  # the area test cannot be decided without every flat's area

    quorum_met = True
    if rule.quorum:
        q = rule.quorum
        if not reaches(_ratio(area_voted, area_total), q.area, q.inclusive):
            failed.append("quorum_area")
        if not reaches(_ratio(n_voted, n_total), q.heads, q.inclusive):
            failed.append("quorum_heads")
        quorum_met = not {"quorum_area", "quorum_heads"} & set(failed)
    a = rule.approval
    base_area, base_heads = (
        (area_voted, n_voted) if rule.approval_base == "participating" else (area_total, n_total)
    )
    if not reaches(_ratio(area_agree, base_area), a.area, a.inclusive):
        failed.append("approval_area")
    if not reaches(_ratio(n_agree, base_heads), a.heads, a.inclusive):
        failed.append("approval_heads")
    approval_met = not {"approval_area", "approval_heads"} & set(failed)
    no_objection_met = not (rule.no_objection and n_object)
    if not no_objection_met:
        failed.append("objection")
    pending = [h for h in heads if not h.takes_part]
    missing = Missing(possible=True) if not failed else _missing(
        rule, n_total, n_voted, n_agree, area_total, area_voted, area_agree,
        len(pending), _sum(f.area for h in pending for f in h.flats if f.choice not in PARTICIPATING),
        blocked=not no_objection_met or bool(unknown) or not flats,
    )  # fmt: skip
    return Tally(
        rule=rule,
        heads=heads,
        owners_total=n_total,
        area_total=area_total,
        owners_voted=n_voted,
        area_voted=area_voted,
        owners_agree=n_agree,
        area_agree=area_agree,
        owners_object=n_object,
        area_object=area_object,
        owners_abstain=n_abstain,
        quorum_met=quorum_met,
        approval_met=approval_met,
        no_objection_met=no_objection_met,
        passed=not failed,
        failed=failed,
        missing=missing,
        area_unknown_rooms=unknown,
        split_vote_rooms=[[f.room for f in h.flats] for h in heads if h.split_vote],
    )


def _ratio(top: Fraction | int, bottom: Fraction | int) -> Fraction | None:
    return Fraction(top) / Fraction(bottom) if bottom else None


def _passes(rule: RuleSet, total: Fraction, voted: Fraction, agree: Fraction, which: str) -> bool:
    """Whether quorum and approval hold for one measure (area or heads)."""
    if rule.quorum and not reaches(
        _ratio(voted, total), getattr(rule.quorum, which), rule.quorum.inclusive
    ):
        return False
    base = voted if rule.approval_base == "participating" else total
    return reaches(_ratio(agree, base), getattr(rule.approval, which), rule.approval.inclusive)


def _fewest(
    rule: RuleSet,
    which: str,
    total: Fraction,
    voted: Fraction,
    agree: Fraction,
    step: Fraction,
    limit: Fraction,
) -> Fraction | None:
    """Smallest further agreeing amount x (a multiple of `step`, at most `limit`) that passes, or None.

    The closed-form lower bounds come from the thresholds; stepping up from
    there settles strict thresholds (“过半数”) and rounding exactly.
    """
    bounds = [Fraction(0)]
    if rule.quorum:
        bounds.append(getattr(rule.quorum, which) * total - voted)
    p = getattr(rule.approval, which)
    if rule.approval_base == "total":
        bounds.append(p * total - agree)
    elif p < 1:
        # (agree + x) / (voted + x) ≥ p  ⇔  x ≥ (p·voted − agree) / (1 − p)
        bounds.append((p * voted - agree) / (1 - p))
    x = Fraction(ceil(max(bounds) / step)) * step
    for _ in range(3):
        if x > limit:
            return None
        if _passes(rule, total, voted + x, agree + x, which):
            return x
        x += step
    return None  # not even with every remaining owner agreeing (e.g. a unanimous rule and an abstention)


def _missing(
    rule: RuleSet, n_total: int, n_voted: int, n_agree: int,
    area_total: Fraction, area_voted: Fraction, area_agree: Fraction,
    pending_heads: int, pending_area: Fraction, *, blocked: bool,
) -> Missing:  # fmt: skip
    if blocked:
        return Missing(possible=False)
    one = Fraction(1)
    k = _fewest(
        rule,
        "heads",
        Fraction(n_total),
        Fraction(n_voted),
        Fraction(n_agree),
        one,
        Fraction(pending_heads),
    )
    x = _fewest(rule, "area", area_total, area_voted, area_agree, CENT, pending_area)
    if k is None or x is None:
        return Missing(possible=False)
    return Missing(possible=True, heads=int(k), area=x)
