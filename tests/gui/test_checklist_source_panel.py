"""The item panel under the checklist shows a failed item's sources and whether it is law (issue 28)."""

from __future__ import annotations

from pathlib import Path

from retrofit_app.core.project import Project
from retrofit_app.gui.tabs.checklist_tree import COL_ANSWER, COL_RESULT, COL_STANDARD, SLOT_ROLE
from retrofit_app.gui.tabs.checklists_tab import ChecklistsTab


def test_a_failed_items_source_and_basis_are_on_screen(
    qtbot, context, boxes, project_path: Path
) -> None:  # noqa: ANN001
    project = Project.create(project_path, user="测试员")
    estate = project.estates.create("来源测试小区", "玄武区")
    project.checklists.create_for_estate(estate.uuid, ["acceptance_inspection"])
    (checklist,) = project.checklists.of_estate(estate.uuid)
    project.checklists.answer_many(checklist.uuid, [
        ("acc.fire_lane_width", "completion", 3.2, None),
        ("acc.satisfaction", "completion", 70, None),
        ("acc.gas", "completion", "pass", None),
        ("acc.has_elevator", "completion", "yes", None),
        ("acc.elevator_registration", "completion", "rectify", None),
    ])  # fmt: skip
    context.set_project(project)
    tab = ChecklistsTab(context)
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    tab.show()
    qtbot.waitExposed(tab)
    context.select("estate", estate.uuid)
    rows = {r.data(0, SLOT_ROLE)[0]: r for r in tab.tree.visible_slot_rows()}

    lane = rows["acc.fire_lane_width"]
    assert lane.text(COL_RESULT).startswith("不合格")
    assert "GB 55037-2022《建筑防火通用规范》（条文待核实）" in lane.text(COL_STANDARD)
    # The tree itself says which failed rule is law and which is the programme's choice.
    assert lane.text(COL_STANDARD).startswith("法定要求：GB 55037-2022")
    assert rows["acc.satisfaction"].text(COL_STANDARD).startswith("项目自定：居民满意度不低于80%")
    assert rows["acc.gas"].text(COL_STANDARD).startswith("GB 55009-2021")  # not failed: no label
    tab.tree.setCurrentItem(lane, COL_ANSWER)
    shown = tab.source.plain_text()
    assert "消防车道最窄处净宽 · 法定要求" in shown
    assert "[强制性规范] GB 55037-2022" in shown and "本项阈值 ≥ 4 m" in shown
    assert tab.source.isVisible()

    tab.tree.setCurrentItem(rows["acc.satisfaction"], COL_ANSWER)
    shown = tab.source.plain_text()
    assert "居民满意度（抽样） · 项目自定" in shown
    assert "80%是本计划的选择" in shown and "本项阈值 ≥ 80 %" in shown

    # A law's article checked against its text is printed as it is, with no 待核实.
    registration = rows["acc.elevator_registration"]
    assert registration.text(COL_STANDARD) == "法定要求：《中华人民共和国特种设备安全法》第三十三条"
    tab.tree.setCurrentItem(registration, COL_ANSWER)
    shown = tab.source.plain_text()
    assert "特种设备使用登记 · 法定要求" in shown and "待核实" not in shown
    assert "[法律] 《中华人民共和国特种设备安全法》第三十三条 — 现行，2014-01-01起施行" in shown


def test_the_list_says_when_its_template_has_a_newer_version_until_it_is_upgraded(
    qtbot, context, boxes, project_path: Path
) -> None:  # noqa: ANN001
    from retrofit_app.core.checklists.template_edit import next_version

    project = Project.create(project_path, user="测试员")
    estate = project.estates.create("版本测试小区", "玄武区")
    project.checklists.create_for_estate(estate.uuid, ["acceptance_inspection"])
    (checklist,) = project.checklists.of_estate(estate.uuid)
    project.checklists.answer(checklist.uuid, "acc.satisfaction", "completion", 90)
    shipped = checklist.template.version
    project.checklists.add_version(next_version(checklist.template, ("区级新版", "district")))
    context.set_project(project)
    tab = ChecklistsTab(context)
    qtbot.addWidget(tab)
    context.select("estate", estate.uuid)
    assert f"竣工验收检查表 v{shipped} — 版本测试小区" in tab.checklist_combo.itemText(0)
    assert f"模板有新版 v{shipped + 1}" in tab.checklist_combo.itemText(0)

    project.checklists.upgrade(checklist.uuid)
    context.notify_changed("checklists")
    shown = tab.checklist_combo.itemText(0)
    assert f"竣工验收检查表 v{shipped + 1}" in shown and "新版" not in shown
    (moved,) = project.checklists.of_estate(estate.uuid)
    assert moved.answers[("acc.satisfaction", "completion")].value == 90
