"""The Reports tab chooses what an acceptance report holds (sections, photos) and offers the elevator
feasibility record of a unit."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from retrofit_app.core.project import Project
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.tabs.report_contents_panel import PhotoPickerDialog
from retrofit_app.gui.tabs.reports_tab import ReportsTab


def open_tab(qtbot, context: AppContext, demo_path: Path) -> ReportsTab:  # noqa: ANN001
    context.set_project(Project(demo_path, user="测试员"))
    tab = ReportsTab(context)
    qtbot.addWidget(tab)
    return tab


def build(qtbot, tab: ReportsTab, out: Path):  # noqa: ANN001, ANN201
    tab.out_edit.setText(str(out))
    with qtbot.waitSignal(tab.report_built, timeout=60_000) as built:
        qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    return built.args[0]


def images(path: Path) -> int:
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    return len(listing.stdout.splitlines()[2:])


@pytest.mark.needs("pdftotext", "cjk-font")
def test_sections_and_picked_photos_go_into_the_options_and_the_report(
    qtbot, context: AppContext, boxes, demo_path: Path, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    tab = open_tab(qtbot, context, demo_path)
    project = context.project
    estate = next(e for e in project.estates.list() if len(project.photos.list(e.uuid)) >= 3)
    context.select("estate", estate.uuid)
    panel = tab.contents_panel
    assert not panel.isHidden()
    panel.section_boxes["map"].setChecked(False)
    assert "map" not in tab.options().sections and "photos" in tab.options().sections
    # The demo's photos are tied to no acceptance item: the default prints none, and says so.
    assert panel.count_label.text() == "将印 0 张"
    two = [p.uuid for p in project.photos.list(estate.uuid)][:2]
    monkeypatch.setattr(
        PhotoPickerDialog, "exec", lambda self: PhotoPickerDialog.DialogCode.Accepted
    )
    monkeypatch.setattr(PhotoPickerDialog, "chosen", lambda self: two)
    qtbot.mouseClick(panel.pick_button, Qt.MouseButton.LeftButton)
    assert panel.choice() == "picked" and panel.count_label.text() == "已选 2 张"
    assert tab.options().photo_uuids == tuple(two)
    result = build(qtbot, tab, tmp_path / "picked.pdf")
    assert result.photos == 2 and images(result.path) == 2
    text = subprocess.run(["pdftotext", str(result.path), "-"], capture_output=True, text=True)
    assert "小区平面示意图" not in text.stdout


def test_the_photo_picker_lists_every_photo_with_the_chosen_ticked(
    qtbot, context: AppContext, demo_path: Path
) -> None:  # noqa: ANN001
    context.set_project(Project(demo_path, user="测试员"))
    project = context.project
    estate = next(e for e in project.estates.list() if len(project.photos.list(e.uuid)) >= 2)
    listed = project.photos.list(estate.uuid)
    dialog = PhotoPickerDialog(context, estate.uuid, {listed[0].uuid})
    qtbot.addWidget(dialog)
    assert dialog.list.count() == len(listed)
    assert dialog.chosen() == [listed[0].uuid]
    assert not dialog.list.item(0).icon().isNull()  # the thumbnail


@pytest.mark.needs("pdftotext", "cjk-font")
def test_the_feasibility_record_is_a_kind_with_units_as_scopes(
    qtbot, context: AppContext, boxes, demo_path: Path, tmp_path: Path
) -> None:  # noqa: ANN001
    tab = open_tab(qtbot, context, demo_path)
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData("feasibility"))
    assert tab.scope_combo.isEnabled() and tab.contents_panel.isHidden()
    scopes = [tab.scope_combo.itemData(i) for i in range(tab.scope_combo.count())]
    assert scopes and "单元" in scopes[0] and "" not in scopes
    result = build(qtbot, tab, tmp_path / "feasibility.pdf")
    text = subprocess.run(["pdftotext", str(result.path), "-"], capture_output=True, text=True)
    assert "加装电梯可行性报告" in text.stdout and "待解决事项" in text.stdout
