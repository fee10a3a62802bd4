"""Checklist sources (issue 28): every citation is in the register, in force, and honest."""

from __future__ import annotations

import copy
import json

import pytest

from retrofit_app.core.checklists.sources import (
    Source,
    basis,
    citation_problems,
    register,
    sources_json,
    sources_text,
)
from retrofit_app.core.checklists.template_model import template_from_json
from retrofit_app.core.checklists.templates import shipped_files, shipped_templates

SHIPPED = {p.stem: p for p in shipped_files()}


def _body(name: str) -> dict:
    return json.loads(SHIPPED[name].read_text(encoding="utf-8"))


@pytest.mark.parametrize("template", shipped_templates(), ids=lambda t: t.template_id)
def test_every_shipped_citation_is_in_the_register_and_in_force(template) -> None:
    assert citation_problems(template) == []


def test_every_item_that_can_fail_an_estate_has_a_source_or_says_it_is_the_programmes() -> None:
    for template in shipped_templates():
        for item in template.items:
            if item.fail_when is not None:
                assert item.sources, item.id
                assert basis(item) in ("legal", "local", "standard", "programme"), item.id


def test_register_lists_each_superseded_code_with_what_replaced_it() -> None:
    codes = register()
    for entry in codes.values():
        if entry["status"] in ("superseded", "repealed", "clauses_abolished"):
            assert entry["superseded_by"] in codes, entry["code"]
    assert codes["TSG T7001-2009"]["status"] == "repealed"
    assert codes["TSG T7001-2009"]["repealed_on"] == "2024-04-01"
    assert codes["GB 50016-2014"]["superseded_by"] == "GB 55037-2022"


def _with_source(source: dict, item_id: str = "acc.fire_facilities"):
    body = _body("acceptance_inspection")
    for item in body["items"]:
        if item["id"] == item_id:
            item["sources"] = [source]
    return template_from_json(body)


def test_a_code_missing_from_the_register_is_found() -> None:
    made_up = {"kind": "local", "code": "DB32/T 9999-2030", "title": "某规范", "verified": False}
    assert ("acc.fire_facilities", "sources.not_in_register") in citation_problems(
        _with_source(made_up)
    )


def test_a_repealed_code_and_an_abolished_one_cited_alone_are_found() -> None:
    repealed = {"kind": "mandatory_code", "code": "TSG T7001-2009", "title": "x", "verified": False}
    problems = citation_problems(_with_source(repealed, "acc.elevator_inspection"))
    assert ("acc.elevator_inspection", "sources.retired") in problems
    # The old fire-alarm citation of fire lanes, or GB 50016 alone, is what the review found.
    old = {"kind": "national_standard", "code": "GB 50016-2014", "title": "x", "verified": False}
    assert ("acc.fire_facilities", "sources.abolished_alone") in citation_problems(
        _with_source(old)
    )


def test_a_clause_number_not_checked_against_the_official_text_is_found() -> None:
    unchecked = {"kind": "mandatory_code", "code": "GB 55037-2022", "title": "建筑防火通用规范",
                 "clause": "3.4.5", "verified": False}  # fmt: skip
    problems = citation_problems(_with_source(unchecked))
    assert ("acc.fire_facilities", "sources.unconfirmed_clause") in problems
    checked = dict(unchecked, verified=True, verified_on="2026-12-07")
    assert citation_problems(_with_source(checked)) == []


def test_a_blocking_item_without_sources_is_found() -> None:
    body = _body("smart_facilities")
    item = next(i for i in body["items"] if i["id"] == "smart.video_days")
    del item["sources"]
    problems = citation_problems(template_from_json(body))
    assert problems == [("smart.video_days", "sources.unsourced_blocking")]


def test_a_threshold_that_disagrees_with_the_fail_rule_is_found() -> None:
    body = _body("basic_infrastructure")
    item = next(i for i in body["items"] if i["id"] == "infra.fire_lane_width")
    item["fail_when"] = {"below": 3.5}
    problems = citation_problems(template_from_json(body))
    assert problems == [("infra.fire_lane_width", "sources.threshold_mismatch")]


def test_measured_requirements_are_numbers_with_their_thresholds() -> None:
    by_id = {i.id: i for t in shipped_templates() for i in t.items}
    expected = {
        "infra.fire_lane_width": 4.0,
        "acc.fire_lane_width": 4.0,
        "elev.fire_lane_width": 4.0,
        "elev.rated_load": 320,
        "elev.car_door_width": 0.8,
        "smart.video_days": 30,
        "acc.satisfaction": 80,
    }
    for item_id, limit in expected.items():
        item = by_id[item_id]
        assert item.answer_type == "number" and item.fail_when.below == limit, item_id
        assert item.fails(limit - 0.01, item.stages[-1]) and not item.fails(limit, item.stages[-1])


def test_programme_choices_are_told_apart_from_legal_requirements() -> None:
    by_id = {i.id: i for t in shipped_templates() for i in t.items}
    assert basis(by_id["acc.satisfaction"]) == "programme"
    assert basis(by_id["smart.video_days"]) == "programme"
    assert basis(by_id["acc.platform"]) == "programme"
    assert basis(by_id["elev.rated_load"]) == "legal"
    assert basis(by_id["acc.elevator_registration"]) == "legal"
    assert "80%是本计划的选择" in sources_text(by_id["acc.satisfaction"], "zh")
    assert "programme's choice" in sources_text(by_id["acc.satisfaction"], "en")


def test_misapplied_and_dated_citations_are_gone() -> None:
    cited = {i.id: sources_text(i, "zh") for t in shipped_templates() for i in t.items if i.sources}
    assert "GB 50166" not in cited["acc.fire_facilities"]
    assert "GB 55036-2022" in cited["acc.fire_facilities"]
    assert "GB 50096" not in cited["elev.stretcher"]
    assert "TSG T7001-2023" in cited["acc.elevator_inspection"]
    assert "JGJ 134" not in cited["infra.energy_saving"]
    assert all("GB 50016" not in c or "GB 55037" in c for c in cited.values())
    descriptions = " ".join(
        json.dumps(_body(n)["description"], ensure_ascii=False) for n in SHIPPED
    )
    assert "宁波" not in descriptions and "南京市既有住宅增设电梯实施办法" in descriptions


def test_technical_codes_carry_no_clause_and_say_to_be_confirmed() -> None:
    for template in shipped_templates():
        for item in template.items:
            for source in item.sources:
                if source.kind not in ("law", "regulation", "programme_rule"):
                    assert not source.clause, item.id
                    assert "条文待核实" in source.label("zh")
                    assert "to be confirmed" in source.label("en")


# Each article number a shipped template prints, as read in a public copy of the law's text on
# 2026-12-07 (the register's note names the copy); an item's requirement follows from it.
CHECKED_ARTICLES = {
    "acc.ebike_shed": "第三十七条",
    "smart.stairwell_ebikes": "第三十七条",
    "smart.ebike_fire": "第三十七条",
    "elev.installer_licensed": "第二十二条",
    "elev.install_notice": "第二十三条",
    "acc.elevator_documents": "第二十四条、第三十五条",
    "acc.elevator_inspection": "第二十五条",
    "acc.elevator_registration": "第三十三条",
    "acc.elevator_sign": "第三十三条",
    "elev.registration_date": "第三十三条",
    "acc.elevator_user_unit": "第三十六条、第三十八条、第四十五条",
    "elev.maintenance_contract": "第三十六条、第三十八条、第四十五条",
    "elev.consent": "第二百七十八条",
    "elev.daylight": "第二百九十三条",
    "elev.ventilation": "第二百九十三条",
    "acc.elevator_low_floor": "第二百九十三条",
    "smart.high_throw": "第一千二百五十四条",
    "smart.access_consent": "第二十八条、第二十九条",
    "smart.platform_privacy": "第五十一条",
    "acc.warranty": "第十六条、第三十九条",
}


def test_every_clause_a_shipped_template_prints_was_checked_against_the_text() -> None:
    printed = {}
    for template in shipped_templates():
        for item in template.items:
            for source in item.sources:
                if source.clause:
                    assert source.verified and source.verified_on == "2026-12-07", item.id
                    assert "待核实" not in source.label("zh"), item.id
                    assert register()[source.code]["checked"], source.code
                    printed[item.id] = source.clause
    assert printed == CHECKED_ARTICLES


def test_a_law_whose_article_nobody_checked_is_found_like_a_codes_clause() -> None:
    law = {"kind": "law", "code": "特种设备安全法", "title": "中华人民共和国特种设备安全法",
           "clause": "第三十三条", "verified": False}  # fmt: skip
    problems = citation_problems(_with_source(law, "acc.elevator_registration"))
    assert problems == [("acc.elevator_registration", "sources.unconfirmed_clause")]
    rule = dict(law, kind="regulation", code="应急管理部令第5号", clause="第三十七条")
    assert citation_problems(_with_source(rule, "acc.ebike_shed")) == [
        ("acc.ebike_shed", "sources.unconfirmed_clause")
    ]
    unnumbered = {k: v for k, v in law.items() if k != "clause"}
    assert citation_problems(_with_source(unnumbered, "acc.elevator_registration")) == []
    label = Source.from_json(unnumbered).label("zh")
    assert label == "《中华人民共和国特种设备安全法》（条文待核实）"


def test_an_old_template_with_a_free_text_standard_still_reads() -> None:
    body = copy.deepcopy(_body("smart_facilities"))
    for item in body["items"]:
        item.pop("sources", None)
    body["items"][0]["standard"] = "GB 50016-2014（2018年版）《建筑设计防火规范》"
    template = template_from_json(body)
    assert template.items[0].citation() == "GB 50016-2014（2018年版）《建筑设计防火规范》"
    assert basis(template.items[0]) == "standard" and basis(template.items[1]) == "none"


def test_a_law_reads_by_its_full_title_once_and_a_code_says_what_the_register_knows() -> None:
    by_id = {i.id: i for t in shipped_templates() for i in t.items}
    sign = by_id["acc.elevator_sign"].sources[0]
    assert sign.label("zh") == "《中华人民共和国特种设备安全法》第三十三条"
    assert sign.status("zh") == "现行，2014-01-01起施行"
    lane = by_id["acc.fire_lane_width"].sources[0]
    assert lane.status("zh") == "现行，2023-06-01起施行（状态待与官方发布页核对）"
    assert "in force since 2023-06-01" in lane.detail("en")
    stair = next(s for s in by_id["elev.stair_enclosure"].sources if s.code == "GB 50016-2014")
    assert "强制性条文已由 GB 55037-2022 废止" in stair.detail("zh")
    (shown,) = [s for s in sources_json(by_id["acc.fire_lane_width"]) if s["code"]]
    assert shown["status"] == "in_force" and shown["in_force_since"] == "2023-06-01"
    assert shown["superseded_by"] is None and shown["status_checked"] is False


def test_no_item_cites_a_text_nobody_found_or_a_rule_that_does_not_bind_the_estate() -> None:
    codes = register()
    assert all(e["status"] != "not_found" for e in codes.values())
    by_id = {i.id: i for t in shipped_templates() for i in t.items}
    assert basis(by_id["smart.parcel_lockers"]) == "programme"
    ebikes = by_id["smart.stairwell_ebikes"]
    assert {s.kind for s in ebikes.sources} == {"regulation", "programme_rule"}
    assert "未找到，待区级核实" in sources_text(ebikes, "zh")


def test_a_limit_an_item_only_records_is_not_called_the_items_threshold() -> None:
    by_id = {i.id: i for t in shipped_templates() for i in t.items}
    recorded = sources_text(by_id["elev.car_depth"], "zh", detailed=True)
    assert "来源要求 ≥ 1.4 m（本项只记录，不判定）" in recorded and "本项阈值" not in recorded
    assert "本项阈值 ≥ 320 kg" in sources_text(by_id["elev.rated_load"], "zh", detailed=True)
