"""The Map tab: estates, buildings and photos over offline basemaps, themes and legend, drawing with undo."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.geo.geojson_import import ImportReport, describe_skip, import_geojson
from retrofit_app.core.geo.map_data import MapData, load_map_data, load_reference_layer
from retrofit_app.core.geo.mbtiles import MBTiles
from retrofit_app.core.geo.vote_status import vote_status_of
from retrofit_app.core.words import say
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.formatting import format_number
from retrofit_app.gui.icons import icon
from retrofit_app.gui.map.basemaps import Basemap
from retrofit_app.gui.map.drawing import PolygonTool
from retrofit_app.gui.map.editor import MapEditor
from retrofit_app.gui.map.layers import LAYER_NAMES, MapLayers
from retrofit_app.gui.map.projection import DEFAULT_CENTRE, MapProjection
from retrofit_app.gui.map.themes import THEMES, ThemeResult, apply_theme, theme_title
from retrofit_app.gui.map.view import ZOOM_STEP, MapView
from retrofit_app.gui.view_sizing import em
from retrofit_app.gui.wrapping_row import WrappingRow

log = logging.getLogger(__name__)

_LAYER_TITLES = {
    "estates": QT_TRANSLATE_NOOP("MapTab", "小区"),
    "buildings": QT_TRANSLATE_NOOP("MapTab", "楼栋"),
    "photos": QT_TRANSLATE_NOOP("MapTab", "照片位置"),
    "labels": QT_TRANSLATE_NOOP("MapTab", "名称标注"),
    "reference": QT_TRANSLATE_NOOP("MapTab", "参考图层"),
}


class MapTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.projection = MapProjection()
        self.view = MapView(self.projection)
        self.layers = MapLayers(self.view.scene(), self.projection)
        self.view.hit_batches = self.layers.batches
        self.data = MapData([], [], [])
        self.theme_key = "stage"
        self.theme = ThemeResult({}, [])
        self.basemaps: list[Basemap] = []
        self.editor = MapEditor(context, self.view, self.projection)
        self._build_ui()
        self.editor.message.connect(self.show_message)
        self.editor.tool_changed.connect(self._update_tool_actions)
        self.view.clicked.connect(self._on_view_clicked)
        self.view.cursor_moved.connect(self._on_view_cursor_moved)
        self.view.view_changed.connect(self._on_view_changed)
        self._decluttered_at = 0.0
        self._stale = False  # edits came while another tab was in front: reload when shown
        self._progress: dict[str, float] = {}  # estate uuid -> checklist progress, last read
        self._progress_read = 0  # which background read of the progress is the latest
        context.project_changed.connect(self._on_project_changed)
        context.selection_changed.connect(self._on_context_selection_changed)
        context.data_changed.connect(self._on_context_data_changed)
        self._on_project_changed()

    # ------------------------------------------------------------------ widgets
    def _build_ui(self) -> None:
        # Three groups of tools, wrapped onto a second row in a narrow window (WrappingRow).
        bar = view_bar = QToolBar(self.tr("视图"))
        self.zoom_in_action = bar.addAction(
            icon("fa5s.search-plus"), self.tr("放大"), lambda: self.view.zoom_by(ZOOM_STEP)
        )
        self.zoom_out_action = bar.addAction(
            icon("fa5s.search-minus"), self.tr("缩小"), lambda: self.view.zoom_by(1 / ZOOM_STEP)
        )
        self.zoom_all_action = bar.addAction(icon("fa5s.expand"), self.tr("全图"), self.zoom_to_all)
        self.zoom_selected_action = bar.addAction(
            icon("fa5s.crosshairs"), self.tr("缩放到所选小区"), self.zoom_to_selected
        )
        bar.addSeparator()
        # No "专题：" / "底图：" labels: the bars stay short; tooltips and accessible names
        # say what the combos are.
        self.theme_combo = QComboBox()
        self._describe(self.theme_combo, self.tr("专题：地图按什么着色"))
        for key in THEMES:
            self.theme_combo.addItem(theme_title(key), key)
        self.theme_combo.currentIndexChanged.connect(self._on_theme_combo_changed)
        # Wide enough for every Chinese title; a long English one elides (the legend shows it whole).
        self.theme_combo.setMaximumWidth(14 * em(self))
        bar.addWidget(self.theme_combo)
        layers_button = QToolButton()
        layers_button.setText(self.tr("图层"))
        layers_button.setIcon(icon("fa5s.layer-group"))
        layers_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        layers_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(layers_button)
        self.layer_actions = {}
        for name in LAYER_NAMES:
            action = menu.addAction(QCoreApplication.translate("MapTab", _LAYER_TITLES[name]))
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda on, n=name: self._on_layer_toggled(n, on))
            self.layer_actions[name] = action
        menu.addSeparator()
        menu.addAction(self.tr("添加参考图层（GeoJSON）…"), self._on_add_reference_triggered)
        self.import_action = menu.addAction(
            self.tr("导入小区和楼栋（GeoJSON）…"), self._on_import_geojson_triggered
        )
        layers_button.setMenu(menu)
        bar.addWidget(layers_button)
        bar = basemap_bar = QToolBar(self.tr("底图"))
        self.basemap_combo = QComboBox()
        self._describe(self.basemap_combo, self.tr("底图：离线瓦片（MBTiles）"))
        self.basemap_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.basemap_combo.addItem(self.tr("无底图"), None)
        self.basemap_combo.currentIndexChanged.connect(self._on_basemap_combo_changed)
        bar.addWidget(self.basemap_combo)
        self.gcj_check = QCheckBox("GCJ-02")
        self.gcj_check.setToolTip(
            self.tr("高德、腾讯等瓦片使用 GCJ-02 坐标：勾选后本项目的数据会偏移以对齐底图")
        )
        self.gcj_check.toggled.connect(self._on_gcj_check_toggled)
        bar.addWidget(self.gcj_check)
        bar.addAction(
            icon("fa5s.folder-open"), self.tr("打开底图…"), self._on_open_basemap_triggered
        )
        bar = edit_bar = QToolBar(self.tr("编辑"))
        self.place_action = bar.addAction(
            icon("fa5s.map-pin"), self.tr("放置小区点"), self.editor.start_place_point
        )
        self.draw_action = bar.addAction(
            icon("fa5s.draw-polygon"), self.tr("绘制边界"), self.editor.start_polygon
        )
        self.edit_action = bar.addAction(
            icon("fa5s.bezier-curve"), self.tr("编辑顶点"), self.editor.start_vertex_edit
        )
        self.finish_action = bar.addAction(icon("fa5s.check"), self.tr("完成"), self.editor.finish)
        self.cancel_action = bar.addAction(icon("fa5s.times"), self.tr("取消"), self.editor.stop)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #A00000;")
        self.coordinates = QLabel()
        self.coordinates.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.coordinates)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.toolbars = WrappingRow([view_bar, basemap_bar, edit_bar])
        layout.addWidget(self.toolbars)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self._update_tool_actions()

    @staticmethod
    def _describe(widget: QWidget, text: str) -> None:
        widget.setToolTip(text)
        widget.setAccessibleName(text)

    # ------------------------------------------------------------------ data
    def reload(self, *, recentre: bool = False) -> None:
        """Read the map again; `recentre`: its origin moves to the data's centre before drawing."""
        self._stale = False
        project = self.context.project
        self.data = load_map_data(project) if project is not None else MapData([], [], [])
        if recentre:
            self._centre_on_data()
        # Every estate's checklist progress only for the theme that shows it, read in the
        # background: on the main thread it froze the window 0.5 s at 1x at each first opening
        # and each edit, whatever the theme (issue 21). Until it comes, the last figures show.
        if self.theme_key == "progress" and project is not None:
            self._read_progress()
        votes = self._vote_status() if self.theme_key == "consultation" else None
        self.theme = apply_theme(self.theme_key, self.data.estates, self._progress, votes)
        self.view.legend_title = theme_title(self.theme_key)
        self.view.legend = self.theme.legend
        self.layers.highlighted = self.context.selected_estate_uuid()
        self._rebuild_layers()
        self.view.viewport().update()
        self._update_tool_actions()
        if self.data.notes:  # features another program wrote that cannot be drawn, each named
            lang = self.context.settings.lang
            self.show_message("；".join(say(n, lang, **n.params) for n in self.data.notes[:5]))

    def _read_progress(self) -> None:
        self._progress_read += 1
        asked, project = self._progress_read, self.context.project
        factory = self.context.project_factory()

        def work(_progress, _cancelled):  # noqa: ANN001, ANN202 - on a pool thread
            with factory() as opened:
                return opened.estates.progress_by_estate()

        def done(progress: dict[str, float]) -> None:
            if asked != self._progress_read or project is not self.context.project:
                return  # a later read is coming, or another project is open
            self._progress = progress
            if self.theme_key == "progress":
                self.theme = apply_theme("progress", self.data.estates, progress)
                self.layers.recolour(self.theme)
                self.view.viewport().update()

        self.context.jobs.run(self.tr("读取检查表进度"), work, done, quiet=True)

    def _vote_status(self) -> tuple[dict, dict]:
        project = self.context.project
        if project is None:
            return {}, {}
        return vote_status_of(project, [e.uuid for e in self.data.estates])

    def _on_project_changed(self) -> None:
        self.editor.stop()
        self._progress = {}
        self.reload(recentre=True)
        # A hidden tab has no size yet: fitting now would fit into nothing, so wait for showEvent.
        self._zoom_all_when_shown = not self.view.isVisible()
        if not self._zoom_all_when_shown:
            self.zoom_to_all()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.reload()
        if self._zoom_all_when_shown:
            self._zoom_all_when_shown = False
            self.zoom_to_all()

    def _centre_on_data(self) -> None:
        extent = self.data.extent()
        centre = (
            ((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2) if extent else DEFAULT_CENTRE
        )
        self.projection.set_origin(centre)

    def _on_context_data_changed(self, table: str) -> None:
        if table in (
            "estates",
            "buildings",
            "units",
            "photos",
            "estate_boundaries",
            "checklist_answers",
            "votes",
            "consultations",
        ):
            if self._behind_another_tab():
                # Every estate's progress is read again: not for each edit made in another tab
                # (a photo caption froze the window 2.8 s at 16x once the map had been opened).
                self._stale = True
            else:
                self.reload()

    def _behind_another_tab(self) -> bool:
        """Another tab is in front (its page hides ours), or the map was never shown."""
        return not self.isVisibleTo(self.window())

    def _on_context_selection_changed(self, _kind: str, _uuid: str) -> None:
        uuid = self.context.selected_estate_uuid()
        self.layers.highlight(uuid, self.theme)
        self._on_view_changed(force=True)
        if uuid and self.editor.tool is None:
            self.zoom_to_selected()
        self._update_tool_actions()

    def _on_theme_combo_changed(self) -> None:
        self.theme_key = self.theme_combo.currentData()
        self.reload()

    # ------------------------------------------------------------------ navigation
    def zoom_to_all(self) -> None:
        extent = self.layers.extent()
        if extent.isNull():
            extent = self.layers.estate_rect("") or self.projection.lon_lat_rect(
                118.70, 31.98, 118.88, 32.12
            )
        self.view.zoom_to(extent, min_size=500)

    def zoom_to_selected(self) -> None:
        """A selected building is shown close up; anything else in an estate shows the estate."""
        kind, selected = self.context.selection()
        footprint = self.layers.building_batch.rect_of(selected) if kind == "building" else None
        if footprint is not None:
            self.view.zoom_to(footprint, margin=0.5, min_size=150)
            return
        uuid = self.context.selected_estate_uuid()
        rect = self.layers.estate_rect(uuid) if uuid else None
        if rect is not None:
            self.view.zoom_to(rect, margin=0.25, min_size=400)

    def _on_view_clicked(self, kind: str, uuid: str) -> None:
        if kind == "photo":  # a photo belongs to an estate; the tree has no photo rows
            kind, uuid = (
                "estate",
                next((p.estate_uuid for p in self.data.photos if p.uuid == uuid), ""),
            )
        if kind in ("estate", "building") and uuid:
            self.context.select(kind, uuid)

    def _rebuild_layers(self) -> None:
        self.layers.build(self.data, self.theme)
        self._on_view_changed(force=True)

    def _on_layer_toggled(self, layer: str, on: bool) -> None:
        self.layers.set_visible(layer, on)
        if layer == "labels" and on:
            self._on_view_changed(force=True)

    def _on_view_changed(self, force: bool = False) -> None:
        scale = self.view.pixels_per_metre()
        if (
            force or abs(scale - self._decluttered_at) > 1e-9 * scale
        ):  # panning keeps the same overlaps
            self._decluttered_at = scale
            self.layers.declutter(scale)

    def _on_view_cursor_moved(self, lon: float, lat: float) -> None:
        self.coordinates.setText(
            self.tr("经度 {0}  纬度 {1}（WGS-84）").format(
                format_number(lon, 6), format_number(lat, 6)
            )
        )

    # ------------------------------------------------------------------ basemaps
    def add_basemap(self, path: Path, *, gcj02: bool = False) -> Basemap:
        """Open an MBTiles file and show it; raises RetrofitError for a file that is not one."""
        basemap = Basemap(MBTiles(Path(path)), gcj02=gcj02)
        self.basemaps.append(basemap)
        self.basemap_combo.addItem(basemap.name, len(self.basemaps) - 1)
        self.basemap_combo.setCurrentIndex(self.basemap_combo.count() - 1)
        bounds = basemap.source.info.bounds
        if bounds and not self.data.estates:
            self.view.zoom_to(self.projection.lon_lat_rect(*bounds))
        return basemap

    def _on_open_basemap_triggered(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("打开底图"), self.context.start_folder(), self.tr("MBTiles 底图 (*.mbtiles)")
        )
        if name:
            try:
                self.add_basemap(Path(name))
            except RetrofitError as error:
                self.show_message(self.context.sentence(error))

    def _on_basemap_combo_changed(self) -> None:
        index = self.basemap_combo.currentData()
        self.view.basemap = self.basemaps[index] if index is not None else None
        self.gcj_check.blockSignals(True)
        self.gcj_check.setChecked(bool(self.view.basemap and self.view.basemap.gcj02))
        self.gcj_check.setEnabled(self.view.basemap is not None)
        self.gcj_check.blockSignals(False)
        self._apply_datum()

    def _on_gcj_check_toggled(self, on: bool) -> None:
        if self.view.basemap is not None:
            self.view.basemap.gcj02 = on
        self._apply_datum()

    def _apply_datum(self) -> None:
        """Shift our WGS-84 data onto a GCJ-02 basemap (the tiles never move), keeping the view where it was."""
        wanted = bool(self.view.basemap and self.view.basemap.gcj02)
        if wanted != self.projection.gcj02:
            centre = self.view.centre_lon_lat()
            self.projection.gcj02 = wanted
            self._rebuild_layers()
            self.view.centerOn(self.projection.to_scene(*centre))
        self.view.viewport().update()

    def _on_add_reference_triggered(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("添加参考图层"), self.context.start_folder(), self.tr("GeoJSON (*.geojson *.json)")
        )
        if name:
            self.add_reference_layer(Path(name))

    def import_dialog(self) -> tuple[QFileDialog, QCheckBox]:
        """The file dialog of 导入 GeoJSON, with a choice for coordinates from a Chinese map picker."""
        dialog = QFileDialog(self, self.tr("导入 GeoJSON"), self.context.start_folder())
        dialog.setNameFilter(self.tr("GeoJSON (*.geojson *.geojsonl *.geojsons *.json)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # a native one takes no checkbox
        gcj02 = QCheckBox(self.tr("坐标为 GCJ-02（高德、腾讯等地图拾取），换算为 WGS-84"), dialog)
        grid = dialog.layout()
        if isinstance(grid, QGridLayout):
            grid.addWidget(gcj02, grid.rowCount(), 0, 1, -1)
        return dialog, gcj02

    def _on_import_geojson_triggered(self) -> None:
        dialog, gcj02 = self.import_dialog()
        if dialog.exec() and dialog.selectedFiles() and self.editor.can_edit():
            self.import_geojson(Path(dialog.selectedFiles()[0]), gcj02=gcj02.isChecked())

    def import_geojson(self, path: Path, *, gcj02: bool = False) -> None:
        """Create or update estates and buildings from `path` in the background; report what was skipped."""
        factory = self.context.project_factory()

        def work(progress, cancelled):  # noqa: ANN001, ANN202 - on a pool thread
            with factory() as project:
                return import_geojson(
                    project, path, gcj02=gcj02, progress=progress, cancelled=cancelled
                )

        self.context.jobs.run(self.tr("导入 GeoJSON"), work, self._on_geojson_imported)

    def _on_geojson_imported(self, report: ImportReport) -> None:
        if report.cancelled:
            self.show_message(self.tr("已取消导入，项目未改变。"))
            return
        lang = self.context.settings.lang
        text = self.tr("小区：新建 {0}，更新 {1}；楼栋：新建 {2}，更新 {3}；跳过 {4}。").format(
            report.estates_created,
            report.estates_updated,
            report.buildings_created,
            report.buildings_updated,
            len(report.skipped),
        )
        skipped = "；".join(describe_skip(s, lang) for s in report.skipped[:5])
        self.show_message(text + (" " + skipped if skipped else ""))
        for table in ("estates", "buildings"):
            self.context.notify_changed(table)

    def add_reference_layer(self, path: Path) -> None:
        try:
            self.layers.add_reference(load_reference_layer(path))
        except RetrofitError as error:
            self.show_message(self.context.sentence(error))

    # ------------------------------------------------------------------ drawing
    def _update_tool_actions(self) -> None:
        kind, _ = self.context.selection()
        editable = (
            self.editor.can_edit() and kind in ("estate", "building") and self.editor.tool is None
        )
        self.place_action.setEnabled(editable and kind == "estate")
        self.draw_action.setEnabled(editable)
        self.draw_action.setText(
            self.tr("绘制楼栋轮廓") if kind == "building" else self.tr("绘制边界")
        )
        self.edit_action.setEnabled(editable and self.editor.current_polygon() is not None)
        self.finish_action.setEnabled(isinstance(self.editor.tool, PolygonTool))
        self.cancel_action.setEnabled(self.editor.tool is not None)
        self.import_action.setEnabled(self.editor.can_edit())

    def show_message(self, text: str) -> None:
        """A hint, a refusal or a result under the map (and in the status bar); "" clears it."""
        self.message.setText(text)
        if text:
            self.context.show_status(text)
