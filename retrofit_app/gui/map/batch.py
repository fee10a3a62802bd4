"""Many polygons in one scene item: one path per style, and drawn as plain rectangles when all are tiny.

Thousands of separate items cost QGraphicsView more per frame than the drawing itself, and a
footprint two pixels wide looks the same as a filled rectangle.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

_TINY_PX = 3.0  # shapes narrower than this on screen are drawn as rectangles
_NEAR_PX = 150.0  # shapes wider than this get outlines twice as thick


@dataclass
class Shape:
    uuid: str
    path: QPainterPath
    bounds: QRectF
    pen: QPen
    brush: QBrush


class ShapeBatchItem(QGraphicsItem):
    def __init__(self) -> None:
        super().__init__()
        self.shapes: list[Shape] = []
        self._index: dict[str, int] = {}
        self._rect = QRectF()
        self._largest = 0.0
        # Shapes of one style merged into one path: a single drawPath per style, no Python loop per frame.
        self._groups: list[tuple[QPen, QBrush, QPainterPath, list[QRectF]]] | None = None

    def add(self, uuid: str, path: QPainterPath, pen: QPen, brush: QBrush) -> None:
        self.prepareGeometryChange()
        bounds = path.boundingRect()
        self._index[uuid] = len(self.shapes)
        self.shapes.append(Shape(uuid, path, bounds, pen, brush))
        self._rect = self._rect.united(bounds)
        self._largest = max(self._largest, bounds.width(), bounds.height())
        self._groups = None

    def set_style(self, uuid: str, pen: QPen, brush: QBrush) -> None:
        shape = self.shapes[self._index[uuid]]
        if shape.pen == pen and shape.brush == brush:
            return
        shape.pen, shape.brush = pen, brush
        self._groups = None
        self.update()

    def _grouped(self) -> list[tuple[QPen, QBrush, QPainterPath, list[QRectF]]]:
        if self._groups is None:
            found: dict[tuple, tuple[QPen, QBrush, QPainterPath, list[QRectF]]] = {}
            for shape in self.shapes:
                key = (shape.pen.color().rgba(), shape.pen.widthF(), shape.brush.color().rgba())
                if key not in found:
                    path = QPainterPath()
                    path.setFillRule(Qt.FillRule.OddEvenFill)
                    found[key] = (shape.pen, shape.brush, path, [])
                found[key][2].addPath(shape.path)
                found[key][3].append(shape.bounds)
            self._groups = list(found.values())
        return self._groups

    def rect_of(self, uuid: str) -> QRectF | None:
        index = self._index.get(uuid)
        return None if index is None else self.shapes[index].bounds

    def uuid_at(self, point: QPointF) -> str | None:
        """The last-drawn (topmost) shape containing the scene point."""
        for shape in reversed(self.shapes):
            if shape.bounds.contains(point) and shape.path.contains(point):
                return shape.uuid
        return None

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect.adjusted(-1, -1, 1, 1)

    def shape(self) -> QPainterPath:
        # Hit-testing goes through uuid_at; an empty shape keeps Qt's item lookup cheap.
        return QPainterPath()

    def paint(
        self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        px_per_unit = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        tiny = self._largest * px_per_unit < _TINY_PX
        near = (
            self._largest * px_per_unit > _NEAR_PX
        )  # few shapes on screen: afford bolder outlines
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, not tiny)
        for pen, brush, path, rects in self._grouped():
            if tiny:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(pen.color())
                painter.drawRects(rects)
            else:
                if near:
                    pen = QPen(pen)
                    pen.setWidthF(pen.widthF() * 2)
                painter.setPen(pen)
                painter.setBrush(brush)
                painter.drawPath(path)
