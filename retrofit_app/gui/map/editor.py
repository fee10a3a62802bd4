"""Drawing on the map: which tool is active, and turning a finished drawing into an undoable edit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal

from retrofit_app.core.errors import RetrofitError
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.map.drawing import PlacePointTool, PolygonTool
from retrofit_app.gui.map.projection import MapProjection
from retrofit_app.gui.map.vertex_edit import VertexEditTool
from retrofit_app.gui.map.view import MapView
from retrofit_app.gui.undo.map_edits import (
    MapEditCommand,
    building_geometry_edit,
    estate_boundary_edit,
    estate_point_edit,
)

_PROBLEM_WORDS = {
    "self_intersection": QT_TRANSLATE_NOOP(
        "MapEditor", "边界自相交，请撤回顶点后重画（Backspace 删除上一个顶点）。"
    ),
    "too_few_points": QT_TRANSLATE_NOOP("MapEditor", "至少需要三个不同的顶点。"),
    "out_of_range": QT_TRANSLATE_NOOP("MapEditor", "顶点超出经纬度范围。"),
}


class MapEditor(QObject):
    """Owns the active tool; every saved drawing goes onto the context's undo stack."""

    message = Signal(str)  # a hint or a refusal for the user; "" clears it
    tool_changed = Signal()

    def __init__(self, context: AppContext, view: MapView, projection: MapProjection) -> None:
        super().__init__(view)
        self.context = context
        self.view = view
        self.projection = projection
        self.tool: PlacePointTool | PolygonTool | None = None

    def can_edit(self) -> bool:
        return self.context.project is not None and not self.context.is_readonly()

    def current_polygon(self) -> dict | None:
        """The selected estate's boundary or building's footprint, when it is a polygon."""
        kind, uuid = self.context.selection()
        project = self.context.project
        if project is None or kind not in ("estate", "building") or not uuid:
            return None
        try:
            if kind == "estate":
                geometry = project.estates.get(uuid).boundary
            else:
                geometry = project.buildings.get(uuid).geometry
        except RetrofitError:  # deleted meanwhile
            return None
        return geometry if geometry and geometry["type"] in ("Polygon", "MultiPolygon") else None

    # ------------------------------------------------------------ starting tools
    def start_place_point(self) -> None:
        uuid = self.context.selected_estate_uuid()
        if not uuid or not self.can_edit():
            return
        tool = PlacePointTool(self.projection)
        tool.placed.connect(lambda lon, lat: self._on_point_placed(uuid, lon, lat))
        self._set_tool(tool, self.tr("在地图上点击小区位置。Esc 取消。"))

    def start_polygon(self) -> None:
        kind, uuid = self.context.selection()
        if kind not in ("estate", "building") or not self.can_edit():
            return
        self._start_polygon_tool(
            kind,
            uuid,
            PolygonTool(self.projection, self.view.scene()),
            self.tr("单击添加顶点，Backspace 删除上一个顶点，双击或回车完成，Esc 取消。"),
        )

    def start_vertex_edit(self) -> None:
        kind, uuid = self.context.selection()
        geometry = self.current_polygon()
        if geometry is None or not self.can_edit():
            return
        if geometry["type"] == "MultiPolygon" and len(geometry["coordinates"]) > 1:
            self.message.emit(self.tr("多块组成的边界不能逐点编辑，请重新绘制。"))
            return
        polygon = (
            geometry["coordinates"] if geometry["type"] == "Polygon" else geometry["coordinates"][0]
        )
        tool = VertexEditTool(
            self.projection, self.view.scene(), polygon[0], self.view.pixels_per_metre
        )
        hint = self.tr(
            "拖动顶点移动；单击边插入顶点；Delete 删除所选顶点；Ctrl+Z 撤回；回车保存，Esc 取消。"
        )
        self._start_polygon_tool(kind, uuid, tool, hint)

    def _start_polygon_tool(self, kind: str, uuid: str, tool: PolygonTool, hint: str) -> None:
        tool.finished.connect(lambda geometry: self._on_polygon_finished(kind, uuid, geometry))
        tool.refused.connect(
            lambda problem: self.message.emit(
                QCoreApplication.translate("MapEditor", _PROBLEM_WORDS.get(problem, problem))
            )
        )
        tool.cancelled.connect(self.stop)
        self._set_tool(tool, hint)

    def _set_tool(self, tool: PlacePointTool | PolygonTool, hint: str) -> None:
        self.stop()
        self.tool = tool
        self.view.tool = tool
        self.view.setDragMode(self.view.DragMode.NoDrag)
        self.view.setCursor(Qt.CursorShape.CrossCursor)
        self.view.setFocus()
        self.message.emit(hint)
        self.tool_changed.emit()

    def finish(self) -> None:
        if isinstance(self.tool, PolygonTool):
            self.tool.finish()

    def stop(self) -> None:
        if self.tool is not None:
            self.tool.stop()
            self.message.emit("")
        self.tool = None
        self.view.tool = None
        self.view.setDragMode(self.view.DragMode.ScrollHandDrag)
        self.view.unsetCursor()
        self.tool_changed.emit()

    # ------------------------------------------------------------ saving
    def _on_point_placed(self, uuid: str, lon: float, lat: float) -> None:
        old = self.context.project.estates.get(uuid)
        self.stop()
        apply = estate_point_edit(self.context.project, uuid)
        self._push(self.tr("移动小区点"), apply, (lon, lat), (old.lon, old.lat), "estates")

    def _on_polygon_finished(self, kind: str, uuid: str, geometry: dict) -> None:
        project = self.context.project
        self.stop()
        if kind == "estate":
            old = project.estates.get(uuid).boundary
            apply = estate_boundary_edit(project, uuid)
            self._push(self.tr("绘制小区边界"), apply, geometry, old, "estates")
        else:
            old = project.buildings.get(uuid).geometry
            apply = building_geometry_edit(project, uuid)
            self._push(self.tr("绘制楼栋轮廓"), apply, geometry, old, "buildings")

    def _push(self, text: str, apply: Any, new: Any, old: Any, table: str) -> None:
        command = MapEditCommand(text, apply, new, old, lambda: self.context.notify_changed(table))
        # An edit the file refused (read-only, locked) marks itself obsolete and is dropped.
        self.context.undo_stack.push(command)
        if command.error is not None:
            self.message.emit(self.context.sentence(command.error))
