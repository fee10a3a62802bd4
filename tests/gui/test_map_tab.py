"""The Map tab: click to select, tree selection shown, zoom and pan, basemaps, GCJ-02 shift, drawing with undo."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from mbtiles_files import write_mbtiles
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from retrofit_app.core.geo.mercator import tile_of, to_mercator
from retrofit_app.core.project import Project
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.tabs.map_tab import MapTab


@pytest.fixture
def tab(qtbot, context: AppContext, demo_path: Path) -> MapTab:  # noqa: ANN001
    context.set_project(Project(demo_path, user="测试员"))
    made = MapTab(context)
    qtbot.addWidget(made)
    made.resize(900, 650)
    made.show()
    qtbot.waitExposed(made)
    made.zoom_to_all()
    return made


def viewport_pos(tab: MapTab, lon: float, lat: float) -> QPoint:
    return tab.view.mapFromScene(tab.projection.to_scene(lon, lat))


def click(qtbot, tab: MapTab, pos: QPoint) -> None:  # noqa: ANN001
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_clicking_an_estate_selects_it(qtbot, tab: MapTab, context: AppContext) -> None:  # noqa: ANN001
    estate = context.project.estates.list()[3]
    click(qtbot, tab, viewport_pos(tab, estate.lon, estate.lat))
    assert context.selection() == ("estate", estate.uuid)
    assert tab.layers.highlighted == estate.uuid


def test_clicking_empty_ground_selects_nothing_new(qtbot, tab: MapTab, context: AppContext) -> None:  # noqa: ANN001
    click(qtbot, tab, QPoint(3, tab.view.viewport().height() - 3))
    assert context.selection() == ("", "")


def test_selecting_in_the_tree_shows_the_estate_on_the_map(
    tab: MapTab, context: AppContext
) -> None:
    estate = context.project.estates.list()[5]
    before = tab.view.pixels_per_metre()
    context.select("estate", estate.uuid)
    visible = tab.view.visible_scene_rect()
    assert visible.contains(tab.projection.to_scene(estate.lon, estate.lat))
    assert tab.view.pixels_per_metre() > before * 5  # zoomed in to the estate
    assert tab.layers.estate_points[estate.uuid].emphasised


def test_zoom_keys_wheel_pan_and_zoom_to_all(qtbot, tab: MapTab, context: AppContext) -> None:  # noqa: ANN001
    start = tab.view.pixels_per_metre()
    qtbot.keyClick(tab.view, Qt.Key.Key_Plus)
    assert tab.view.pixels_per_metre() == pytest.approx(start * 1.25)
    qtbot.keyClick(tab.view, Qt.Key.Key_Minus)
    qtbot.keyClick(tab.view, Qt.Key.Key_Minus)
    assert tab.view.pixels_per_metre() == pytest.approx(start / 1.25)
    tab.zoom_in_action.trigger()
    assert tab.view.pixels_per_metre() == pytest.approx(start)

    # Pan: drag the map 200 px to the right; the centre moves west.
    centre_before = tab.view.centre_lon_lat()
    drag(tab, QPoint(300, 300), QPoint(500, 300))
    assert tab.view.centre_lon_lat()[0] < centre_before[0] - 0.001
    assert context.selection() == ("", "")  # a drag is not a click

    estate = context.project.estates.list()[0]
    context.select("estate", estate.uuid)
    tab.zoom_all_action.trigger()
    visible = tab.view.visible_scene_rect()
    for e in context.project.estates.list():
        assert visible.contains(tab.projection.to_scene(e.lon, e.lat)), e.name


def drag(tab: MapTab, start: QPoint, end: QPoint) -> None:
    viewport = tab.view.viewport()
    left = Qt.MouseButton.LeftButton
    none = Qt.KeyboardModifier.NoModifier
    steps = 5
    events = [
        QMouseEvent(
            QMouseEvent.Type.MouseButtonPress,
            QPointF(start),
            QPointF(viewport.mapToGlobal(start)),
            left,
            left,
            none,
        )
    ]
    for i in range(1, steps + 1):
        p = start + (end - start) * (i / steps)
        events.append(
            QMouseEvent(
                QMouseEvent.Type.MouseMove,
                QPointF(p),
                QPointF(viewport.mapToGlobal(p)),
                Qt.MouseButton.NoButton,
                left,
                none,
            )
        )
    events.append(
        QMouseEvent(
            QMouseEvent.Type.MouseButtonRelease,
            QPointF(end),
            QPointF(viewport.mapToGlobal(end)),
            left,
            Qt.MouseButton.NoButton,
            none,
        )
    )
    for event in events:
        QApplication.sendEvent(viewport, event)


def make_basemap(path: Path, lon: float, lat: float) -> Path:
    tiles = []
    for zoom in range(12, 17):
        col, row = tile_of(*to_mercator(lon, lat), zoom)
        for dc in (-1, 0, 1):
            for dr in (-1, 0, 1):
                buffer = io.BytesIO()
                Image.new("RGB", (256, 256), (200, 230, 200)).save(buffer, "PNG")
                tiles.append((zoom, col + dc, row + dr, buffer.getvalue()))
    meta = {
        "name": "鼓楼底图",
        "format": "png",
        "minzoom": "12",
        "maxzoom": "16",
        "attribution": "测试瓦片",
    }
    return write_mbtiles(path, tiles, meta)


def test_loading_an_mbtiles_basemap_draws_its_tiles(
    tab: MapTab, context: AppContext, tmp_path: Path
) -> None:
    estate = context.project.estates.list()[0]
    basemap = tab.add_basemap(make_basemap(tmp_path / "鼓楼.mbtiles", estate.lon, estate.lat))
    context.select("estate", estate.uuid)
    shot = tab.view.grab().toImage()
    assert tab.view.tiles_drawn > 0
    assert tab.basemap_combo.currentText() == "鼓楼底图"
    corner = shot.pixelColor(shot.width() - 30, shot.height() // 2)  # plain ground, off the estate
    assert (corner.red(), corner.green(), corner.blue()) == (200, 230, 200)
    assert basemap.tile_zoom(tab.view.pixels_per_metre()) in range(12, 17)
    tab.basemap_combo.setCurrentIndex(0)  # no basemap
    tab.view.grab()
    assert tab.view.tiles_drawn == 0


def test_a_bad_basemap_file_says_so(
    tab: MapTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bogus = tmp_path / "坏.mbtiles"
    bogus.write_bytes(b"not sqlite" * 50)
    monkeypatch.setattr(
        "retrofit_app.gui.tabs.map_tab.QFileDialog.getOpenFileName",
        lambda *a, **k: (str(bogus), ""),
    )
    tab._on_open_basemap_triggered()
    assert "不是 MBTiles" in tab.message.text()
    assert tab.basemap_combo.count() == 1


def test_a_gcj02_basemap_shifts_our_data_about_500_metres(
    tab: MapTab, context: AppContext, tmp_path: Path
) -> None:
    estate = context.project.estates.list()[0]
    marker = tab.layers.estate_points[estate.uuid]
    before = marker.pos()
    tab.add_basemap(make_basemap(tmp_path / "高德.mbtiles", estate.lon, estate.lat))
    tab.gcj_check.setChecked(True)
    after = tab.layers.estate_points[estate.uuid].pos()
    shift = (after - before).manhattanLength()
    assert 400 < shift < 900  # scene units are Mercator metres (~1.18 × ground at 32° N)
    # The cursor still reads WGS-84: the point under the shifted marker is the estate's own position.
    lon, lat = tab.projection.to_lon_lat(after)
    assert lon == pytest.approx(estate.lon, abs=1e-6) and lat == pytest.approx(estate.lat, abs=1e-6)


def test_drawing_a_boundary_with_the_mouse_and_undoing_it(
    qtbot, tab: MapTab, context: AppContext
) -> None:  # noqa: ANN001
    estate = context.project.estates.list()[2]
    old = estate.boundary
    context.select("estate", estate.uuid)
    tab.draw_action.trigger()
    assert tab.editor.tool is not None
    corners = [QPoint(300, 200), QPoint(600, 210), QPoint(620, 450), QPoint(320, 460)]
    for corner in corners:
        click(qtbot, tab, corner)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    drawn = context.project.estates.get(estate.uuid).boundary
    assert drawn["type"] == "Polygon" and len(drawn["coordinates"][0]) == 5
    lon, lat = tab.projection.to_lon_lat(tab.view.mapToScene(corners[1]))
    assert drawn["coordinates"][0][1] == pytest.approx([lon, lat])
    assert tab.editor.tool is None
    context.undo_stack.undo()
    assert context.project.estates.get(estate.uuid).boundary == old
    context.undo_stack.redo()
    assert context.project.estates.get(estate.uuid).boundary == drawn


def test_a_self_intersecting_boundary_is_refused_and_can_be_corrected(
    qtbot, tab: MapTab, context: AppContext
) -> None:  # noqa: ANN001
    estate = context.project.estates.list()[2]
    old = estate.boundary
    context.select("estate", estate.uuid)
    tab.draw_action.trigger()
    for corner in [
        QPoint(300, 200),
        QPoint(600, 450),
        QPoint(600, 200),
        QPoint(300, 450),
    ]:  # a bow-tie
        click(qtbot, tab, corner)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert "自相交" in tab.message.text()
    assert context.project.estates.get(estate.uuid).boundary == old
    assert (
        tab.editor.tool is not None
    )  # still drawing: take back the last two vertices and go round the right way
    qtbot.keyClick(tab.view, Qt.Key.Key_Backspace)
    qtbot.keyClick(tab.view, Qt.Key.Key_Backspace)
    click(qtbot, tab, QPoint(300, 450))
    click(qtbot, tab, QPoint(600, 450))
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert len(context.project.estates.get(estate.uuid).boundary["coordinates"][0]) == 5


def test_placing_an_estate_point_and_undoing(qtbot, tab: MapTab, context: AppContext) -> None:  # noqa: ANN001
    estate = context.project.estates.list()[1]
    context.select("estate", estate.uuid)
    tab.place_action.trigger()
    click(qtbot, tab, QPoint(200, 200))
    moved = context.project.estates.get(estate.uuid)
    assert (moved.lon, moved.lat) != (estate.lon, estate.lat)
    assert tab.layers.estate_points[estate.uuid].pos() == tab.projection.to_scene(
        moved.lon, moved.lat
    )
    context.undo_stack.undo()
    back = context.project.estates.get(estate.uuid)
    assert (back.lon, back.lat) == (estate.lon, estate.lat)


def test_a_reference_layer_and_the_progress_theme(tab: MapTab, tmp_path: Path) -> None:
    road = tmp_path / "道路.geojson"
    road.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"名称":"中山路"},'
        '"geometry":{"type":"LineString","coordinates":[[118.77,32.03,0],[118.78,32.06,0]]}}]}',
        encoding="gbk",
    )
    tab.add_reference_layer(road)
    assert len(tab.layers.items["reference"]) == 1
    tab.theme_combo.setCurrentIndex(tab.theme_combo.findData("progress"))
    assert tab.view.legend_title == "按检查表进度"
    assert [text for _, text in tab.view.legend][0] == "0–25%"
    assert len(tab.layers.items["reference"]) == 1  # a rebuild keeps reference layers


def test_the_consultation_theme_colours_buildings_by_their_vote(
    tab: MapTab, context: AppContext
) -> None:
    from retrofit_app.core.geo.vote_status import VoteStatus, building_vote_status

    tab.theme_combo.setCurrentIndex(tab.theme_combo.findData("consultation"))
    assert [text for _, text in tab.view.legend] == [
        "已通过",
        "部分单元通过",
        "征询中或未通过",
        "未征询",
    ]
    passed = {
        b
        for e in context.project.estates.list()
        for b, s in building_vote_status(context.project, e.uuid).items()
        if s is VoteStatus.PASSED
    }
    assert passed, "the demo has buildings whose elevator vote passed"
    green = tab.view.legend[0][0]
    assert {b for b, c in tab.theme.building_colours.items() if c == green} == passed


def test_building_names_show_only_when_zoomed_in(tab: MapTab, context: AppContext) -> None:
    def shown_buildings() -> int:
        return sum(1 for i in tab.layers.items["labels"] if i.min_scale > 0 and i.isVisible())

    assert shown_buildings() == 0  # the whole city: estate names only
    context.select("estate", context.project.estates.list()[0].uuid)
    assert shown_buildings() >= 3


def test_editing_a_boundary_vertex_by_vertex_with_undo(
    qtbot, tab: MapTab, context: AppContext
) -> None:  # noqa: ANN001
    estate = context.project.estates.list()[0]
    old = estate.boundary
    context.select("estate", estate.uuid)
    assert tab.edit_action.isEnabled()
    tab.edit_action.trigger()
    ring = old["coordinates"][0]
    corner = viewport_pos(tab, *ring[0])
    target = corner + QPoint(-40, -30)
    drag(tab, corner, target)
    # Insert a vertex in the middle of the second edge, then delete it again and restore it with Ctrl+Z.
    middle = viewport_pos(tab, (ring[1][0] + ring[2][0]) / 2, (ring[1][1] + ring[2][1]) / 2)
    click(qtbot, tab, middle)
    assert len(tab.editor.tool.vertices) == 5
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)
    assert len(tab.editor.tool.vertices) == 4
    qtbot.keyClick(tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(tab.editor.tool.vertices) == 5
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    edited = context.project.estates.get(estate.uuid).boundary["coordinates"][0]
    assert len(edited) == 6  # five vertices, closed
    moved = tab.projection.to_lon_lat(tab.view.mapToScene(target))
    assert edited[0] == pytest.approx(list(moved)) and edited[-1] == edited[0]
    assert edited[2] == pytest.approx(
        list(tab.projection.to_lon_lat(tab.view.mapToScene(middle))), abs=1e-6
    )
    context.undo_stack.undo()
    assert context.project.estates.get(estate.uuid).boundary == old


def test_dragging_a_vertex_across_the_ring_is_refused(
    tab: MapTab, context: AppContext, qtbot
) -> None:  # noqa: ANN001
    estate = context.project.estates.list()[0]
    context.select("estate", estate.uuid)
    tab.edit_action.trigger()
    ring = estate.boundary["coordinates"][0]
    # Pull corner A out past the far edge BC: edge DA' then cuts through BC.
    a, b, c = (viewport_pos(tab, *ring[i]) for i in range(3))
    middle, centre = (b + c) / 2, (a + c) / 2
    drag(tab, a, middle + (middle - centre) / 2)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert "自相交" in tab.message.text()
    assert context.project.estates.get(estate.uuid).boundary == estate.boundary


def test_importing_geojson_from_the_map_adds_the_estate(
    qtbot, tab: MapTab, context: AppContext, tmp_path: Path
) -> None:  # noqa: ANN001
    source = tmp_path / "新小区.geojson"
    source.write_text(
        '{"type":"FeatureCollection","features":['
        '{"type":"Feature","properties":{"名称":"石鼓路小区","区":"鼓楼区"},'
        '"geometry":{"type":"Point","coordinates":[118.771,32.041]}},'
        '{"type":"Feature","properties":{"名称":"坏小区","区":"鼓楼区"},'
        '"geometry":{"type":"Polygon","coordinates":[[[118.7,32.0],[118.71,32.01],[118.71,32.0],[118.7,32.01],[118.7,32.0]]]}}]}',
        encoding="gbk",
    )
    before = len(tab.layers.estate_points)
    tab.import_geojson(source)
    qtbot.waitUntil(lambda: "跳过 1" in tab.message.text(), timeout=10_000)
    assert "新建 1" in tab.message.text() and "面自相交" in tab.message.text()
    assert len(tab.layers.estate_points) == before + 1
    assert context.project.estates.resolve("石鼓路小区").lon == 118.771


def test_selecting_a_building_in_the_tree_zooms_to_it(tab: MapTab, context: AppContext) -> None:
    estate = context.project.estates.list()[0]
    building = context.project.buildings.of_estate(estate.uuid)[0]
    context.select("estate", estate.uuid)
    estate_scale = tab.view.pixels_per_metre()
    context.select("building", building.uuid)
    assert tab.view.pixels_per_metre() > estate_scale
    centre = tab.layers.building_batch.rect_of(building.uuid).center()
    assert tab.view.visible_scene_rect().contains(centre)
    assert tab.draw_action.text() == "绘制楼栋轮廓"


def test_a_read_only_project_offers_no_drawing(qtbot, context: AppContext, demo_path: Path) -> None:  # noqa: ANN001
    context.set_project(Project(demo_path, readonly=True))
    tab = MapTab(context)
    qtbot.addWidget(tab)
    context.select("estate", context.project.estates.list()[0].uuid)
    actions = (tab.place_action, tab.draw_action, tab.edit_action, tab.import_action)
    assert not any(action.isEnabled() for action in actions)
    tab.editor.start_polygon()
    assert tab.editor.tool is None


def test_edits_made_in_another_tab_reach_the_map_when_it_is_shown_again(
    qtbot, window, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:  # noqa: ANN001
    """The map is read once on coming back, not once per edit made elsewhere (issue 21)."""
    from retrofit_app.core.model import Stage
    from retrofit_app.gui.labels import STAGE_COLOURS

    tab = window.show_tab("map")
    qtbot.waitUntil(tab.isVisible)  # built on its first showing, shown on the next turn
    estates = context.project.estates
    reads = []
    real = tab.reload
    monkeypatch.setattr(tab, "reload", lambda **kw: reads.append(1) or real(**kw))
    estate = next(e for e in estates.list() if e.stage is not Stage.ACCEPTANCE)
    window.show_tab("photos")
    for note in ("一", "二", "三"):
        estates.update(estate.uuid, note=note)
        context.notify_changed("estates")
    estates.update(estate.uuid, stage=Stage.ACCEPTANCE)
    context.notify_changed("estates")
    assert reads == [] and tab.theme.colours[estate.uuid] == STAGE_COLOURS[estate.stage]
    window.show_tab("map")
    assert reads == [1] and tab.theme.colours[estate.uuid] == STAGE_COLOURS[Stage.ACCEPTANCE]
    estates.update(estate.uuid, note="地图在前时改")
    context.notify_changed("estates")
    assert reads == [1, 1]  # in front, the map follows each edit at once


def test_the_progress_theme_colours_estates_once_their_progress_is_read(
    qtbot, tab: MapTab, context: AppContext
) -> None:  # noqa: ANN001
    """Every estate's checklist progress is read in the background, only for the theme that
    shows it (issue 21): the estates take their band's colour when the read is done."""
    from retrofit_app.gui.map.themes import apply_theme

    progress = context.project.estates.progress_by_estate()
    wanted = apply_theme("progress", tab.data.estates, progress).colours
    nothing_done = apply_theme("progress", tab.data.estates, {}).colours
    assert any(wanted[u] != nothing_done[u] for u in wanted)  # the demo has work done
    tab.theme_combo.setCurrentIndex(tab.theme_combo.findData("progress"))
    assert [text for _, text in tab.view.legend][0] == "0–25%"
    qtbot.waitUntil(lambda: tab.theme.colours == wanted, timeout=5000)
    drawn = {s.uuid: s for s in tab.layers.estate_batch.shapes}
    far = next(u for u in wanted if wanted[u] != nothing_done[u] and u in drawn)
    assert drawn[far].pen.color() == wanted[far]  # drawn in it, not only worked out
