"""A building another program saved as a curve: the Map and Photos tabs still open, the map names it; the import dialog offers GCJ-02."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QCheckBox

from retrofit_app.core.project import Project
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.tabs.map_tab import MapTab
from retrofit_app.gui.tabs.photos_tab import PhotosTab

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from test_foreign_geometry import first_building, set_geometry  # noqa: E402

pytestmark = pytest.mark.needs("ogrinfo", "validate_gpkg")


def test_a_curved_building_leaves_the_map_and_photos_tabs_working(
    qtbot,
    context: AppContext,
    demo_path: Path,
    boxes,  # noqa: ANN001
) -> None:
    _code, name = first_building(demo_path)
    curve = "CURVEPOLYGON (CIRCULARSTRING (118.765 32.06, 118.766 32.061, 118.765 32.06))"
    set_geometry(demo_path, "buildings", curve, f"name = '{name}'")
    context.set_project(Project(demo_path, user="测试员"))
    tab = MapTab(context)
    qtbot.addWidget(tab)
    tab.show()
    tab.reload()
    assert f"楼栋图层的“{name}”未使用：本程序不能绘制 CurvePolygon 类型的图形" in tab.message.text()
    assert tab.data.buildings and len(tab.data.notes) == 1  # the rest are drawn
    photos = PhotosTab(context)
    qtbot.addWidget(photos)
    photos.show()
    assert not [b for b in boxes.shown if b[0] == "critical"]


def test_the_import_dialog_offers_gcj02(qtbot, context: AppContext, demo_path: Path) -> None:  # noqa: ANN001
    context.set_project(Project(demo_path, user="测试员"))
    tab = MapTab(context)
    qtbot.addWidget(tab)
    dialog, gcj02 = tab.import_dialog()
    assert isinstance(gcj02, QCheckBox) and gcj02.parent() is dialog
    assert "GCJ-02" in gcj02.text() and not gcj02.isChecked()
    dialog.deleteLater()
