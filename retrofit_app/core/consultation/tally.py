"""The result of one voting scope under a rule set: counted, checked, and what keeps it from a conclusion.

The steps live beside it: headcount.py (who counts as one owner), shares.py (the
sums, in exact integers), conditions.py (each condition met, not met, or not
decidable while an area is unknown) and still_missing.py (what it would still take).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from retrofit_app.core.consultation.blocking import (
    AREA_UNKNOWN,
    REFUSED,
    ROW_REFUSED,
    Blocking,
    refused_reasons,
)
from retrofit_app.core.consultation.conditions import conditions
from retrofit_app.core.consultation.headcount import (  # noqa: F401 (the names callers import from here)
    ABSTAIN,
    AGREE,
    CHOICES,
    OBJECT,
    PARTICIPATING,
    UNREACHED,
    Flat,
    Head,
    heads_of,
    owner_key,
)
from retrofit_app.core.consultation.rules import RuleSet, Threshold
from retrofit_app.core.consultation.shares import count
from retrofit_app.core.consultation.still_missing import Missing, still_missing

PASSED, NOT_PASSED, CANNOT_CONCLUDE = "passed", "not_passed", "cannot_conclude"


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
    passed: bool | None  # None: cannot be concluded yet (see `blocking`)
    # Condition codes not met: quorum_area, quorum_heads, approval_area, approval_heads, objection, empty
    failed: list[str]
    missing: Missing
    area_unknown_rooms: list[str] = field(default_factory=list)
    split_vote_rooms: list[list[str]] = field(default_factory=list)
    blocking: list[Blocking] = field(default_factory=list)

    @property
    def status(self) -> str:
        """passed, not_passed or cannot_conclude (待核实)."""
        if self.passed is None:
            return CANNOT_CONCLUDE
        return PASSED if self.passed else NOT_PASSED

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

    def threshold(self, what: str) -> Threshold | None:
        """The rule's threshold a share is held against (None: no participation test)."""
        return self.rule.approval if what.startswith("approval") else self.rule.quorum


def tally(flats: Sequence[Flat], rule: RuleSet, questions: Sequence[Blocking] = ()) -> Tally:
    """The scope's result: counted, checked against the rule, and what keeps it from a conclusion.

    `questions` are the scope's open identity questions (core/consultation/identity.py);
    a flat kept with a problem (Flat.problems) blocks too. A flat whose area is not
    known blocks only where the result depends on it (all six agreeing pass whatever
    the seventh flat measures).
    """
    heads = heads_of(flats, rule)
    counts = count(flats, heads)
    met = conditions(rule, counts, flats)
    failed = [code for code, ok in met.items() if ok is False]
    blocking = flat_problems(flats) + list(questions)
    undecided = [code for code, ok in met.items() if ok is None]
    # A refused row's flat is named once, with its reasons, not again for its area.
    refused = {room for b in blocking if b.code == ROW_REFUSED for room in b.rooms}
    unknown = tuple(room for room in counts.unknown_rooms if room not in refused)
    if undecided and not failed and unknown:
        blocking.insert(0, Blocking(AREA_UNKNOWN, unknown))
    passed: bool | None = None if blocking else not failed
    return Tally(
        rule=rule,
        heads=heads,
        owners_total=counts.heads,
        area_total=counts.area(counts.area_total),
        owners_voted=counts.heads_voted,
        area_voted=counts.area(counts.area_voted),
        owners_agree=counts.heads_agree,
        area_agree=counts.area(counts.area_agree),
        owners_object=counts.heads_object,
        area_object=counts.area(counts.area_object),
        owners_abstain=counts.heads_abstain,
        quorum_met=_not_failed(met, "quorum_area", "quorum_heads"),
        approval_met=_not_failed(met, "approval_area", "approval_heads"),
        no_objection_met=_not_failed(met, "objection"),
        passed=passed,
        failed=failed,
        missing=Missing(possible=True) if not failed else still_missing(rule, flats, heads, counts),
        area_unknown_rooms=list(counts.unknown_rooms),
        split_vote_rooms=[
            [f.room for f in h.flats] for h in heads if len(h.flats) > 1 and h.split_vote
        ],
        blocking=blocking,
    )


def _not_failed(met: dict[str, bool | None], *codes: str) -> bool:
    return all(met.get(code) is not False for code in codes)


def flat_problems(flats: Sequence[Flat]) -> list[Blocking]:
    """The flats kept with a problem, one Blocking per problem code, rooms in roster order.

    A flat whose roster row was refused (ROW_REFUSED) is named there alone, with its reasons:
    what else it lacks follows from the refusal.
    """
    rooms: dict[str, list[str]] = {}
    reasons: list[tuple[str, tuple[str, ...]]] = []
    for f in flats:
        if not f.problems:
            continue
        if ROW_REFUSED in f.problems:
            rooms.setdefault(ROW_REFUSED, []).append(f.room)
            reasons.append((f.room, refused_reasons(f.problems)))
            continue
        for code in f.problems:
            # An unknown area blocks only where the result depends on it.
            if code != AREA_UNKNOWN and not code.startswith(REFUSED):
                rooms.setdefault(code, []).append(f.room)
    return [
        Blocking(code, tuple(found), reasons=tuple(reasons) if code == ROW_REFUSED else ())
        for code, found in rooms.items()
    ]
