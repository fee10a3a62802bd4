"""Headcount and tally under the rule sets: Civil Code Art. 278, Art. 1259, SPC Arts. 8–9."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest

from retrofit_app.core.consultation.blocking import Blocking
from retrofit_app.core.consultation.rules import rule_set, rule_sets
from retrofit_app.core.consultation.tally import Flat, heads_of, owner_key, tally

CIVIL = rule_set("civil-code-278")


def flat(
    room: str, area: float | None = 60, choice: str | None = None, *owners: str, dev: bool = False
) -> Flat:
    keys = tuple(owner_key(o, "") for o in owners) or (owner_key(f"业主{room}", ""),)
    return Flat(room, room, None if area is None else Fraction(str(area)), keys, dev, choice)


def test_every_shipped_rule_set_has_a_citation_and_exact_thresholds():
    rules = rule_sets()
    assert {
        "civil-code-278",
        "other-matters",
        "two-thirds-no-objection",
        "three-quarters",
        "unanimous",
    } <= set(rules)
    assert next(iter(rules)) == "civil-code-278"  # the default comes first
    for rule in rules.values():
        assert rule.citation and rule.title_zh and rule.title_en
        assert isinstance(rule.approval.area, Fraction)
    assert CIVIL.quorum.area == Fraction(2, 3) and CIVIL.approval.heads == Fraction(3, 4)
    assert "第二百七十八条" in CIVIL.citation and "第九条" in CIVIL.citation


def test_exactly_two_thirds_meets_quorum():
    result = tally([flat("101", 60, "agree"), flat("102", 60, "agree"), flat("201", 60)], CIVIL)
    assert result.fraction("participation_area") == Fraction(2, 3)
    assert result.fraction("participation_heads") == Fraction(2, 3)
    assert result.quorum_met and result.passed


def test_one_square_metre_less_than_two_thirds_fails_quorum():
    result = tally([flat("101", 60, "agree"), flat("102", 59, "agree"), flat("201", 61)], CIVIL)
    assert not result.quorum_met and not result.passed
    assert result.failed == ["quorum_area"]  # heads are still exactly 2/3


def test_exactly_three_quarters_meets_approval():
    flats = [
        flat("101", 60, "agree"),
        flat("102", 60, "agree"),
        flat("201", 60, "agree"),
        flat("202", 60, "object"),
    ]
    result = tally(flats, CIVIL)
    assert result.fraction("approval_area") == Fraction(3, 4) and result.passed


def test_one_square_metre_less_than_three_quarters_fails_approval():
    flats = [
        flat("101", 59, "agree"),
        flat("102", 60, "agree"),
        flat("201", 60, "agree"),
        flat("202", 61, "object"),
    ]
    result = tally(flats, CIVIL)
    assert result.failed == ["approval_area"]
    assert result.owners_agree == 3 and result.approval_met is False


def test_one_head_short_of_three_quarters_fails():
    flats = [flat(str(i), 60, "agree") for i in range(5)] + [
        flat(str(i), 36, "object") for i in range(5, 7)
    ]
    result = tally(flats, CIVIL)  # 5 of 7 heads agree (< 3/4) though area 300/372 ≥ 3/4
    assert result.failed == ["approval_heads"]


def test_one_owner_with_two_flats_is_one_head_with_both_areas():
    flats = [
        flat("101", 50, "agree", "王伟"),
        flat("102", 70, "agree", "王伟"),
        flat("201", 60, None, "李娜"),
    ]
    result = tally(flats, CIVIL)
    assert result.owners_total == 2 and result.owners_agree == 1
    assert result.area_total == 180 and result.area_agree == 120


def test_same_name_with_different_id_numbers_is_two_people():
    a = Flat("a", "101", Fraction(60), (owner_key("王伟", "320102198001011234"),), choice="agree")
    b = Flat("b", "102", Fraction(60), (owner_key("王伟", "320102199002023456"),), choice="agree")
    assert len(heads_of([a, b], CIVIL)) == 2


def test_developer_with_five_unsold_flats_counts_once():
    unsold = [flat(f"60{i}", 80, None, f"开发商{i}", dev=True) for i in range(5)]
    result = tally(
        unsold + [flat("101", 60, "agree"), flat("102", 60, "agree"), flat("201", 60, "agree")],
        CIVIL,
    )
    assert result.owners_total == 4 and result.area_total == 580
    # 3 of 4 heads take part (≥ 2/3) but only 180 of 580 m²: the developer's area blocks the quorum.
    assert result.failed == ["quorum_area"]


def test_co_owners_of_one_flat_are_one_head_and_one_buyer_only_with_the_same_set():
    flats = [
        flat("101", 60, "agree", "张明", "李红"),
        flat("102", 60, "agree", "李红"),
        flat("201", 60, "agree", "赵强"),
        flat("202", 60, "agree", "李红", "张明"),
    ]
    heads = heads_of(flats, CIVIL)
    # Art. 9: 同一买受人 — 张明+李红 bought 101 and 202; 李红 alone bought 102: another buyer.
    assert sorted([f.room for f in h.flats] for h in heads) == [["101", "202"], ["102"], ["201"]]


def test_a_chain_of_co_owners_is_not_folded_into_one_head():
    flats = [flat("101", 60, "agree", "甲某", "乙某"), flat("102", 60, "object", "乙某", "丙某")]
    assert len(heads_of(flats, CIVIL)) == 2


def test_an_unknown_area_never_turns_a_unanimous_scope_into_a_failure():
    result = tally([flat("101", 60, "agree"), flat("102", None, "agree")], CIVIL)
    assert result.passed is True and result.status == "passed" and result.blocking == []
    assert result.area_unknown_rooms == ["102"]


def test_an_unknown_area_the_result_depends_on_leaves_the_scope_undecided():
    flats = [flat("101", 60, "agree"), flat("102", 60, "agree"), flat("103", None, "object")]
    result = tally(flats, CIVIL)
    # 2 of 3 owners agree (< 3/4) whatever 103 measures: not passed, no need to measure it.
    assert result.passed is False and result.failed == ["approval_heads"]
    four = [*flats[:2], flat("104", 60, "agree"), flat("103", None, "object")]
    # 3 of 4 owners agree; the area share is 180/(180 + x): passes only if 103 is at most 60 m².
    result = tally(four, CIVIL)
    assert result.passed is None and result.status == "cannot_conclude"
    assert [(b.code, b.rooms) for b in result.blocking] == [("area_unknown", ("103",))]


def test_a_flat_kept_with_a_problem_blocks_the_conclusion():
    kept = Flat("x", "102", Fraction(60), ("name:租户甲",), choice="agree", problems=("tenant_only",))
    result = tally([flat("101", 60, "agree"), kept], CIVIL)
    assert result.passed is None and [(b.code, b.rooms) for b in result.blocking] == [("tenant_only", ("102",))]


def test_an_open_identity_question_blocks_the_conclusion():
    question = Blocking("identity_open", ("101", "102"), "王伟 / 王伟（320105…）")
    result = tally([flat("101", 60, "agree"), flat("102", 60, "agree")], CIVIL, [question])
    assert result.passed is None and result.blocking == [question]


def test_owner_agreeing_for_one_flat_and_objecting_for_another_counts_as_objecting():
    flats = [
        flat("101", 60, "agree", "王伟"),
        flat("102", 40, "object", "王伟"),
        flat("201", 60, "agree", "李娜"),
    ]
    result = tally(flats, CIVIL)
    assert result.owners_agree == 1 and result.owners_object == 1
    assert (
        result.area_agree == 120 and result.area_object == 40
    )  # area follows each flat's own vote
    assert result.split_vote_rooms == [["101", "102"]]


def test_largest_area_policy_lets_the_bigger_flat_decide_the_head():
    by_area = replace(CIVIL, mixed_owner_vote="largest_area")
    flats = [flat("101", 60, "agree", "王伟"), flat("102", 40, "object", "王伟")]
    assert tally(flats, by_area).owners_agree == 1


def test_unreached_owners_do_not_take_part():
    flats = [flat("101", 60, "agree"), flat("102", 60, "unreached"), flat("201", 60, "unreached")]
    result = tally(flats, CIVIL)
    assert result.owners_voted == 1 and result.failed == ["quorum_area", "quorum_heads"]


def test_abstaining_owners_take_part_but_do_not_agree():
    three = [
        flat("1", 60, "agree"),
        flat("2", 60, "agree"),
        flat("3", 60, "agree"),
        flat("4", 60, "abstain"),
    ]
    two = [
        flat("1", 60, "agree"),
        flat("2", 60, "agree"),
        flat("3", 60, "abstain"),
        flat("4", 60, "abstain"),
    ]
    assert tally(three, CIVIL).passed
    result = tally(two, CIVIL)
    assert result.quorum_met and result.failed == ["approval_area", "approval_heads"]


def test_other_matters_needs_more_than_half_so_exactly_half_fails():
    rule = rule_set("other-matters")
    half = [
        flat("1", 60, "agree"),
        flat("2", 60, "agree"),
        flat("3", 60, "object"),
        flat("4", 60, "object"),
    ]
    assert not tally(half, rule).passed
    more = half[:3] + [flat("4", 60, "agree")]
    assert tally(more, rule).passed


def test_two_thirds_no_objection_fails_on_a_single_objection():
    rule = rule_set("two-thirds-no-objection")
    flats = [flat(str(i), 60, "agree") for i in range(9)] + [flat("9", 60, "object")]
    result = tally(flats, rule)
    assert result.failed == ["objection"] and not result.missing.possible
    assert tally(flats[:9] + [flat("9", 60)], rule).passed


def test_three_quarters_counts_against_all_owners_not_only_voters():
    rule = rule_set("three-quarters")
    flats = [flat("1", 60, "agree"), flat("2", 60, "agree"), flat("3", 60, "agree"), flat("4", 60)]
    assert tally(flats, rule).passed
    assert not tally(flats[:2] + [flat("3", 60), flat("4", 60)], rule).passed


def test_unanimous_needs_every_owner():
    rule = rule_set("unanimous")
    flats = [flat("1", 60, "agree"), flat("2", 60, "agree")]
    assert tally(flats, rule).passed
    assert tally(flats + [flat("3", 60, "abstain")], rule).failed == [
        "approval_area",
        "approval_heads",
    ]


def test_still_missing_gives_the_fewest_further_heads_and_area():
    flats = [flat(str(i), 60, "agree" if i < 2 else None) for i in range(6)]
    missing = tally(flats, CIVIL).missing
    assert missing.possible and missing.heads == 2 and missing.area == 120


def test_still_missing_says_when_it_can_no_longer_pass():
    flats = [flat("1", 60, "object"), flat("2", 60, "object"), flat("3", 60), flat("4", 60)]
    assert tally(flats, CIVIL).missing.possible is False


@pytest.mark.parametrize("name", ["civil-code-278", "three-quarters", "unanimous"])
def test_empty_scope_never_passes(name):
    result = tally([], rule_set(name))
    assert not result.passed and "empty" in result.failed


def test_areas_finer_than_a_cent_are_counted_exactly_and_missing_area_is_whole_flats():
    third = Fraction(10, 3)
    flats = [
        flat("1", third, "agree"),
        flat("2", third, "agree"),
        flat("3", third),
        flat("4", third),
    ]
    result = tally(flats, CIVIL)
    assert result.area_total == Fraction(40, 3) and result.area_agree == Fraction(20, 3)
    assert result.failed == ["quorum_area", "quorum_heads"]
    # voted + x ≥ 2/3 × 40/3 needs x ≥ 2.22 m²; the smallest flat that can give it has 10/3 m².
    assert result.missing.possible and result.missing.heads == 1
    assert result.missing.area == third


def test_still_missing_counts_the_smallest_whole_flats_that_reach_the_area():
    flats = [flat("1", 50, "agree"), flat("2", 50, "agree"), flat("3", 50, "agree"),
             flat("4", 80), flat("5", 45), flat("6", 30)]  # fmt: skip
    result = tally(flats, CIVIL)
    # 150 of 305 m² took part; 2/3 needs 203.34 m², so 53.34 m² more: 30 + 45 = 75 is the
    # least whole flats make, and 80 alone is one owner: the fewest owners is 1.
    assert result.missing.heads == 1 and result.missing.area == 75


def test_an_owners_flat_not_yet_asked_can_still_make_the_scope_pass():
    by_area = replace(CIVIL, mixed_owner_vote="largest_area")
    flats = [flat("101", 40, "object", "王伟"), flat("102", 100, None, "王伟"),
             flat("201", 60, "agree"), flat("202", 60, "agree")]  # fmt: skip
    result = tally(flats, by_area)
    assert result.passed is False and result.failed == ["quorum_area", "approval_heads"]
    # Were 102 to agree, 王伟's larger flat decides his vote: 3 of 3 owners agree.
    assert result.missing.possible and result.missing.heads == 0 and result.missing.area == 100


def test_a_failed_condition_shows_the_share_as_counted_in_square_metres():
    from retrofit_app.core.consultation.explain import condition_sentences

    # 4 of 8 owners took part: the sentence says 4/8 (not 1/2), and areas in m² (not hundredths).
    flats = [flat(f"{n}01", "60.25", "agree") for n in range(1, 5)]
    flats += [flat(f"{n}02", "60.25") for n in range(1, 5)]
    result = tally(flats, CIVIL)
    zh, en = condition_sentences(result, "zh"), condition_sentences(result, "en")
    assert "参与表决面积 241.00/482.00 ㎡ (50.0%)，未达 ≥ 2/3" in zh
    assert "参与表决人数 4/8 (50.0%)，未达 ≥ 2/3" in zh
    assert "owners taking part 4/8 (50.0%), short of ≥ 2/3" in en
    assert result.share("participation_heads") == (4, 8)


def test_a_share_is_never_rounded_across_its_threshold():
    from retrofit_app.core.consultation.explain import percent_text

    two_thirds, three_quarters = Fraction(2, 3), Fraction(3, 4)
    assert percent_text(two_thirds, two_thirds) == "66.7%"  # exactly 2/3 reaches “≥ 2/3”
    assert percent_text(two_thirds, two_thirds, places=2) == "66.67%"
    assert percent_text(Fraction(8, 9), three_quarters, places=2) == "88.89%"
    assert percent_text(Fraction(7499, 10000), three_quarters) == "74.9%"  # below 3/4 stays below
    assert percent_text(Fraction(66665, 100000), two_thirds, places=2) == "66.66%"
    # Away from the threshold a share reads as a calculator shows it: 6 of 9 below “≥ 3/4” is
    # 66.67 % (not 66.66 %), 6 of 7 above it 85.71 % (not 85.72 %).
    assert percent_text(two_thirds, three_quarters, places=2) == "66.67%"
    assert percent_text(Fraction(6, 7), three_quarters, places=2) == "85.71%"
    # A strict threshold (“过半数”, > 1/2): just over half never reads 50.0 %.
    half = Fraction(1, 2)
    assert percent_text(Fraction(50001, 100000), half) == "50.1%"
    assert percent_text(half, half) == "50.0%"


def test_exactly_two_thirds_reads_as_reaching_it_in_the_sentence_and_the_json():
    from retrofit_app.core.consultation.explain import share_text, tally_document

    flats = [flat(str(i), 60, "agree" if i < 6 else "object") for i in range(9)]
    result = tally(flats, rule_set("two-thirds-no-objection"))
    assert share_text(result, "approval_heads") == "6/9 (66.7%)"
    document = tally_document(result)
    assert document["approval_heads"] == "2/3" and document["status"] == "not_passed"
    assert document["failed"] == ["objection"]


def test_the_json_of_a_scope_that_cannot_be_concluded_says_why_and_what_to_settle():
    from retrofit_app.core.consultation.explain import tally_document

    kept = Flat("x", "102", None, (), choice=None, problems=("owner_unknown",))
    document = tally_document(tally([flat("101", 60, "agree"), kept], CIVIL), "en")
    assert document["passed"] is None and document["status"] == "cannot_conclude"
    assert [b["code"] for b in document["blocking"]] == ["owner_unknown"]
    assert document["blocking"][0]["rooms"] == ["102"] and "owner" in document["blocking"][0]["sentence"]
