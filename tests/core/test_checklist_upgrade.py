"""A project made with the old templates keeps its answers when its checklists move to the new
version (issue 28): items map by id or listed rename, new ones are added, gone ones retire."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrofit_app.core.checklists import service as service_module
from retrofit_app.core.checklists.templates import shipped_files, shipped_templates
from retrofit_app.core.checklists.upgrade import plan_upgrade
from retrofit_app.core.project import Project

# The version each shipped template is at now (a project made with version 1 moves to it).
LATEST = {t.template_id: t.version for t in shipped_templates()}


def _older(body: dict) -> dict:
    """The first version: without the items its `changes` list as added, without sources, with
    a free-text `standard` as the old files had."""
    added = {i for entry in body.get("changes", ()) for i in entry.get("added", ())}
    old = {k: v for k, v in body.items() if k != "changes"}
    old["version"] = 1
    old["items"] = []
    for item in body["items"]:
        if item["id"] in added:
            continue
        item = {k: v for k, v in item.items() if k != "sources"}
        if "fail_when" in item:
            item["standard"] = "旧版依据（自由文本）"
        old["items"].append(item)
    return old


@pytest.fixture
def old_files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "old"
    folder.mkdir()
    made = []
    for path in shipped_files():
        body = _older(json.loads(path.read_text(encoding="utf-8")))
        made.append(folder / path.name)
        made[-1].write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return made


def _answers(project: Project) -> dict[tuple[str, str, str], object]:
    found = {}
    for estate in project.estates.list():
        for checklist in project.checklists.of_estate(estate.uuid):
            for (item_id, stage), answer in checklist.answers.items():
                found[(checklist.uuid, item_id, stage)] = answer.value
    return found


def test_upgrading_the_demo_made_with_old_templates_keeps_every_answer(
    tmp_path: Path, old_files: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from retrofit_app.core.demo import build_demo

    monkeypatch.setattr(service_module, "shipped_files", lambda: old_files)
    path = build_demo(tmp_path / "旧模板示范.gpkg")
    monkeypatch.undo()
    with Project(path) as project:
        before = _answers(project)
        assert len(before) > 1000, "the demo answers thousands of items"
        upgraded, changes = 0, []
        for estate in project.estates.list():
            for checklist in project.checklists.outdated(estate.uuid):
                changes += project.checklists.upgrade(checklist.uuid).changes
                upgraded += 1
        assert upgraded > 0
        after = _answers(project)
        assert after == before
        versions = {(c.template.template_id, c.template.version) for e in project.estates.list()
                    for c in project.checklists.of_estate(e.uuid)}  # fmt: skip
        assert versions == set(LATEST.items())
        assert not any(project.checklists.outdated(e.uuid) for e in project.estates.list())
    kinds = {(c.kind, c.item_id) for c in changes}
    assert ("added", "elev.rated_load") in kinds and ("added", "acc.fire_lane_width") in kinds
    assert ("sources", "acc.fire_facilities") in kinds
    assert ("sources", "acc.elevator_registration") in kinds
    assert not any(c.kind == "retired" for c in changes)


def test_a_renamed_item_takes_its_answer_and_a_removed_one_retires(project, tmp_path: Path) -> None:
    (new,) = [t for t in shipped_templates() if t.template_id == "smart_facilities"]
    body = json.loads(json.dumps(new.body))
    old_body = _older(body)
    from retrofit_app.core.checklists.template_model import template_from_json

    old = template_from_json(old_body)
    body["version"] += 1
    body["changes"].append({"version": body["version"], "retired": ["smart.patrol"],
                            "renamed": {"smart.video_days": "smart.video_retention"}})  # fmt: skip
    for item in body["items"]:
        if item["id"] == "smart.video_days":
            item["id"] = "smart.video_retention"
    body["items"] = [i for i in body["items"] if i["id"] != "smart.patrol"]
    plan = plan_upgrade(old, template_from_json(body))
    assert plan.target_of("smart.video_days", 15) == "smart.video_retention"
    assert plan.target_of("smart.patrol", "yes") is None
    kinds = {(c.kind, c.item_id, c.old_id) for c in plan.changes}
    assert ("renamed", "smart.video_retention", "smart.video_days") in kinds
    assert ("retired", "smart.patrol", "") in kinds

    estate = project.estates.create("改名测试小区", "玄武区")
    old_file = tmp_path / "old.json"
    old_file.write_text(json.dumps(old_body, ensure_ascii=False), encoding="utf-8")
    new_file = tmp_path / "new.json"
    new_file.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    project.checklists.import_template(old_file)
    project.checklists._shipped_checked = True  # only the two versions this test imports
    project.checklists.create_for_estate(estate.uuid, ["smart_facilities"])
    (checklist,) = project.checklists.of_estate(estate.uuid)
    project.checklists.answer_many(checklist.uuid, [
        ("smart.video", "design", "yes", None), ("smart.video_days", "design", 15, None),
        ("smart.patrol", "design", "yes", None),
    ])  # fmt: skip
    project.checklists.import_template(new_file)
    project.checklists.upgrade(checklist.uuid)
    (moved,) = project.checklists.of_estate(estate.uuid)
    assert moved.template.version == body["version"]
    assert moved.answers[("smart.video_retention", "design")].value == 15
    assert moved.answers[("smart.patrol", "design")].value == "yes"  # kept, retired
    assert moved.template.item("smart.patrol") is None


def test_cli_upgrade_lists_the_changes_and_keeps_the_answers(
    project_path: Path, old_files: list[Path], capsys: pytest.CaptureFixture
) -> None:
    from retrofit_app.cli import main

    project = Project.create(project_path, user="测试员")
    estate = project.estates.create("升级测试小区", "玄武区", code="XW-9029")
    project.checklists.import_template(next(p for p in old_files if "acceptance" in p.name))
    project.checklists._shipped_checked = True  # made before the new version shipped
    project.checklists.create_for_estate(estate.uuid, ["acceptance_inspection"])
    (checklist,) = project.checklists.of_estate(estate.uuid)
    project.checklists.answer(checklist.uuid, "acc.fire_facilities", "completion", "rectify")
    project.close()
    assert main(["checklist-upgrade", str(project_path), "--estate", "XW-9029", "--json"]) == 0
    (done,) = json.loads(capsys.readouterr().out)["upgraded"]
    assert (done["from_version"], done["to_version"]) == (1, LATEST["acceptance_inspection"])
    changes = {(c["kind"], c["item"]) for c in done["changes"]}
    assert ("added", "acc.fire_lane_width") in changes and (
        "sources",
        "acc.fire_facilities",
    ) in changes
    assert main(["checklist-upgrade", str(project_path), "--estate", "XW-9029"]) == 0
    assert "没有需要升级的清单" in capsys.readouterr().out
    with Project(project_path, readonly=True) as project:
        (checklist,) = project.checklists.of_estate(project.estates.resolve("XW-9029").uuid)
        assert checklist.template.version == LATEST["acceptance_inspection"]
        assert checklist.answers[("acc.fire_facilities", "completion")].value == "rectify"


def _office_with_old_checklists(path: Path, old_files: list[Path]) -> str:
    """An office file whose estate's acceptance list was made with the old version: its code."""
    office = Project.create(path, user="办公室")
    estate = office.estates.create("合并测试小区", "玄武区", code="XW-9030")
    office.checklists.import_template(next(p for p in old_files if "acceptance" in p.name))
    office.checklists._shipped_checked = True
    office.checklists.create_for_estate(estate.uuid, ["acceptance_inspection"])
    office.close()
    return estate.code


def _acceptance(project: Project, code: str):
    (checklist,) = project.checklists.of_estate(project.estates.resolve(code).uuid)
    return checklist


@pytest.mark.parametrize("upgraded_in", ["office", "field"])
def test_a_field_copy_merges_back_across_template_versions(
    tmp_path: Path, old_files: list[Path], upgraded_in: str
) -> None:
    from retrofit_app.core.exchange.export import export_package
    from retrofit_app.core.exchange.merge import merge_package
    from retrofit_app.core.integrity import check_project

    office_path, field_path = tmp_path / "办公室.gpkg", tmp_path / "外业.gpkg"
    code = _office_with_old_checklists(office_path, old_files)
    with Project(office_path, user="办公室") as office:
        export_package(office, [code], field_path)
    with Project(field_path, user="小王") as field:
        checklist = _acceptance(field, code)
        field.checklists.answer(checklist.uuid, "acc.gas", "completion", "rectify")
        if upgraded_in == "field":
            field.checklists.upgrade(checklist.uuid)
            field.checklists.answer(checklist.uuid, "acc.fire_lane_width", "completion", 3.5)
    with Project(office_path, user="办公室") as office:
        checklist = _acceptance(office, code)
        office.checklists.answer(checklist.uuid, "acc.roof", "completion", "pass")
        if upgraded_in == "office":
            office.checklists.upgrade(checklist.uuid)
        result = merge_package(office, field_path)
        assert not result.conflicts
        merged = _acceptance(office, code)
        assert merged.template.version == LATEST["acceptance_inspection"]
        assert merged.answers[("acc.gas", "completion")].value == "rectify"
        assert merged.answers[("acc.roof", "completion")].value == "pass"
        if upgraded_in == "field":
            assert merged.answers[("acc.fire_lane_width", "completion")].value == 3.5
        assert check_project(office) == []


def test_a_list_made_before_the_articles_were_checked_is_offered_them(project) -> None:
    """Version 3 of three templates changed only sources: the law articles checked against their
    text. A project that stored version 2 sees exactly those items' sources change, nothing else."""
    from retrofit_app.core.checklists.template_model import template_from_json

    for new in shipped_templates():
        if new.version < 3:
            continue
        body = json.loads(json.dumps(new.body))
        body["version"], body["changes"] = 2, body["changes"][:-1]
        checked = set()
        for item in body["items"]:
            for source in item.get("sources", ()):
                if source.get("clause"):  # unchecked, as version 2 printed them (待核实)
                    source["verified"] = False
                    del source["verified_on"]
                    checked.add(item["id"])
        plan = plan_upgrade(template_from_json(body), new)
        assert checked and {(c.kind, c.item_id) for c in plan.changes} == {
            ("sources", i) for i in checked
        }, new.template_id
        assert plan.mapping == {i.id: i.id for i in new.items}  # every answer stays where it is
