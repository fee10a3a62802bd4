"""Headcount of one voting scope: the flats (专有部分) and the owners counted (人数) under a rule set.

Counting follows the Supreme People's Court interpretation on building
co-ownership, Arts. 8–9: one head per flat; all of the developer's unsold flats
are one head; flats of the same buyer (the same set of owners, as the committee
decided who is who: identity.py) are one head; co-owners of a flat are one head.
Tenants never vote: a rented flat votes through its owner.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from operator import attrgetter
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


def head_choice(flats: Sequence[Flat], policy: str) -> str | None:
    if len(flats) == 1:  # most heads: one flat, whose vote is the head's
        choice = flats[0].choice
        return choice if choice in CHOICES else None
    voted = [f for f in flats if f.choice in PARTICIPATING]
    if not voted:
        # Unreached beats not-asked so the list of whom to visit stays truthful.
        return UNREACHED if any(f.choice == UNREACHED for f in flats) else None
    if policy == "largest_area":
        return _largest_area_choice(voted)
    present = {f.choice for f in voted}
    return next(c for c in _STRICTNESS if c in present)


def _largest_area_choice(voted: Sequence[Flat]) -> str:
    """The vote of the owner's largest area; a tie goes to the stricter vote."""
    by_choice: dict[str, Fraction] = {}
    for f in voted:
        choice = str(f.choice)
        by_choice[choice] = by_choice.get(choice, Fraction(0)) + (f.area or 0)
    top = max(by_choice.values())
    tied = {c for c, a in by_choice.items() if a == top}
    return next(c for c in _STRICTNESS if c in tied)


def heads_of(flats: Sequence[Flat], rule: RuleSet) -> list[Head]:
    """Group the flats of one scope into counted heads per the rule's counting options.

    Art. 9 of the interpretation (法释〔2009〕7号): "一个专有部分按一人计算。但建设单位
    尚未出售和虽已出售但尚未交付的部分，以及同一买受人拥有一个以上专有部分的，按一人计算。"
    One head per flat, then two joins: the developer's unsold flats are one head, and
    flats of the same buyer (同一买受人) are one head when the rule counts an owner of
    several flats once. The buyer of a flat is its owners together, so flats are one
    head only when their owner sets are the same set: A+B owning 101 and B+C owning 102
    are two buyers, not one chain folded into a head (Art. 9 speaks of one buyer owning
    several flats, not of buyers sharing a member). Whether entries are one person, and
    whether overlapping sets are one buyer after all, the committee decides
    (identity.py); its decisions arrive here as equal owner keys. Co-owners of one flat
    are one head whatever the rule, as they share the flat; a flat with no owner named
    is a head of its own.
    """
    if _each_flat_alone(flats, rule):  # the usual scope: every flat a head of its own
        return [Head((f,), f.choice if f.choice in CHOICES else None) for f in flats]
    policy = rule.mixed_owner_vote
    members: dict[object, list[Flat]] = {}
    for i, flat in enumerate(flats):
        buyer: object = i
        if flat.developer_unsold and rule.developer_one_head:
            buyer = "developer"
        elif rule.owner_one_head and flat.owner_keys:
            buyer = frozenset(flat.owner_keys)
        members.setdefault(buyer, []).append(flat)
    return [Head(tuple(m), head_choice(m, policy)) for m in members.values()]


def _each_flat_alone(flats: Sequence[Flat], rule: RuleSet) -> bool:
    """Whether no two flats join into one head (checked in bulk: most scopes have no joins).

    Conservative: flats without owner keys all look alike here, and go the long way."""
    if rule.developer_one_head and sum(f.developer_unsold for f in flats) > 1:
        return False
    if not rule.owner_one_head:
        return True
    return len(set(map(frozenset, map(_owner_keys, flats)))) == len(flats)


_owner_keys = attrgetter("owner_keys")
