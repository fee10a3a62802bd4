"""The programme's codes: every one has Chinese and English words, stages follow the dates, periods read."""

from __future__ import annotations

import datetime as dt

import pytest

from retrofit_app.core.programme import codes
from retrofit_app.core.words import has, say

TABLES = (
    codes.SOURCE_WORDS, codes.FUND_KIND_WORDS, codes.UNIT_WORDS, codes.WORK_WORDS,
    codes.PROPERTY_MODE_WORDS, codes.COMMITTEE_KIND_WORDS, codes.ELEVATOR_STAGE_WORDS,
    codes.MEASURE_WORDS,
)  # fmt: skip


@pytest.mark.parametrize("msgid", [m for table in TABLES for m in table.values()])
def test_every_code_has_words_in_both_languages(msgid: str) -> None:
    assert has(msgid)
    assert say(msgid, "en") != msgid


def test_the_codes_match_what_the_schema_allows() -> None:
    from pathlib import Path

    schema = (Path(__file__).resolve().parents[2] / "db" / "schema.sql").read_text("utf-8")
    for code in (*codes.FUNDING_SOURCES, *codes.PROPERTY_MODES, *codes.COMMITTEE_KINDS):
        assert f"'{code}'" in schema
    assert all(work.unit in codes.UNITS for work in codes.WORKS.values())


def test_a_roof_reads_as_a_district_names_it() -> None:
    assert codes.word(codes.WORK_WORDS, "roofs") == "屋面改造"
    assert codes.word(codes.SOURCE_WORDS, "provident_fund", "en") == "Housing provident fund"
    assert codes.word(codes.SOURCE_WORDS, "lottery") == "lottery"


def test_an_elevators_stage_is_the_last_date_it_has() -> None:
    assert codes.elevator_stage({}) == "proposed"
    assert codes.elevator_stage({"consented_on": "2023-03-01", "approved_on": " "}) == "consented"
    assert (
        codes.elevator_stage({"consented_on": "2023-03-01", "started_on": "2023-09-01"})
        == "started"
    )
    assert codes.elevator_stage({"in_service_on": "2024-05-01"}) == "in_service"


@pytest.mark.parametrize(
    ("period", "bounds"),
    [
        ("2025H1", (dt.date(2025, 1, 1), dt.date(2025, 6, 30))),
        ("2025H2", (dt.date(2025, 7, 1), dt.date(2025, 12, 31))),
        ("2025", (dt.date(2025, 1, 1), dt.date(2025, 12, 31))),
        ("2021-2023", (dt.date(2021, 1, 1), dt.date(2023, 12, 31))),
        ("2023-2021", None),
        ("2025H3", None),
        ("", None),
    ],
)
def test_a_review_period_reads_as_its_first_and_last_day(period: str, bounds) -> None:
    assert codes.period_bounds(period) == bounds
