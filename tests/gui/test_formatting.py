"""Dates and numbers follow the chosen language: the helpers, and the window started in English."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from PySide6.QtCore import QLocale

from retrofit_app.gui.formatting import (
    date_pattern,
    format_area,
    format_date,
    format_datetime,
    format_integer,
    format_number,
    format_percent,
    format_plain,
    format_share,
)
from retrofit_app.gui.models.household_vote_model import DATE_COLUMN

LOCALES = {
    "zh": QLocale(QLocale.Language.Chinese, QLocale.Country.China),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
}
ENGLISH_DATE = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$")  # 3 Mar 2025
CHINESE_DATE = re.compile(r"^\d{4}/\d{2}/\d{2}$")  # 2025/03/03


@pytest.fixture
def language(request):  # noqa: ANN001, ANN201
    """Sets the default QLocale as install_translations does; the old one comes back after."""
    before = QLocale()
    QLocale.setDefault(LOCALES[request.param])
    yield request.param
    QLocale.setDefault(before)


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [("zh", "2026/11/27", "2026/11/27 14:05"), ("en", "27 Nov 2026", "27 Nov 2026 14:05")],
    indirect=["language"],
)
def test_dates_are_written_the_languages_way(language, day, moment):  # noqa: ANN001
    assert format_date("2026-11-27") == day
    assert format_datetime("2026-11-27T14:05:33") == moment  # a camera's clock: as it is
    assert format_datetime(datetime(2026, 11, 27, 14, 5, 33)) == moment
    assert format_datetime("2026-11-27T14:05:33", seconds=True) == moment + ":33"
    assert format_datetime("2026-11-27") == day  # a bare date stays a date


@pytest.mark.parametrize("language", ["zh", "en"], indirect=True)
def test_utc_times_from_the_audit_trail_show_in_local_time(language):  # noqa: ANN001
    stored = "2026-11-27T06:05:00Z"
    local = datetime(2026, 11, 27, 6, 5, tzinfo=UTC).astimezone()
    expected = format_datetime(local.replace(tzinfo=None))
    assert format_datetime(stored) == expected
    assert format_date(stored) == format_date(local.date())


@pytest.mark.parametrize("language", ["zh", "en"], indirect=True)
def test_empty_and_unreadable_dates(language):  # noqa: ANN001
    assert format_date(None) == "" and format_datetime("") == ""
    assert format_datetime(None, "未知") == "未知"
    assert format_date("去年春天") == "去年春天"  # typed by a person: shown as typed
    assert format_datetime("2026-13-40T25:00") == "2026-13-40T25:00"


@pytest.mark.parametrize("language", ["zh", "en"], indirect=True)
def test_numbers_have_separators_and_round_half_up(language):  # noqa: ANN001
    assert format_area(1234.5) == "1,234.50"
    assert format_area(Fraction(246913, 200)) == "1,234.57"  # 1234.565 exactly: half up
    assert format_area(2.675) == "2.68"  # the float is 2.67499…; staff wrote 2.675
    assert format_area(None) == "" and format_area(None, "—") == "—"
    assert format_number(Decimal("0.005"), 2) == "0.01"
    assert format_number(118.7768, 6) == "118.776800"
    assert format_integer(1234567) == "1,234,567"
    assert (
        format_plain(2) == "2"
        and format_plain(2.5) == "2.5"
        and format_plain(12500.25) == "12,500.25"
    )


@pytest.mark.parametrize("language", ["zh", "en"], indirect=True)
def test_shares_as_percentages(language):  # noqa: ANN001
    assert format_percent(Fraction(2, 3)) == "66.7%"
    assert format_percent(0.755, 0) == "76%"
    # A share as counted: 6 of 8 owners stays 6/8, not 3/4.
    assert format_share((Fraction(6), Fraction(8))) == "6/8 (75.0%)"
    assert format_share((Fraction(28127, 100), Fraction(422)), area=True) == "281.27/422.00 (66.7%)"
    assert format_share(None) == "—"


@pytest.mark.parametrize(
    ("language", "pattern"), [("zh", "yyyy/MM/dd"), ("en", "d MMM yyyy")], indirect=["language"]
)
def test_date_edits_use_the_same_order(language, pattern):  # noqa: ANN001
    assert date_pattern() == pattern


def _vote_dates(window) -> list[str]:  # noqa: ANN001
    estate = window.context.project.estates.resolve("GL-0001")
    window.context.select("estate", estate.uuid)
    table = window.show_tab("consultation").table
    column = [table.model().index(r, DATE_COLUMN).data() for r in range(table.model().rowCount())]
    return [text for text in column if text]


def test_window_started_in_english_shows_english_dates(qtbot, window_in):  # noqa: ANN001
    window = window_in("en")
    dates = _vote_dates(window)
    assert dates and all(ENGLISH_DATE.match(d) for d in dates), dates[:3]
    assert "Mar 2025" in dates[0]  # the demo's votes were taken in March 2025
    tab = window.show_tab("photos")
    tab.gallery.setCurrentIndex(tab.model.index(0))
    taken = re.search(r"Taken: (.+?) {2}", tab.info_label.text())
    assert taken and re.match(r"\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}$", taken.group(1))


def test_window_started_in_chinese_shows_chinese_dates(qtbot, window_in):  # noqa: ANN001
    window = window_in("zh_CN")
    dates = _vote_dates(window)
    assert dates and all(CHINESE_DATE.match(d) for d in dates), dates[:3]
    assert dates[0].startswith("2025/03/")


def test_vote_dialog_shows_the_english_date_and_still_stores_iso(qtbot, window_in):  # noqa: ANN001
    window = window_in("en")
    shown = _vote_dates(window)[0]
    tab = window.show_tab("consultation")
    tab.table.setCurrentIndex(tab.model.index(0, 0))
    dialog = tab.open_vote_dialog()
    qtbot.addWidget(dialog)
    assert dialog.date_edit.text() == shown  # "6 Mar 2025", as in the table
    stored = dialog.values()["asked_on"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", stored) and format_date(stored) == shown
    dialog.reject()
