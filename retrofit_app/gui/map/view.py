"""The map canvas: a QGraphicsView in Web Mercator with pan, zoom, basemap, overlays and pluggable tools."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from retrofit_app.core.geo.mercator import HALF_WORLD
from retrofit_app.gui.map.basemaps import Basemap
from retrofit_app.gui.map.items import KIND_ROLE, UUID_ROLE
from retrofit_app.gui.map.overlays import draw_legend, draw_north_arrow, draw_scale_bar
from retrofit_app.gui.map.projection import MapProjection

ZOOM_STEP = 1.25
MIN_PX_PER_M, MAX_PX_PER_M = 256 / (2 * HALF_WORLD), 20.0  # whole world .. a few cm per pixel
_CLICK_SLOP = 4  # pixels a press may move and still count as a click, not a drag
_BACKGROUND = QColor("#F2EFE9")


class MapTool(Protocol):
    """A drawing tool takes over clicks; the view still pans with the middle button and zooms."""

    def press(self, scene_pos: QPointF, event: QMouseEvent) -> None: ...
    def move(self, scene_pos: QPointF) -> None: ...
    def release(self, scene_pos: QPointF) -> None: ...
    def double_click(self, scene_pos: QPointF) -> None: ...
    def key(self, event: QKeyEvent) -> bool: ...


class MapView(QGraphicsView):
    clicked = Signal(str, str)  # kind ("estate" | "building" | "photo" | ""), uuid
    cursor_moved = Signal(float, float)  # WGS-84 lon, lat under the mouse
    view_changed = Signal()

    def __init__(self, projection: MapProjection, parent: QWidget | None = None) -> None:
        self._scene = QGraphicsScene()
        super().__init__(self._scene, parent)
        self._scene.setParent(self)
        self.projection = projection
        self._scene.setSceneRect(
            QRectF(-2 * HALF_WORLD, -2 * HALF_WORLD, 4 * HALF_WORLD, 4 * HALF_WORLD)
        )
        self._scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        # Overlays are pinned to the viewport: a scrolled copy of the old frame would smear them.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.basemap: Basemap | None = None
        self.legend_title = ""
        self.legend: list[tuple[QColor, str]] = []
        self.tool: MapTool | None = None
        self._press_at: QPoint | None = None
        self.tiles_drawn = 0
        self.hit_batches: Callable[[], list] = list  # set by the owner of the layers
        self.scale(0.1, 0.1)

    # ---------------------------------------------------------------- zoom
    def pixels_per_metre(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float, anchor: QPoint | None = None) -> None:
        target = min(MAX_PX_PER_M, max(MIN_PX_PER_M, self.pixels_per_metre() * factor))
        factor = target / self.pixels_per_metre()
        if anchor is None:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.scale(factor, factor)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.view_changed.emit()

    def zoom_to(self, rect: QRectF, *, margin: float = 0.1, min_size: float = 300.0) -> None:
        """Fit scene `rect` (grown to at least `min_size` metres, so a point is not shown at 1 cm/px)."""
        if rect.isNull() or not rect.isValid():
            rect = QRectF(
                rect.center() - QPointF(min_size / 2, min_size / 2),
                rect.center() + QPointF(min_size / 2, min_size / 2),
            )
        grow_w = max(rect.width() * margin, (min_size - rect.width()) / 2, 0)
        grow_h = max(rect.height() * margin, (min_size - rect.height()) / 2, 0)
        self.fitInView(
            rect.adjusted(-grow_w, -grow_h, grow_w, grow_h), Qt.AspectRatioMode.KeepAspectRatio
        )
        self.view_changed.emit()

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def centre_lon_lat(self) -> tuple[float, float]:
        return self.projection.to_lon_lat(self.visible_scene_rect().center())

    # ---------------------------------------------------------------- input
    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP**steps, event.position().toPoint())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.tool is not None and self.tool.key(event):
            return
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif event.key() in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(1 / ZOOM_STEP)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._press_at = event.position().toPoint()
        if self.tool is not None and event.button() == Qt.MouseButton.LeftButton:
            self.tool.press(self.mapToScene(self._press_at), event)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        scene_pos = self.mapToScene(event.position().toPoint())
        self.cursor_moved.emit(*self.projection.to_lon_lat(scene_pos))
        if self.tool is not None:
            self.tool.move(scene_pos)
        super().mouseMoveEvent(event)
        if event.buttons():
            self.view_changed.emit()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        if self.tool is not None:
            self.tool.release(self.mapToScene(pos))
        was_click = (
            self._press_at is not None and (pos - self._press_at).manhattanLength() <= _CLICK_SLOP
        )
        self._press_at = None
        if was_click and self.tool is None and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(*self.feature_at(pos))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.tool is not None:
            self.tool.double_click(self.mapToScene(event.position().toPoint()))
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def feature_at(self, pos: QPoint) -> tuple[str, str]:
        """The estate, building or photo under viewport `pos`: markers first (items() lists the top
        first), then the polygon batches, which answer for themselves."""
        for item in self.items(pos):
            if item.data(KIND_ROLE) and item.data(UUID_ROLE):
                return item.data(KIND_ROLE), item.data(UUID_ROLE)
        scene_pos = self.mapToScene(pos)
        for batch in self.hit_batches():
            uuid = batch.uuid_at(scene_pos)
            if uuid:
                return batch.data(KIND_ROLE), uuid
        return "", ""

    # ---------------------------------------------------------------- painting
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        painter.fillRect(rect, _BACKGROUND)
        self.tiles_drawn = 0
        if self.basemap is not None:
            self.tiles_drawn = self.basemap.paint(
                painter, rect, self.pixels_per_metre(), self.projection
            )

    def drawForeground(self, painter: QPainter, _rect: QRectF) -> None:  # noqa: N802
        painter.save()
        painter.resetTransform()
        size = self.viewport().rect()
        lat = self.centre_lon_lat()[1]
        draw_scale_bar(painter, QPointF(16, size.height() - 16), self.pixels_per_metre(), lat)
        draw_north_arrow(painter, QPointF(28, 48))
        if self.legend:
            draw_legend(painter, QPointF(size.width() - 10, 10), self.legend_title, self.legend)
        if self.basemap is not None and self.basemap.source.info.attribution:
            painter.setPen(QColor("#444444"))
            painter.drawText(
                QRectF(0, size.height() - 18, size.width() - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.basemap.source.info.attribution,
            )
        painter.restore()
