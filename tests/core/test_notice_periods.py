"""Public notice periods on China's real calendar (Civil Code Arts. 201, 203, 调休) and the status guards."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from test_reports_pdf import pdf_pages

from retrofit_app.core.consultation.public_notice import notice_period
from retrofit_app.core.consultation.rules import NoticeCounting, rule_from_dict, rule_set
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import Owner
from retrofit_app.core.reports import build_report

CALENDAR = NoticeCounting("calendar_days", "any_rest_day")
HOLIDAYS_ONLY = NoticeCounting("calendar_days", "holidays_only")
WORKING = NoticeCounting("working_days", "any_rest_day")
ART_16 = (
    "专有部分的承租人、借用人等物业使用人，根据法律、法规、管理规约、业主大会或者业主委员会"
    "依法作出的决定，以及其与业主的约定，享有相应权利，承担相应义务。"
)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# ---------------------------------------------------------------- dates on the real calendar
def test_a_ten_day_notice_from_26_september_2025_runs_over_the_national_day_holiday():
    period = notice_period(day("2025-09-26"), 10, CALENDAR)
    # Art. 201: day 1 is 27 September, day 10 is 6 October (Mid-Autumn), inside the
    # 1-8 October days off; Art. 203: the last day is the day after they end.
    assert period.plain_end == day("2025-10-06")
    assert period.end == day("2025-10-09") and period.moved


def test_a_last_day_on_an_adjusted_working_saturday_stays_put():
    # 11 October 2025 and 28 February 2026 are Saturdays worked in exchange (调休).
    for start, last in (("2025-10-01", "2025-10-11"), ("2026-02-18", "2026-02-28")):
        period = notice_period(day(start), 10, CALENDAR)
        assert (period.end, period.moved) == (day(last), False), start


def test_an_ordinary_sunday_moves_the_last_day_only_under_the_rest_day_reading():
    # 2 March 2025 is a plain Sunday, not one of the State Council's holiday days.
    assert notice_period(day("2025-02-20"), 10, CALENDAR).end == day("2025-03-03")
    assert notice_period(day("2025-02-20"), 10, HOLIDAYS_ONLY).end == day("2025-03-02")
    # A statutory holiday moves it under both readings: May Day 2025 is 1-5 May.
    for counting in (CALENDAR, HOLIDAYS_ONLY):
        assert notice_period(day("2025-04-21"), 10, counting).end == day("2025-05-06")


def test_working_days_skip_holidays_and_count_the_adjusted_working_days():
    # From Friday 26 Sep 2025: Sun 28 (worked), 29, 30, then 9, 10, Sat 11 (worked), 13-16 Oct.
    period = notice_period(day("2025-09-26"), 10, WORKING)
    assert period.end == day("2025-10-16") and period.plain_end is None


def test_a_year_without_a_published_calendar_gives_no_end_date_but_a_reason():
    period = notice_period(day("2035-01-10"), 10, CALENDAR)
    assert period.end is None and period.unpublished_year == 2035
    with pytest.raises(RetrofitError) as refused:
        period.end_or_refuse()
    assert "国务院尚未公布2035年的节假日安排" in refused.value.sentence("zh")
    assert "has not yet published the holiday calendar for 2035" in refused.value.sentence("en")
    # Working days need every day's calendar, so they cannot be concluded either.
    assert notice_period(day("2035-01-10"), 10, WORKING).end is None


# ---------------------------------------------------------------- rule sets say how they count
def _rule(**extra: object) -> dict:
    base = {"name": "t", "title": ["t", "t"], "citations": ["civil-code-278"],
            "approval": {"area": "3/4", "heads": "3/4"}}  # fmt: skip
    return {**base, **extra}


def test_a_rule_set_says_whether_its_notice_days_are_calendar_or_working_days():
    assert rule_set("civil-code-278").notice == CALENDAR
    assert rule_from_dict(_rule(notice={"days_counted": "working_days"})).notice.days_counted == (
        "working_days"
    )
    with pytest.raises(RetrofitError):
        rule_from_dict(_rule(notice={"days_counted": "business_days"}))


def test_a_local_rule_set_names_its_document_or_says_plainly_it_could_not():
    with pytest.raises(RetrofitError):
        rule_from_dict(_rule(basis={"kind": "local_variant"}))
    half_named = {"title": "《某市办法》", "number": None, "date": None, "article": None}
    with pytest.raises(RetrofitError):
        rule_from_dict(_rule(basis={"kind": "local_variant", "document": half_named}))
    named = {"title": "《某市办法》", "number": "某政发〔2020〕1号", "date": "2020-01-01",
             "article": "第十条"}  # fmt: skip
    assert rule_from_dict(_rule(basis={"kind": "local_variant", "document": named})).local_document
    with pytest.raises(RetrofitError):
        rule_from_dict(_rule(citations=["civil-code-9999"]))
    for name in ("three-quarters", "two-thirds-no-objection"):
        rule = rule_set(name)
        assert rule.basis == "local_variant" and "未核实" in rule.unverified
        assert "区" in rule.basis_text("zh") and "district must confirm" in rule.basis_text("en")


def test_every_rule_set_quotes_the_articles_word_for_word():
    art_278 = ("决定前款第六项至第八项规定的事项，应当经参与表决专有部分面积四分之三以上的业主"
               "且参与表决人数四分之三以上的业主同意。")  # fmt: skip
    for rule in (rule_set(n) for n in ("civil-code-278", "other-matters", "three-quarters")):
        assert ART_16 in rule.citation and "不参与表决" not in rule.citation, rule.name
        assert "可以按照专有部分的数量计算，一个专有部分按一人计算" in rule.citation
    civil = rule_set("civil-code-278").citation
    assert art_278 in civil and "（七）改建、重建建筑物及其附属设施；" in civil
    assert "（含改建" not in civil
    assert "法释〔2009〕7号，根据法释〔2020〕17号修正" in civil


# ---------------------------------------------------------------- status guards
@pytest.fixture
def notice(project):
    estate = project.estates.create("月牙湖花园", "秦淮区", code="QH-6001")
    building = project.buildings.create(estate.uuid, "2幢")
    unit = project.buildings.add_unit(building.uuid, "1单元")
    flats = [
        project.households.create(unit.uuid, room, area=70, owners=[Owner("", name)])
        for room, name in (("101", "吴敏"), ("201", "陈立"), ("301", "孙红"))
    ]
    c = project.consultations.for_scope("unit", unit.uuid)
    for flat in flats:
        project.consultations.record_vote(c.uuid, flat.uuid, "agree", method="in_person")
    project.consultations.start_notice(c.uuid, "2025-09-26", 10)  # ends 2025-10-09
    return estate, flats, c


def _close(project, c, on: str) -> None:
    project.consultations.close_review(c.uuid, "no_objection", by="周主任", on=on)


def test_no_objection_cannot_be_recorded_before_the_notice_is_over(project, notice):
    _estate, _flats, c = notice
    for on in ("2025-09-26", "2025-10-06", "2025-10-09"):  # day 0, the plain last day, the end
        with pytest.raises(RetrofitError) as refused:
            _close(project, c, on)
        assert refused.value.code == ErrorCode.NOTICE_NOT_OVER
        assert "2025-10-09" in refused.value.sentence("zh")
    assert project.consultations.get(c.uuid).status == "notice"
    _close(project, c, "2025-10-10")
    assert project.consultations.notice_state(c.uuid).status == "no_objection"


def test_no_objection_needs_a_notice_and_a_date_that_has_come(project, notice):
    estate, flats, c = notice
    with pytest.raises(RetrofitError) as refused:
        _close(project, c, (dt.date.today() + dt.timedelta(days=3)).isoformat())
    assert refused.value.code == ErrorCode.REVIEW_IN_FUTURE
    other = project.consultations.for_scope(
        "building", project.buildings.of_estate(estate.uuid)[0].uuid
    )
    with pytest.raises(RetrofitError) as refused:
        _close(project, other, "2025-10-10")
    assert refused.value.code == ErrorCode.NOTICE_NOT_STARTED


def test_an_objection_inside_the_period_turns_the_status_to_disputed(project, notice, tmp_path):
    estate, flats, c = notice
    _close(project, c, "2025-10-10")
    # Received on the last day (moved by Art. 203), recorded afterwards.
    project.consultations.opinions.add(
        estate.uuid, "notice_objection", "电梯井挡光", consultation_uuid=c.uuid,
        household_uuid=flats[0].uuid, received_on="2025-10-09",
    )  # fmt: skip
    state = project.consultations.notice_state(c.uuid)
    assert (state.status, state.objections_inside) == ("disputed", 1)
    # The window and `tally` read the same status (the stored 无异议 no longer stands).
    assert project.consultations.get(c.uuid).status == "disputed"
    scopes = project.consultations.tally_estate(estate.uuid)
    assert [s.consultation.status for s in scopes if s.consultation] == ["disputed"]
    with pytest.raises(RetrofitError) as refused:
        _close(project, c, "2025-10-11")
    assert refused.value.code == ErrorCode.NOTICE_HAS_OBJECTIONS
    out = tmp_path / "公示.pdf"
    build_report(project, "notice", [estate], out, scope="2幢1单元")
    text = re.sub(r"\s", "", "".join(pdf_pages(out)))
    assert "当前状态：有异议" in text and "公示无异议" not in text
    assert "公示期内已收到书面异议1份" in text


def test_the_notice_prints_the_moved_end_date_the_counting_and_the_real_article_16(
    project, notice, tmp_path
):
    estate, _flats, _c = notice
    out = tmp_path / "公示.pdf"
    build_report(project, "notice", [estate], out, scope="2幢1单元")
    text = re.sub(r"\s", "", "".join(pdf_pages(out)))
    assert (
        "于2025年9月26日张贴" in text
        and "共10日（按日历日计算），至2025年10月9日二十四时止" in text
    )
    assert "第10日（2025年10月6日）不是工作日，依《民法典》第二百零三条顺延至2025年10月9日" in text
    assert "当前状态：公示中" in text
    assert ART_16 in text and "不参与表决" not in text
    assert "以法定休假日结束的次日为期间的最后一日" in text


def test_a_notice_whose_calendar_is_not_published_says_so_and_cannot_be_closed(
    project, notice, tmp_path
):
    estate, _flats, c = notice
    project.consultations.start_notice(c.uuid, "2035-01-10", 10)
    with pytest.raises(RetrofitError) as refused:
        _close(project, c, "2025-10-10")
    assert refused.value.code == ErrorCode.NOTICE_END_UNKNOWN
    out = tmp_path / "公示.pdf"
    build_report(project, "notice", [estate], out, scope="2幢1单元")
    text = re.sub(r"\s", "", "".join(pdf_pages(out)))
    assert "截止日期暂时无法确定：国务院尚未公布2035年的节假日安排" in text


def test_rules_json_shows_each_rule_sets_basis_articles_and_counting(capsys):
    import json

    from retrofit_app.cli import main

    assert main(["rules", "--json"]) == 0
    rules = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    local = rules["three-quarters"]
    assert local["basis"] == "local_variant" and local["unverified"]
    assert local["local_document"] == {"title": None, "number": None, "date": None, "article": None}
    assert rules["civil-code-278"]["unverified"] is None
    assert {a["article"] for a in rules["civil-code-278"]["articles"]} >= {
        "第二百七十八条",
        "第十六条",
    }
    assert rules["civil-code-278"]["notice"] == {
        "days_counted": "calendar_days",
        "last_day_rest": "any_rest_day",
    }
