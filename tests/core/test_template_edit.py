"""A district adapts the shipped templates (issue 28): a local rule, a moved threshold, a new
version that checks like a file, and a template set another district imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrofit_app.core.checklists.sources import basis, citation_problems
from retrofit_app.core.checklists.template_edit import (
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
