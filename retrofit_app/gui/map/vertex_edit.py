"""Edit an existing polygon vertex by vertex: drag a vertex, click an edge to add one, Delete to remove one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QMouseEvent, QPainterPath
from PySide6.QtWidgets import QGraphicsScene

from retrofit_app.gui.map.drawing import PolygonTool
from retrofit_app.gui.map.items import MarkerItem
from retrofit_app.gui.map.projection import MapProjection

GRAB_PX = 8.0  # how close (in pixels) a press must be to take a vertex or an edge


class VertexEditTool(PolygonTool):
    """Each change (move, insert, delete) can be taken back with Ctrl+Z while editing; Enter saves
    the whole edit as one undoable step, after the same validity check as drawing."""

    # Class defaults: PolygonTool.__init__ draws once before this class's own fields exist.
    _handles: tuple[MarkerItem, ...] = ()
    selected: int | None = None

    def __init__(
        self,
        projection: MapProjection,
        scene: QGraphicsScene,
        ring: list[tuple[float, float]],
        pixels_per_unit: Callable[[], float],
    ) -> None:
        super().__init__(projection, scene)
        self._pixels_per_unit = pixels_per_unit
        self._dragging: int | None = None
        self._history: list[list[tuple[float, float]]] = []
        self.vertices = [
            tuple(v[:2]) for v in (ring[:-1] if ring and ring[0] == ring[-1] else ring)
        ]
        self._redraw()

    # ------------------------------------------------------------ drawing
    def _redraw(self) -> None:
        points = [self.projection.to_scene(*v) for v in self.vertices]
        path = QPainterPath()
        if points:
            path.moveTo(points[0])
            for p in points[1:]:
                path.lineTo(p)
            path.closeSubpath()
        self._sketch.setPath(path)
        scene = self._sketch.scene()
        for handle in self._handles:
            scene.removeItem(handle)
        handles = []
        for index, p in enumerate(points):
            handle = MarkerItem(
                p, QColor("#D00000") if index == self.selected else QColor("white"), 4.5
            )
            handle.setZValue(101)
            scene.addItem(handle)
            handles.append(handle)
        self._handles = tuple(handles)

    def _remember(self) -> None:
        self._history.append(list(self.vertices))

    def _nearest_vertex(self, scene_pos: QPointF) -> int | None:
        limit = GRAB_PX / self._pixels_per_unit()
        best, best_distance = None, limit
        for index, vertex in enumerate(self.vertices):
            distance = QLineF(self.projection.to_scene(*vertex), scene_pos).length()
            if distance <= best_distance:
                best, best_distance = index, distance
        return best

    def _nearest_edge(self, scene_pos: QPointF) -> int | None:
        """The index to insert at when the press is on an edge (between vertex i-1 and i)."""
        limit = GRAB_PX / self._pixels_per_unit()
        points = [self.projection.to_scene(*v) for v in self.vertices]
        for index in range(len(points)):
            a, b = points[index - 1], points[index]
            line = QLineF(a, b)
            if line.length() == 0:
                continue
            t = QPointF.dotProduct(scene_pos - a, b - a) / (line.length() ** 2)
            if 0 < t < 1 and QLineF(a + (b - a) * t, scene_pos).length() <= limit:
                return index
        return None

    # ------------------------------------------------------------ input
    def press(self, scene_pos: QPointF, _event: QMouseEvent) -> None:
        index = self._nearest_vertex(scene_pos)
        if index is None:
            edge = self._nearest_edge(scene_pos)
            if edge is None:
                return
            self._remember()
            self.vertices.insert(edge, self.projection.to_lon_lat(scene_pos))
            index = edge
        else:
            self._remember()
        self.selected = self._dragging = index
        self._redraw()

    def move(self, scene_pos: QPointF) -> None:
        if self._dragging is not None:
            self.vertices[self._dragging] = self.projection.to_lon_lat(scene_pos)
            self._redraw()

    def release(self, _scene_pos: QPointF) -> None:
        if self._dragging is not None and self._history and self._history[-1] == self.vertices:
            self._history.pop()  # a click without a move changed nothing
        self._dragging = None
        self.changed.emit(len(self.vertices))

    def double_click(self, _scene_pos: QPointF) -> None:
        pass

    def delete_selected(self) -> None:
        if self.selected is None or len(self.vertices) <= 3:
            return
        self._remember()
        del self.vertices[self.selected]
        self.selected = None
        self._redraw()
        self.changed.emit(len(self.vertices))

    def undo_step(self) -> None:
        if self._history:
            self.vertices = self._history.pop()
            self.selected = None
            self._redraw()
            self.changed.emit(len(self.vertices))

    def _edit_key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
        elif event.matches(QKeySequence.StandardKey.Undo):
            self.undo_step()
        else:
            return False
        return True

    def stop(self) -> None:
        for handle in self._handles:
            if handle.scene() is not None:
                handle.scene().removeItem(handle)
        self._handles = ()
        super().stop()
