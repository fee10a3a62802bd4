"""Drawing tools on the map: place an estate's point; draw a polygon vertex by vertex, removing vertices as you go."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QMouseEvent, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene

from retrofit_app.core.geo.polygon_check import check_ring
from retrofit_app.gui.map.projection import MapProjection


class PlacePointTool(QObject):
    """One click puts the point there; `placed(lon, lat)` is emitted in WGS-84."""

    placed = Signal(float, float)

    def __init__(self, projection: MapProjection) -> None:
        super().__init__()
        self.projection = projection

    def press(self, scene_pos: QPointF, _event: QMouseEvent) -> None:
        self.placed.emit(*self.projection.to_lon_lat(scene_pos))

    def move(self, _scene_pos: QPointF) -> None:
        pass

    def release(self, _scene_pos: QPointF) -> None:
        pass

    def double_click(self, _scene_pos: QPointF) -> None:
        pass

    def key(self, _event: QKeyEvent) -> bool:
        return False

    def stop(self) -> None:
        pass


class PolygonTool(QObject):
    """Click adds a vertex; Backspace or Ctrl+Z takes the last one back; double-click or Enter finishes.

    A ring that crosses itself is refused (`refused(problem)`) and stays open for correction;
    a valid one is emitted as a GeoJSON Polygon (`finished`). Esc cancels.
    """

    finished = Signal(dict)
    refused = Signal(str)  # a GeometryProblem value
    cancelled = Signal()
    changed = Signal(int)  # number of vertices so far

    def __init__(
        self,
        projection: MapProjection,
        scene: QGraphicsScene,
        start: list[tuple[float, float]] | None = None,
    ) -> None:
        super().__init__()
        self.projection = projection
        self.vertices: list[tuple[float, float]] = list(start or [])
        self._hover: QPointF | None = None
        self._sketch = QGraphicsPathItem()
        pen = QPen(QColor("#D00000"), 2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._sketch.setPen(pen)
        self._sketch.setBrush(QColor(208, 0, 0, 40))
        self._sketch.setZValue(100)
        scene.addItem(self._sketch)
        self._redraw()

    def _redraw(self) -> None:
        path = QPainterPath()
        points = [self.projection.to_scene(*v) for v in self.vertices]
        if self._hover is not None and points:
            points.append(self._hover)
        if points:
            path.moveTo(points[0])
            for p in points[1:]:
                path.lineTo(p)
            for p in points[: len(self.vertices)]:
                path.addEllipse(p, 0.6, 0.6)
        self._sketch.setPath(path)

    def add_vertex(self, lon: float, lat: float) -> None:
        self.vertices.append((lon, lat))
        self._redraw()
        self.changed.emit(len(self.vertices))

    def remove_last(self) -> None:
        if self.vertices:
            self.vertices.pop()
            self._redraw()
            self.changed.emit(len(self.vertices))

    def press(self, scene_pos: QPointF, _event: QMouseEvent) -> None:
        self.add_vertex(*self.projection.to_lon_lat(scene_pos))

    def move(self, scene_pos: QPointF) -> None:
        self._hover = scene_pos
        self._redraw()

    def release(self, _scene_pos: QPointF) -> None:
        pass

    def double_click(self, _scene_pos: QPointF) -> None:
        # The double-click's first press already added this spot; keep it once.
        if len(self.vertices) >= 2 and self.vertices[-1] == self.vertices[-2]:
            self.vertices.pop()
        self.finish()

    def key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish()
        elif event.key() == Qt.Key.Key_Escape:
            self.stop()
            self.cancelled.emit()
        else:
            return self._edit_key(event)
        return True

    def _edit_key(self, event: QKeyEvent) -> bool:
        """The keys that change the vertices; Enter and Esc mean the same in every polygon tool."""
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) or event.matches(
            QKeySequence.StandardKey.Undo
        ):
            self.remove_last()
            return True
        return False

    def ring(self) -> list[list[float]]:
        ring = [[lon, lat] for lon, lat in self.vertices]
        if ring and ring[0] != ring[-1]:
            ring.append(list(ring[0]))
        return ring

    def finish(self) -> None:
        ring = self.ring()
        problem = check_ring(ring)
        if problem is not None:
            self.refused.emit(str(problem))
            return
        self.stop()
        self.finished.emit({"type": "Polygon", "coordinates": [ring]})

    def stop(self) -> None:
        if self._sketch.scene() is not None:
            self._sketch.scene().removeItem(self._sketch)
