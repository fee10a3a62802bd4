"""What the map paints over itself in screen pixels: scale bar, north arrow, legend."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPolygonF

from retrofit_app.core.geo.mercator import ground_metres
from retrofit_app.core.geo.scale_bar import nice_length, scale_text


def draw_scale_bar(painter: QPainter, corner: QPointF, pixels_per_metre: float, lat: float) -> str:
    """At most 120 px long, measured in ground metres at the view's latitude; returns its text."""
    ground_per_px = ground_metres(1 / pixels_per_metre, lat)
    length = nice_length(120 * ground_per_px)
    if length <= 0:
        return ""
    px = length / ground_per_px
    text = scale_text(length)
    x, y = corner.x(), corner.y()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 200))
    painter.drawRect(QRectF(x - 6, y - 22, px + 12, 30))
    painter.setPen(QPen(QColor("black"), 2))
    painter.drawLine(QPointF(x, y), QPointF(x + px, y))
    painter.drawLine(QPointF(x, y - 5), QPointF(x, y))
    painter.drawLine(QPointF(x + px, y - 5), QPointF(x + px, y))
    painter.drawText(QRectF(x, y - 22, px, 16), Qt.AlignmentFlag.AlignCenter, text)
    return text


def draw_north_arrow(painter: QPainter, centre: QPointF) -> None:
    """Web Mercator keeps north straight up, so the arrow never turns."""
    x, y = centre.x(), centre.y()
    painter.setPen(QPen(QColor("black"), 1))
    painter.setBrush(QColor("black"))
    painter.drawPolygon(QPolygonF([QPointF(x, y - 18), QPointF(x + 8, y + 8), QPointF(x, y + 2)]))
    painter.setBrush(QColor("white"))
    painter.drawPolygon(QPolygonF([QPointF(x, y - 18), QPointF(x - 8, y + 8), QPointF(x, y + 2)]))
    font = QFont(painter.font())
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(x - 10, y - 36, 20, 16), Qt.AlignmentFlag.AlignCenter, "N")


def draw_legend(
    painter: QPainter, corner: QPointF, title: str, entries: list[tuple[QColor, str]]
) -> QRectF:
    """A boxed legend whose top-right corner is `corner`; returns its rectangle."""
    metrics = QFontMetrics(painter.font())
    line = metrics.height() + 4
    width = (
        max(
            [metrics.horizontalAdvance(title)]
            + [metrics.horizontalAdvance(t) + 22 for _, t in entries]
        )
        + 16
    )
    box = QRectF(corner.x() - width, corner.y(), width, line * (len(entries) + 1) + 8)
    painter.setPen(QPen(QColor("#888888"), 1))
    painter.setBrush(QColor(255, 255, 255, 225))
    painter.drawRoundedRect(box, 4, 4)
    painter.setPen(QColor("black"))
    painter.drawText(
        QRectF(box.left() + 8, box.top() + 4, width, line), Qt.AlignmentFlag.AlignVCenter, title
    )
    for i, (colour, text) in enumerate(entries, start=1):
        top = box.top() + 4 + i * line
        painter.setPen(QPen(colour.darker(130), 1))
        painter.setBrush(colour)
        painter.drawRect(QRectF(box.left() + 8, top + (line - 12) / 2, 14, 12))
        painter.setPen(QColor("black"))
        painter.drawText(
            QRectF(box.left() + 28, top, width, line), Qt.AlignmentFlag.AlignVCenter, text
        )
    return box
