"""A district adapts the shipped templates (issue 28): a local rule, a moved threshold, a new
version that checks like a file, and a template set another district imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrofit_app.core.checklists.sources import basis, citation_problems
from retrofit_app.core.checklists.template_edit import (
    confirm_source,
    limit_of,
    local_rule,
    next_version,
    set_sources,
    set_threshold,
    write_template_set,
)
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.project import Project


def _acceptance(project: Project):
    project.checklists.ensure_shipped()
    return next(t for t in project.checklists.latest_templates() if t.acceptance)


def test_a_local_rule_and_a_threshold_make_a_new_version(project) -> None:
    old = _acceptance(project)
    body = next_version(old, ("玄武区要求消防车道不小于4.5米", ""))
    rule = local_rule("玄武区消防车道管理规定", "玄武区消防车道管理规定",
                      ("消防车道净宽不小于4.5 m。", "Fire lanes at least 4.5 m wide."), "玄武区")  # fmt: skip
    kept = old.item("acc.fire_lane_width").sources
    set_sources(body, "acc.fire_lane_width", [rule])
    set_threshold(body, "acc.fire_lane_width", 4.5)
    new = project.checklists.add_version(body)
    assert new.version == old.version + 1
    item = new.item("acc.fire_lane_width")
    assert item.fail_when.below == 4.5 and item.fails(4.4, "completion")
    assert item.sources[-1].kind == "local" and item.sources[-1].jurisdiction == "玄武区"
    assert basis(item) == "local" and kept
    assert new.body["changes"][-1]["note"]["zh"] == "玄武区要求消防车道不小于4.5米"


def test_a_moved_threshold_moves_the_sources_threshold_too(project) -> None:
    old = _acceptance(project)
    body = next_version(old, ("调整", "adjusted"))
    set_threshold(body, "acc.satisfaction", 85)
    new = project.checklists.add_version(body)
    item = new.item("acc.satisfaction")
    assert item.fail_when.below == 85 and item.sources[0].threshold.value == 85
    assert citation_problems(new) == []


def test_an_item_without_a_number_limit_has_no_threshold_to_move(project) -> None:
    body = next_version(_acceptance(project), ("x", "x"))
    with pytest.raises(RetrofitError) as caught:
        set_threshold(body, "acc.gas", 3)
    assert caught.value.code is ErrorCode.INVALID_VALUE


def test_an_edited_body_that_breaks_the_schema_is_refused_and_nothing_is_stored(project) -> None:
    old = _acceptance(project)
    body = next_version(old, ("坏", "bad"))
    set_sources(
        body, "acc.gas", [{"kind": "statute", "code": "x", "title": "x", "verified": False}]
    )
    with pytest.raises(RetrofitError) as caught:
        project.checklists.add_version(body)
    assert caught.value.code is ErrorCode.TEMPLATE_INVALID
    assert _acceptance(project).version == old.version


def test_an_exported_set_imports_into_another_districts_project(project, tmp_path: Path) -> None:
    old = _acceptance(project)
    body = next_version(old, ("鼓楼区补充", ""))
    set_sources(body, "acc.platform", [local_rule("鼓楼区智慧社区实施方案", "鼓楼区智慧社区实施方案",
                                                  ("平台上线。", ""), "鼓楼区")])  # fmt: skip
    project.checklists.add_version(body)
    written = write_template_set(project.checklists.latest_templates(), tmp_path / "模板套")
    assert len(written) == 4 and all(p.suffix == ".json" for p in written)
    other = Project.create(tmp_path / "其他区.gpkg", user="外区")
    try:
        for path in written:
            other.checklists.import_template(path)
        shared = next(t for t in other.checklists.latest_templates() if t.acceptance)
        assert shared.version == old.version + 1
        assert shared.item("acc.platform").sources[0].jurisdiction == "鼓楼区"
    finally:
        other.close()


def test_a_district_tightens_a_code_limit_with_its_own_rule_and_the_code_keeps_its_own(
    project,
) -> None:
    old = _acceptance(project)
    body = next_version(old, ("玄武区收紧消防车道", ""))
    rule = local_rule("玄武区消防车道管理规定", "玄武区消防车道管理规定", ("不小于4.5 m。", ""),
                      "玄武区", limit_of(body, "acc.fire_lane_width", 4.5))  # fmt: skip
    set_sources(body, "acc.fire_lane_width", [*_sources(body, "acc.fire_lane_width"), rule])
    set_threshold(body, "acc.fire_lane_width", 4.5)
    item = project.checklists.add_version(body).item("acc.fire_lane_width")
    code, local = item.sources
    assert code.code == "GB 55037-2022" and code.threshold.text() == "≥ 4 m"
    assert local.threshold.text() == "≥ 4.5 m" and item.fail_when.below == 4.5


def test_a_limit_looser_than_the_code_or_stated_by_no_source_is_refused(project) -> None:
    old = _acceptance(project)
    for limit in (3.5, 4.5):  # below GB 55037's 4.00 m; above it with nobody saying so
        body = next_version(old, ("放宽", "looser"))
        set_threshold(body, "acc.fire_lane_width", limit)
        with pytest.raises(RetrofitError) as caught:
            project.checklists.add_version(body)
        assert caught.value.code is ErrorCode.TEMPLATE_INVALID
        said = caught.value.sentence("zh")
        assert "acc.fire_lane_width" in said and "判定阈值比某一来源的要求宽松" in said
    assert _acceptance(project).version == old.version


def test_a_shared_template_citing_a_repealed_code_is_refused_on_import(
    project, tmp_path: Path
) -> None:
    body = next_version(_acceptance(project), ("旧规则", "old rule"))
    for source in _sources(body, "acc.elevator_inspection"):
        if source.get("code") == "TSG T7001-2023":
            source["code"] = "TSG T7001-2009"
    path = tmp_path / "外区模板.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(RetrofitError) as caught:
        project.checklists.import_template(path)
    said = caught.value.sentence("zh")
    assert "外区模板.json" in said and "引用的规范已被替代或废止" in said
    assert "acc.elevator_inspection" in said


def _sources(body: dict, item_id: str) -> list[dict]:
    return next(i for i in body["items"] if i["id"] == item_id)["sources"]


def test_a_district_that_read_the_official_text_records_the_clause_and_the_day(project) -> None:
    old = _acceptance(project)
    body = next_version(old, ("核对消防车道条文", "fire-lane clause checked"))
    confirm_source(body, "acc.fire_lane_width", 0, "3.4.5", "2026-12-07")
    (source,) = project.checklists.add_version(body).item("acc.fire_lane_width").sources
    assert source.verified and source.verified_on == "2026-12-07"
    assert source.label("zh") == "GB 55037-2022《建筑防火通用规范》3.4.5"


def test_a_clause_number_nobody_checked_is_refused(project) -> None:
    old = _acceptance(project)
    body = next_version(old, ("未核对", "unchecked"))
    _sources(body, "acc.fire_lane_width")[0]["clause"] = "3.4.5"
    with pytest.raises(RetrofitError) as caught:
        project.checklists.add_version(body)
    assert "未经官方文本核实却写了条文号" in caught.value.sentence("zh")
    assert _acceptance(project).version == old.version


def test_a_law_article_is_printed_once_the_district_ticks_it_checked_and_refused_before(
    project,
) -> None:
    old = _acceptance(project)
    body = next_version(old, ("未核对条文", "article unchecked"))
    (rule, *_) = _sources(body, "acc.completion_report")
    assert rule["kind"] == "regulation" and "clause" not in rule
    rule["clause"] = "第五条"
    with pytest.raises(RetrofitError) as caught:
        project.checklists.add_version(body)
    assert "acc.completion_report" in caught.value.sentence("zh")
    assert "未经官方文本核实却写了条文号" in caught.value.sentence("zh")

    body = next_version(old, ("核对竣工验收规定条文", "acceptance rule article checked"))
    confirm_source(body, "acc.completion_report", 0, "第五条", "2026-12-07")
    (rule, *_) = project.checklists.add_version(body).item("acc.completion_report").sources
    assert rule.label("zh") == "建质〔2013〕171号《房屋建筑和市政基础设施工程竣工验收规定》第五条"
