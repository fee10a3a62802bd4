"""Dates, times and numbers as the chosen language writes them (through QLocale(), set at start-up)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from retrofit_app.core.consultation.explain import rounded_percent

# Chinese staff write dates year first with zero-padded parts (columns line up); the US
# short form (11/27/26) is ambiguous to anyone else, so English spells the month.
_DATE_PATTERNS = {QLocale.Language.Chinese: "yyyy/MM/dd"}
_ENGLISH_DATE = "d MMM yyyy"
_TIME_PATTERN = "HH:mm"

Number = int | float | Decimal | Fraction


def date_pattern(locale: QLocale | None = None) -> str:
    """The QDate pattern for the language (also for QDateEdit.setDisplayFormat)."""
    return _DATE_PATTERNS.get((locale or QLocale()).language(), _ENGLISH_DATE)


def _parse(value: str | date | datetime) -> date | datetime | None:
    if isinstance(value, date):
        return value
    text = value.strip()
    try:
        # The project stores "2026-11-27", "2026-11-27T14:05:00" (EXIF, local) or "…Z" (UTC).
        return datetime.fromisoformat(text) if len(text) > 10 else date.fromisoformat(text)
    except ValueError:
        return None


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def format_date(value: str | date | datetime | None, empty: str = "") -> str:
    """ "2026-11-27" → "2026/11/27" (Chinese) or "27 Nov 2026" (English); text that is no date stays."""
    if value is None or value == "":
        return empty
    parsed = _parse(value)
    if parsed is None:
        return str(value)
    if isinstance(parsed, datetime) and parsed.tzinfo is not None:
        parsed = parsed.astimezone()
    locale = QLocale()
    return locale.toString(_qdate(parsed), date_pattern(locale))


def format_datetime(value: str | datetime | None, empty: str = "", *, seconds: bool = False) -> str:
    """An ISO time from the project → "2026/11/27 14:05" or "27 Nov 2026 14:05".

    Times stored in UTC ("…Z", the audit trail) are shown in the computer's local time;
    times without a zone (a camera's EXIF clock) are shown as they are. A bare date stays a date.
    `seconds` for lists where several entries fall in one minute (backups).
    """
    if value is None or value == "":
        return empty
    parsed = _parse(value)
    if parsed is None:
        return str(value)
    if not isinstance(parsed, datetime):
        return format_date(parsed)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone()
    locale = QLocale()
    moment = QDateTime(_qdate(parsed), QTime(parsed.hour, parsed.minute, parsed.second))
    time = _TIME_PATTERN + (":ss" if seconds else "")
    return locale.toString(moment, f"{date_pattern(locale)} {time}")


def format_number(value: Number, decimals: int = 2) -> str:
    """A number with the language's separators: 1234.5 → "1,234.50"; half-up rounding."""
    exact = _decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    # Rounded exactly first, so float's binary error cannot turn …5 into …4 here.
    return QLocale().toString(float(exact), "f", decimals)


def format_integer(value: int) -> str:
    """A count with thousands separators: 12345 → "12,345"."""
    return QLocale().toString(int(value))


def format_plain(value: Number) -> str:
    """A measured number with only the digits it has: 2 → "2", 2.5 → "2.5", 1234.5 → "1,234.5"."""
    number = float(value)
    if number.is_integer():
        return format_integer(int(number))
    return QLocale().toString(
        number, "f", QLocale.FloatingPointPrecisionOption.FloatingPointShortest
    )


def format_area(value: Number | None, empty: str = "") -> str:
    """Square metres with two places, as staff write them: "1,234.50"."""
    return empty if value is None else format_number(value, 2)


def format_percent(value: Number, decimals: int = 1) -> str:
    """A share as a percentage: 0.755 → "75.5%"."""
    return format_number(_decimal(value) * 100, decimals) + QLocale().percent()


def format_share(
    counted: tuple[Number, Number] | None, *, area: bool = False, threshold: Fraction | None = None
) -> str:
    """A tally's share as counted and in per cent: owners "5/8 (62.5%)", areas
    "281.27/422.00 (66.7%)"; "—" when nothing to divide by (Tally.share gives `counted`).
    The per cent never crosses `threshold` by rounding (2/3 reads 66.7 %, not 66.6 %)."""
    if counted is None:
        return "—"
    part, whole = counted
    shown = format_area if area else (lambda n: format_integer(int(n)))
    exact = Fraction(part) / Fraction(whole)
    percent = format_number(rounded_percent(exact, threshold), 1) + QLocale().percent()
    return f"{shown(part)}/{shown(whole)} ({percent})"


def _decimal(value: Number) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)
