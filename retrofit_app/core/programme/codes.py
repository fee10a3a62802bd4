"""The programme's codes (funding sources, works, property modes, elevator stages, measures) and their words."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from retrofit_app.core.words import N_, say

# Where the money comes from, in the order a district's finance sheet lists them.
FUNDING_SOURCES = (
    "central", "provincial", "city", "district", "residents",
    "maintenance_fund", "provident_fund", "social_capital", "other",
)  # fmt: skip
SOURCE_WORDS = {code: N_(f"programme.source.{code}") for code in FUNDING_SOURCES}

FUND_KINDS = ("budget", "actual")
FUND_KIND_WORDS = {
    "budget": N_("programme.fund_kind.budget"),
    "actual": N_("programme.fund_kind.actual"),
}

# Units a works quantity is counted in.
UNITS = ("m", "m2", "piece", "place", "lamp", "elevator")
UNIT_WORDS = {code: N_(f"programme.unit.{code}") for code in UNITS}


@dataclass(frozen=True)
class Work:
    code: str
    unit: str  # a code of UNITS


# The key works a district counts, each in its own unit. Added elevators are counted from the
# elevators table instead (ELEVATOR_WORK), never typed as a quantity.
WORKS = {
    work.code: work
    for work in (
        Work("pipes", "m"),
        Work("roofs", "m2"),
        Work("facade", "m2"),
        Work("rain_sewage", "m"),
        Work("roads", "m2"),
        Work("parking", "piece"),
        Work("chargers", "piece"),
        Work("cameras", "piece"),
        Work("ramps", "place"),
        Work("greening", "m2"),
        Work("lighting", "lamp"),
        Work("refuse", "place"),
    )
}
WORK_CODES = tuple(WORKS)
ELEVATOR_WORK = Work("elevators", "elevator")
WORK_WORDS = {code: N_(f"programme.work.{code}") for code in (*WORK_CODES, ELEVATOR_WORK.code)}

PROPERTY_MODES = ("professional", "self", "trusteeship", "street_fallback")
PROPERTY_MODE_WORDS = {code: N_(f"programme.property_mode.{code}") for code in PROPERTY_MODES}

COMMITTEE_KINDS = ("owners_committee", "property_committee")
COMMITTEE_KIND_WORDS = {code: N_(f"programme.committee_kind.{code}") for code in COMMITTEE_KINDS}

# An added elevator's stages in order, each reached on the date in the column named beside it;
# "proposed" is an elevator recorded with none of those dates yet.
ELEVATOR_STAGE_DATES = {
    "consented": "consented_on",
    "approved": "approved_on",
    "started": "started_on",
    "handed_over": "handed_over_on",
    "in_service": "in_service_on",
}
ELEVATOR_STAGES = ("proposed", *ELEVATOR_STAGE_DATES)
ELEVATOR_STAGE_WORDS = {code: N_(f"programme.elevator_stage.{code}") for code in ELEVATOR_STAGES}

# What a plan target (plan_targets.measure) counts.
MEASURES = (
    "estates_started", "estates_completed",
    "buildings_started", "buildings_completed",
    "households_started", "households_completed",
    "floor_area_started", "floor_area_completed",
    "investment",
    "elevators_consented", "elevators_started", "elevators_in_service",
    "committees_formed", "property_brought_in",
)  # fmt: skip
MEASURE_WORDS = {code: N_(f"programme.measure.{code}") for code in MEASURES}

_PERIOD = re.compile(r"^(\d{4})(?:(H[12])|-(\d{4}))?$")


def word(words: Mapping[str, str], code: str, lang: str = "zh") -> str:
    """A code's words from one of the tables above; an unknown code reads as itself."""
    msgid = words.get(code)
    return say(msgid, lang) if msgid else code


def elevator_stage(dates: Mapping[str, str]) -> str:
    """The furthest stage an elevator has reached, from its dates (a row or a dict of columns)."""
    reached = "proposed"
    for stage, column in ELEVATOR_STAGE_DATES.items():
        if (dates.get(column) or "").strip():
            reached = stage
    return reached


def period_bounds(period: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a review period (2025H1, 2025 or 2021-2023); None if not one."""
    match = _PERIOD.match((period or "").strip())
    if not match:
        return None
    year, half, last_year = match.groups()
    first = int(year)
    if half == "H1":
        return dt.date(first, 1, 1), dt.date(first, 6, 30)
    if half == "H2":
        return dt.date(first, 7, 1), dt.date(first, 12, 31)
    last = int(last_year) if last_year else first
    if last < first:
        return None
    return dt.date(first, 1, 1), dt.date(last, 12, 31)
