"""Residents' suggestions and complaints, objections during a public notice, the satisfaction survey."""

from __future__ import annotations

from fractions import Fraction

import pytest

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.model import Owner


@pytest.fixture
def estate(project):
    return project.estates.create("月牙湖花园", "秦淮区", code="QH-6001")


@pytest.fixture
def flat(project, estate):
    building = project.buildings.create(estate.uuid, "2幢")
    unit = project.buildings.add_unit(building.uuid, "1单元")
    return project.households.create(unit.uuid, "301", area=70, owners=[Owner("", "吴敏")])


def test_what_residents_ask_for_most_comes_first(project, estate, flat):
    opinions = project.consultations.opinions
    for category in (
        "parking",
        "ebike_charging",
        "parking",
        "lighting",
        "parking",
        "ebike_charging",
    ):
        opinions.add(estate.uuid, "suggestion", "希望改善", category=category)
    opinions.add(
        estate.uuid,
        "complaint",
        "楼道堆放电动车",
        category="ebike_charging",
        household_uuid=flat.uuid,
    )
    # A tie keeps the order of the category list (停车 before 电动车充电).
    assert opinions.most_asked(estate.uuid) == [
        ("parking", 3),
        ("ebike_charging", 3),
        ("lighting", 1),
    ]


def test_an_opinion_names_its_flat_or_stays_anonymous(project, estate, flat):
    opinions = project.consultations.opinions
    named = opinions.add(
        estate.uuid, "suggestion", "增加路灯", category="lighting", household_uuid=flat.uuid
    )
    anonymous = opinions.add(estate.uuid, "suggestion", "增加路灯", category="lighting")
    assert (
        named.place == "2幢1单元301" and anonymous.place == "" and anonymous.household_uuid is None
    )
    assert project.audit.history(named.uuid)[0].user == "测试员"


def test_unknown_categories_and_stray_ratings_are_refused(project, estate):
    opinions = project.consultations.opinions
    with pytest.raises(RetrofitError):
        opinions.add(estate.uuid, "suggestion", "x", category="swimming_pool")
    with pytest.raises(RetrofitError):
        opinions.add(estate.uuid, "suggestion", "x", rating="satisfied")
    with pytest.raises(RetrofitError):
        opinions.add(estate.uuid, "satisfaction", "x")
    assert opinions.of_estate(estate.uuid) == []


def test_objections_are_split_into_inside_and_outside_the_notice(project, estate, flat):
    c = project.consultations.for_scope("unit", flat.unit_uuid)
    # Ten days from 21 April 2025 end on 1 May, the first of the May Day days off (1-5 May):
    # Civil Code Art. 203 moves the last day to 6 May, so an objection on 6 May still counts.
    project.consultations.start_notice(c.uuid, "2025-04-21", 10)
    opinions = project.consultations.opinions
    for day in ("2025-04-21", "2025-05-01", "2025-05-06", "2025-05-07"):
        opinions.add(estate.uuid, "notice_objection", "影响采光", consultation_uuid=c.uuid,
                     household_uuid=flat.uuid, received_on=day)  # fmt: skip
    inside, outside = opinions.notice_objections(c.uuid)
    assert [o.received_on for o in inside] == ["2025-04-21", "2025-05-01", "2025-05-06"]
    assert [o.received_on for o in outside] == ["2025-05-07"]


def test_satisfaction_survey_summary(project, estate, flat):
    opinions = project.consultations.opinions
    for rating, text in (("satisfied", ""), ("satisfied", ""), ("basically_satisfied", "噪音大"),
                         ("dissatisfied", "电梯井挡光"), ("dissatisfied", "")):  # fmt: skip
        opinions.add(estate.uuid, "satisfaction", text, rating=rating)
    summary = opinions.satisfaction(estate.uuid)
    assert summary.total == 5 and summary.counts["dissatisfied"] == 2
    assert summary.satisfied_share == Fraction(3, 5) and summary.reasons == ["电梯井挡光"]
    assert (
        opinions.satisfaction(project.estates.create("空小区", "秦淮区").uuid).satisfied_share
        is None
    )


def test_every_category_reads_in_both_languages_and_a_line_of_them_joins_as_each_language_does():
    from retrofit_app.core.consultation.opinions import CATEGORIES, asked_words, category_words

    for code in CATEGORIES:
        assert category_words(code, "zh") != category_words(code, "en") or code == "other"
        assert not category_words(code, "zh").startswith("opinion.")
    asked = [("parking", 3), ("elderly", 2)]
    assert asked_words(asked, "zh") == "停车 3、适老化与无障碍 2"
    assert asked_words(asked, "en") == "parking 3, elderly and barrier-free 2"
    assert asked_words([], "zh") == "" and category_words("swimming_pool") == "swimming_pool"
