"""A review's period (2025H1, 2025, 2021-2023): parsed, refused with a sentence, and dates tested against it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.programme.codes import period_bounds

FIRST_YEAR, LAST_YEAR = 2000, 2100  # a plan year outside these is a typing slip, not a review


@dataclass(frozen=True)
class ReviewPeriod:
    label: str  # as plan_targets names it: 2025H1, 2025 or 2021-2023
    start: dt.date
    end: dt.date  # inclusive: 2025H1 ends on 2025-06-30

    @property
    def kind(self) -> str:
        """half, year or span: which review it is (半年通报, 年度评估, 三年总评)."""
        if "H" in self.label:
            return "half"
        return "year" if self.start.year == self.end.year else "span"

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def reached(self, day: dt.date | None) -> bool:
        """On or before the period's end: counted in a cumulative figure."""
        return day is not None and day <= self.end


def parse_period(text: str | None) -> ReviewPeriod:
    """'2025H1' (Jan-Jun), '2025H2', '2025' or '2021-2023' (spaces and a small h allowed);
    anything else is refused with a sentence that shows how to write one."""
    label = "".join((text or "").split()).upper()
    bounds = period_bounds(label)
    if bounds is None or not (bounds[0].year >= FIRST_YEAR and bounds[1].year <= LAST_YEAR):
        raise RetrofitError(ErrorCode.REVIEW_PERIOD, value=text or "")
    return ReviewPeriod(label, *bounds)


def stored_day(value: object) -> dt.date | None:
    """A date as the tables keep it (YYYY-MM-DD); '' or anything unreadable is unknown."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
