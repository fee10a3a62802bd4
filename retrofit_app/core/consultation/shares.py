"""The sums of one scope in exact integers: heads by vote, and areas in units of 1/scale m²."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import lcm
from typing import NamedTuple

from retrofit_app.core.consultation.headcount import (
    ABSTAIN,
    AGREE,
    OBJECT,
    PARTICIPATING,
    Flat,
    Head,
)


class Counts(NamedTuple):
    """Heads and known areas of a scope; flats of unknown area are counted apart (`unknown`).

    (A NamedTuple: made again for each what-if of still_missing.)"""

    scale: int  # areas are integers in units of 1/scale m² (cents at least)
    heads: int
    heads_voted: int
    heads_agree: int
    heads_object: int
    heads_abstain: int
    area_total: int
    area_voted: int
    area_agree: int
    area_object: int
    unknown: tuple[Flat, ...]  # flats whose area is not known, in roster order

    @property
    def unknown_rooms(self) -> list[str]:
        return [f.room for f in self.unknown]

    def area(self, units: int) -> Fraction:
        return Fraction(units, self.scale)

    def units(self, area: Fraction) -> int:
        return units(area, self.scale)


def scale_of(flats: Sequence[Flat]) -> int:
    """A common denominator of every area that counts whole cents too: areas become integers."""
    scale = 100
    for f in flats:
        if f.area is not None and scale % f.area.denominator:
            scale = lcm(scale, f.area.denominator)
    return scale


def units(area: Fraction, scale: int) -> int:
    return area.numerator * (scale // area.denominator)


def count(flats: Sequence[Flat], heads: Sequence[Head]) -> Counts:
    scale = scale_of(flats)
    total = voted = agree = objecting = 0
    unknown = []
    for f in flats:
        if f.area is None:
            unknown.append(f)
            continue
        size = units(f.area, scale)
        total += size
        if f.choice in PARTICIPATING:
            voted += size
            if f.choice == AGREE:
                agree += size
            elif f.choice == OBJECT:
                objecting += size
    choices = [h.choice for h in heads]
    heads_agree, heads_object, heads_abstain = (
        choices.count(AGREE),
        choices.count(OBJECT),
        choices.count(ABSTAIN),
    )
    return Counts(
        scale=scale,
        heads=len(heads),
        heads_voted=heads_agree + heads_object + heads_abstain,
        heads_agree=heads_agree,
        heads_object=heads_object,
        heads_abstain=heads_abstain,
        area_total=total,
        area_voted=voted,
        area_agree=agree,
        area_object=objecting,
        unknown=tuple(unknown),
    )
