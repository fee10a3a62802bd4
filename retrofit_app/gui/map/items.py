"""Map items that keep their size on screen: point markers and haloed labels."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

KIND_ROLE = (
    0  # item.data(KIND_ROLE): "estate" | "building" | "photo" | "" (labels, reference layers)
)
UUID_ROLE = 1


class MarkerItem(QGraphicsItem):
    """A circle (estates) or a diamond (photos) of a fixed pixel size, centred on its position."""

    def __init__(
        self, pos: QPointF, colour: QColor, radius: float = 6.0, *, diamond: bool = False
    ) -> None:
        super().__init__()
        self.setPos(pos)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        # Painted once into a pixmap: hundreds of antialiased markers otherwise cost a frame each time.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.colour = QColor(colour)
        self.radius = radius
        self.diamond = diamond
        self.emphasised = False

    def boundingRect(self) -> QRectF:  # noqa: N802
        r = self.radius + 3
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(self.boundingRect())  # a generous target is easier to click with a finger
        return path

    def set_colour(self, colour: QColor) -> None:
        self.colour = QColor(colour)
        self.update()

    def set_emphasised(self, on: bool) -> None:
        self.emphasised = on
        self.update()

    def paint(
        self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.radius + (2 if self.emphasised else 0)
        painter.setPen(
            QPen(
                QColor("#000000") if self.emphasised else QColor("white"),
                2 if self.emphasised else 1.5,
            )
        )
        painter.setBrush(QBrush(self.colour))
        if self.diamond:
            painter.drawPolygon([QPointF(0, -r), QPointF(r, 0), QPointF(0, r), QPointF(-r, 0)])
        else:
            painter.drawEllipse(QPointF(0, 0), r, r)


class TextMetrics:
    """Label widths from a per-character cache: thousands of labels share a few hundred characters,
    and asking Qt for each whole string's advance costs ~50 µs a label."""

    def __init__(self, font: QFont) -> None:
        self.font = font
        self._metrics = QFontMetricsF(font)
        self.ascent = self._metrics.ascent()
        self.height = self._metrics.height()
        self._widths: dict[str, float] = {}

    def width(self, text: str) -> float:
        total = 0.0
        for ch in text:
            advance = self._widths.get(ch)
            if advance is None:
                advance = self._widths[ch] = self._metrics.horizontalAdvance(ch)
            total += advance
        return total


class LabelItem(QGraphicsItem):
    """Text with a white halo so it reads over any basemap; its size is fixed in pixels.

    The glyph path is made at the first paint: a project has thousands of building labels
    and most are never shown at the zoom the user works at.
    """

    def __init__(
        self,
        pos: QPointF,
        text: str,
        metrics: TextMetrics,
        *,
        centred: bool = False,
        min_scale: float = 0.0,
    ) -> None:
        super().__init__()
        self.setPos(pos)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        # Painted once into a pixmap: glyph paths are slow to fill every frame.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.text = text
        self.font = metrics.font
        self.min_scale = min_scale  # hidden below this many pixels per metre
        width = metrics.width(text)
        self._origin = QPointF(-width / 2, metrics.ascent / 2 - 1) if centred else QPointF(9, -9)
        self._rect = QRectF(
            self._origin.x() - 3,
            self._origin.y() - metrics.ascent - 3,
            width + 6,
            metrics.height + 6,
        )
        self._paths: tuple[QPainterPath, QPainterPath] | None = None

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def paint(
        self, painter: QPainter, _option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        if self._paths is None:
            path = QPainterPath()
            path.addText(self._origin, self.font, self.text)
            stroker = QPainterPathStroker()
            stroker.setWidth(3)
            self._paths = (stroker.createStroke(path), path)
        halo, path = self._paths
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 220))
        painter.drawPath(halo)
        painter.setBrush(QColor("#222222"))
        painter.drawPath(path)
