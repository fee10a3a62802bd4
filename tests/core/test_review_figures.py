"""The review's figures (issue 19): worked out by hand on a small programme, at the half-year edges."""

from __future__ import annotations

import pytest
from review_support import QINHUAI, XUANWU, build_small_programme

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.programme.review_figures import ReviewScope, review_figures
from retrofit_app.core.programme.review_period import parse_period


def codes(refs) -> list[str]:
    return [r.code for r in refs]


@pytest.fixture
def small(project):
    build_small_programme(project)
    return project


def test_half_years_years_and_spans_parse_to_their_dates():
    h1 = parse_period("2025h1")
    assert (h1.label, str(h1.start), str(h1.end)) == ("2025H1", "2025-01-01", "2025-06-30")
    h2 = parse_period(" 2025H2 ")
    assert (str(h2.start), str(h2.end)) == ("2025-07-01", "2025-12-31")
    span = parse_period("2021-2023")
    assert (span.label, str(span.start), str(span.end)) == ("2021-2023", "2021-01-01", "2023-12-31")


@pytest.mark.parametrize(
    "text", ["", "2025H3", "25H1", "2025-13", "2023-2021", "上半年", "1999", "2025H1;"]
)
def test_a_bad_period_is_refused_with_a_sentence_naming_it(text):
    with pytest.raises(RetrofitError) as caught:
        parse_period(text)
    assert caught.value.code == ErrorCode.REVIEW_PERIOD
    assert "2025H1" in caught.value.sentence("zh") and "2021-2023" in caught.value.sentence("en")


def test_june_30th_is_in_the_first_half_and_july_1st_is_not(small):
    h1 = review_figures(small, "2025H1").whole
    assert h1.get("estates_started").value == 1  # A on 01-10; B on 07-01 is the second half
    assert codes(h1.get("estates_started").estates) == ["XW-01"]
    assert h1.get("estates_completed").value == 2  # A on 06-30, C on 03-15
    assert codes(h1.get("estates_completed").estates) == ["QH-01", "XW-01"]
    h2 = review_figures(small, "2025H2").whole
    assert codes(h2.get("estates_started").estates) == ["XW-02"]
    assert h2.get("estates_completed").value == 0


def test_buildings_households_and_area_come_from_the_plan_else_the_survey(small):
    h1 = review_figures(small, "2025H1").whole
    assert h1.get("buildings_completed").value == 3 + 5
    assert h1.get("households_completed").value == 60 + 100
    assert h1.get("floor_area_completed").value == pytest.approx(10000.5)
    h2 = review_figures(small, "2025H2").whole
    assert (
        h2.get("buildings_started").value == 2
    )  # B has no planned figure: its 2 surveyed buildings
    assert h2.get("floor_area_started").value == 0
    # B: no area recorded; D: started (its stage says) on a day not recorded. Named, not a zero.
    assert codes(h2.get("floor_area_started").unknown) == ["QH-02", "XW-02"]


def test_an_estate_under_construction_without_a_start_date_is_named_not_counted(small):
    started = review_figures(small, "2025H1").whole.get("estates_started")
    assert codes(started.unknown) == ["QH-02"]


def test_investment_sums_by_source_within_the_period(small):
    whole = review_figures(small, "2025H1").whole
    assert whole.get("investment_actual").value == 1_200_000  # B's 07-01 payment is H2
    assert whole.get("investment_actual", "central").value == 1_000_000
    assert whole.get("investment_actual", "residents").value == 200_000
    assert whole.get("investment_actual", "city") is None
    assert codes(whole.get("investment_actual").unknown) == ["QH-01"]  # undated payment
    assert whole.get("investment_budget").value == 2_800_000
    assert whole.get("investment_actual").target == 2_000_000  # the plan's 2 万元, in fen
    assert whole.get("investment_budget", "district").value == 800_000


def test_elevators_by_stage_in_the_period_and_cumulative(small):
    whole = review_figures(small, "2025H1").whole
    assert whole.get("elevators_consented").value == 1
    assert whole.get("elevators_consented_total").value == 2
    assert codes(whole.get("elevators_consented").unknown) == ["QH-01"]  # approved, consent undated
    assert whole.get("elevators_approved").value == 2
    assert whole.get("elevators_started").value == 1
    assert whole.get("elevators_in_service").value == 1


def test_works_satisfaction_defects_and_management(small):
    whole = review_figures(small, "2025H1").whole
    assert whole.get("works", "pipes").value == 1200  # C's pipes finished 07-01
    assert whole.get("works", "pipes").unit == "m"
    roofs = whole.get("works", "roofs")
    assert roofs.value == 0 and codes(roofs.unknown) == ["QH-01"]
    assert whole.get("satisfaction", "satisfied").value == 3
    assert whole.get("satisfaction", "dissatisfied").value == 1
    assert whole.get("satisfaction_rate").value == pytest.approx(75.0)
    assert codes(whole.get("satisfaction_rate").unknown) == ["XW-01"]
    assert whole.get("defects_open").value == 1 and whole.get("defects_rectified").value == 1
    assert whole.get("committees_formed").value == 1
    assert codes(whole.get("committees_formed").unknown) == ["QH-01"]
    assert whole.get("property_brought_in").value == 0
    assert codes(whole.get("property_total").estates) == ["QH-01"]


def test_no_ratings_is_no_rate_rather_than_zero(small):
    assert review_figures(small, "2021").whole.get("satisfaction_rate").value is None


def test_each_district_with_its_target_and_the_whole_with_the_projects(small):
    figures = review_figures(small, "2025H1")
    assert figures.whole.get("estates_started").target == 3
    by_name = {g.district: g for g in figures.districts}
    assert sorted(by_name) == sorted([XUANWU, QINHUAI])
    assert by_name[XUANWU].get("estates_started").target == 2
    assert by_name[QINHUAI].get("estates_started").target is None
    assert by_name[QINHUAI].get("estates_completed").value == 1


def test_a_district_street_or_batch_narrows_the_estates(small):
    district = review_figures(small, "2025H1", ReviewScope(district=XUANWU))
    assert codes(district.estates) == ["XW-01", "XW-02"]
    assert district.whole.get("estates_started").target == 2
    batch = review_figures(small, "2025", ReviewScope(batch="2025年第一批"))
    assert batch.whole.get("estates_started").value == 2
    assert batch.whole.get("estates_started").target is None
    street = review_figures(small, "2025H1", ReviewScope(street="五老村"))
    assert codes(street.estates) == ["QH-01", "QH-02"]


def test_an_unknown_district_is_refused(small):
    with pytest.raises(RetrofitError):
        review_figures(small, "2025H1", ReviewScope(district="不存在区"))
