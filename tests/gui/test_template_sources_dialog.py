"""The template manager (issue 28): a district adds a local rule and moves a threshold, the
checklists upgrade to the new version keeping their answers, and the set exports for others."""

from __future__ import annotations

import json
from pathlib import Path

from retrofit_app.core.project import Project
from retrofit_app.gui.dialogs.template_manager_dialog import TemplateManagerDialog


def test_a_local_rule_saved_in_the_manager_reaches_an_upgraded_checklist(
    qtbot,
    boxes,
    project_path: Path,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    project = Project.create(project_path, user="测试员")
    estate = project.estates.create("地方规则小区", "玄武区")
    project.checklists.create_for_estate(estate.uuid, ["acceptance_inspection"])
    (checklist,) = project.checklists.of_estate(estate.uuid)
    shipped = checklist.template.version  # the district's edit is the version after it
    project.checklists.answer(checklist.uuid, "acc.fire_lane_width", "completion", 4.2)
    manager = TemplateManagerDialog(project.checklists)
    qtbot.addWidget(manager)
    rows = [manager.list.topLevelItem(n) for n in range(manager.list.topLevelItemCount())]
    manager.list.setCurrentItem(next(r for r in rows if r.text(1) == "acceptance_inspection"))

    dialog = manager.edit_dialog()
    qtbot.addWidget(dialog)
    dialog.item_combo.setCurrentIndex(dialog.item_combo.findData("acc.fire_lane_width"))
    assert "法定要求" in dialog.current.text() and "GB 55037-2022" in dialog.current.text()
    assert dialog.threshold.isEnabled() and dialog.threshold.value() == 4.0
    dialog.threshold.setValue(4.5)
    dialog.rule_code.setText("玄武区消防车道管理规定")
    dialog.rule_zh.setPlainText("老旧小区消防车道净宽不小于4.5 m。")
    dialog.jurisdiction.setText("玄武区")
    dialog.note.setText("玄武区收紧消防车道宽度")
    dialog.save()
    assert dialog.saved is not None and dialog.saved.version == shipped + 1
    item = dialog.saved.item("acc.fire_lane_width")
    assert item.fail_when.below == 4.5 and item.sources[-1].jurisdiction == "玄武区"
    # The district's rule carries its 4.5 m; the national code still says what it asks.
    assert item.sources[-1].threshold.value == 4.5 and item.sources[0].threshold.value == 4.0

    said = manager.upgrade_all()
    assert "已升级 1 份清单" in said and "原有答案全部保留" in said
    # The user sees which items changed, not only how many.
    assert f"竣工验收检查表 v{shipped} → v{shipped + 1}" in manager.change_list
    assert "判定规则改变：消防车道最窄处净宽 (acc.fire_lane_width)" in manager.change_list
    assert "依据改变：消防车道最窄处净宽 (acc.fire_lane_width)" in manager.change_list
    (moved,) = project.checklists.of_estate(estate.uuid)
    assert moved.template.version == shipped + 1
    assert moved.answers[("acc.fire_lane_width", "completion")].value == 4.2
    assert moved.template.item("acc.fire_lane_width").fails(4.2, "completion")  # now below 4.5

    written = manager.export_set(tmp_path / "玄武区模板")
    shared = json.loads(next(p for p in written if "acceptance" in p.name).read_text("utf-8"))
    assert (
        shared["version"] == shipped + 1
        and shared["changes"][-1]["note"]["zh"] == "玄武区收紧消防车道宽度"
    )
    project.close()


def test_a_source_checked_against_its_text_gets_its_clause_and_day_in_a_new_version(
    qtbot,
    boxes,
    project_path: Path,  # noqa: ANN001
) -> None:
    from PySide6.QtCore import QDate

    project = Project.create(project_path, user="测试员")
    manager = TemplateManagerDialog(project.checklists)
    qtbot.addWidget(manager)
    rows = [manager.list.topLevelItem(n) for n in range(manager.list.topLevelItemCount())]
    manager.list.setCurrentItem(next(r for r in rows if r.text(1) == "basic_infrastructure"))
    dialog = manager.edit_dialog()
    qtbot.addWidget(dialog)
    dialog.item_combo.setCurrentIndex(dialog.item_combo.findData("infra.fire_lane_width"))
    assert "GB 55037-2022" in dialog.source_combo.currentText()
    dialog.clause.setText("3.4.5")
    dialog.checked.setChecked(True)
    dialog.checked_on.setDate(QDate(2026, 12, 7))
    dialog.note.setText("区住建局核对了消防车道条文")
    dialog.save()
    (source,) = dialog.saved.item("infra.fire_lane_width").sources
    assert source.verified and source.verified_on == "2026-12-07" and source.clause == "3.4.5"
    assert "（条文待核实）" not in source.label("zh")
    project.close()
