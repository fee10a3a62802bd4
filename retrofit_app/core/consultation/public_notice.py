"""A public notice's last day (Civil Code Arts. 201, 203, China's official calendar) and the status it gives.

The calendar is ``chinesecalendar``: statutory holidays and the adjusted working days
(调休) the State Council publishes each year. For a year it does not hold yet it
raises, and the end date is then "not yet known", never a guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import chinese_calendar

from retrofit_app.core.consultation.rules import NoticeCounting, rule_sets
from retrofit_app.core.errors import ErrorCode, RetrofitError

ONE_DAY = dt.timedelta(days=1)
# Statuses a notice can be in once it is posted; "no_objection" only stands when it was
# recorded after the last day and no objection came in during the period.
NOTICE_STATUSES = ("notice", "no_objection")


class _Unpublished(Exception):
    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year


def _day(day: dt.date) -> tuple[bool, bool]:
    """(a working day, one of the State Council's holiday days) on the official calendar."""
    try:
        off, holiday_name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:  # the package has no calendar for that year yet
        raise _Unpublished(day.year) from None
    return not off, bool(off and holiday_name)


def _moves_on(day: dt.date, rest: str) -> bool:
    """Civil Code Art. 203: a last day that is a 法定休假日 moves to the day after it ends."""
    working, holiday = _day(day)
    return holiday if rest == "holidays_only" else not working


@dataclass(frozen=True)
class NoticePeriod:
    start: dt.date  # the day it is posted (Art. 201: not counted)
    days: int
    counting: NoticeCounting
    end: dt.date | None  # the last day, to 24:00 (Art. 203); None: cannot be concluded yet
    plain_end: dt.date | None = None  # calendar days: the last day before Art. 203 moved it
    unpublished_year: int | None = None  # why `end` is None

    @property
    def moved(self) -> bool:
        return None not in (self.end, self.plain_end) and self.end != self.plain_end

    def receives(self, day: str | None) -> bool:
        """Whether an objection received on `day` (ISO) came in during the notice. An undated
        one, or one while the end is not yet known, counts as inside: never a silent 无异议."""
        if not day:
            return True
        received = dt.date.fromisoformat(day[:10])
        return received >= self.start and (self.end is None or received <= self.end)

    def end_or_refuse(self) -> dt.date:
        if self.end is None:
            raise RetrofitError(ErrorCode.NOTICE_END_UNKNOWN, year=self.unpublished_year)
        return self.end


def notice_period(
    start: dt.date, days: int, counting: NoticeCounting | None = None
) -> NoticePeriod:
    """The period of a notice posted on `start` for `days` days, counted as the rule set says."""
    counting = counting or NoticeCounting()
    plain = None
    try:
        if counting.days_counted == "working_days":
            end, left = start, days
            while left:
                end += ONE_DAY
                if _day(end)[0]:
                    left -= 1
            return NoticePeriod(start, days, counting, end)
        # Art. 201: the day it starts is not counted, so day 1 is the next day.
        plain = end = start + dt.timedelta(days=days)
        while _moves_on(end, counting.last_day_rest):
            end += ONE_DAY
        return NoticePeriod(start, days, counting, end, plain)
    except _Unpublished as missing:
        return NoticePeriod(start, days, counting, None, plain, missing.year)


def counting_of(rule_name: str) -> NoticeCounting:
    found = rule_sets().get(rule_name)
    return found.notice if found else NoticeCounting()


def period_of(record: Mapping[str, Any]) -> NoticePeriod | None:
    """The notice period of a consultation row; None when no notice was started."""
    if not record.get("notice_start") or not record.get("notice_days"):
        return None
    start = dt.date.fromisoformat(str(record["notice_start"])[:10])
    return notice_period(start, int(record["notice_days"]), counting_of(record["rule_set"]))


@dataclass(frozen=True)
class NoticeState:
    """What a consultation's notice stands at: the one status every report and screen prints."""

    status: str
    period: NoticePeriod | None
    objections_inside: int


def notice_state(record: Mapping[str, Any], objection_days: Iterable[str | None]) -> NoticeState:
    """The status of a consultation row given the days its written objections were received.

    An objection during the notice makes it 有异议 (disputed) whatever was recorded; a
    recorded 无异议 stands only when it was recorded after the last day, else the notice
    reads 公示中 still."""
    period = period_of(record)
    inside = sum(1 for day in objection_days if period and period.receives(day))
    status = record["status"]
    if status in NOTICE_STATUSES and inside:
        status = "disputed"
    elif status == "no_objection" and not _after_end(period, record.get("reviewed_at")):
        status = "notice"
    return NoticeState(status, period, inside)


def _after_end(period: NoticePeriod | None, day: str | None) -> bool:
    if period is None or period.end is None or not day:
        return False
    return dt.date.fromisoformat(day[:10]) > period.end


def check_no_objection(state: NoticeState, on: str, today: dt.date) -> None:
    """Refuses to record 公示无异议 on `on` unless the notice is over and had no objection."""
    if state.period is None:
        raise RetrofitError(ErrorCode.NOTICE_NOT_STARTED)
    end = state.period.end_or_refuse()
    day = dt.date.fromisoformat(on[:10])
    if day > today:
        raise RetrofitError(ErrorCode.REVIEW_IN_FUTURE, day=day.isoformat())
    if day <= end:
        raise RetrofitError(ErrorCode.NOTICE_NOT_OVER, end=end.isoformat(), day=day.isoformat())
    if state.objections_inside:
        raise RetrofitError(ErrorCode.NOTICE_HAS_OBJECTIONS, count=state.objections_inside)
