"""The signature pad: a box a person signs in with the mouse, a pen (tablet) or a finger (touch
screen of a Windows tablet). It keeps what is drawn as strokes of (x, y, ms) in pad units
(PAD_WIDTH × PAD_HEIGHT, y down, ms since the first touch), the form the project stores."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from retrofit_app.core.signatures import Signature

PAD_WIDTH, PAD_HEIGHT = 600.0, 240.0  # the stored units; the widget keeps their proportions
INK = QColor("#10206a")
Point = tuple[float, float, int]


def _path(
    strokes: list[list[Point]], scale: float, dx: float = 0.0, dy: float = 0.0
) -> QPainterPath:
    path = QPainterPath()
    for stroke in strokes:
        if not stroke:
            continue
        x, y, _ms = stroke[0]
        path.moveTo(dx + x * scale, dy + y * scale)
        if len(stroke) == 1:  # a dot: a tiny line, so it shows
            path.lineTo(dx + x * scale + 0.5, dy + y * scale)
        for x, y, _ms in stroke[1:]:
            path.lineTo(dx + x * scale, dy + y * scale)
    return path


def signature_pixmap(signature: Signature, size: QSize) -> QPixmap:
    """The signature's strokes drawn in a pixmap of `size` (proportions kept), transparent around."""
    ratio = 2.0  # sharp on a high-dpi screen too
    pixmap = QPixmap(size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    scale, dx, dy = signature.fitted(size.width() - 2, size.height() - 2)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(
        QPen(INK, 1.3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    )
    painter.drawPath(_path(signature.strokes, scale, dx + 1, dy + 1))
    painter.end()
    return pixmap


class SignaturePad(QWidget):
    """Strokes drawn with mouse, pen or finger; `changed` after each stroke and on clear()."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        em = self.fontMetrics().height()
        width = max(int(26 * em), 360)
        self.setFixedSize(width, int(width * PAD_HEIGHT / PAD_WIDTH))
        self.setAccessibleName(self.tr("签名板"))
        self._strokes: list[list[Point]] = []
        self._drawing = False
        self._clock = QElapsedTimer()

    # ------------------------------------------------------------------ what was drawn
    def strokes(self) -> list[list[list[float]]]:
        """The strokes as the project stores them: [[[x, y, ms], ...], ...] in pad units."""
        return [[[x, y, ms] for x, y, ms in stroke] for stroke in self._strokes]

    def has_signature(self) -> bool:
        """At least one stroke of two points: what the project accepts as a signature."""
        return any(len(s) >= 2 for s in self._strokes)

    def clear(self) -> None:
        self._strokes = []
        self._drawing = False
        self.update()
        self.changed.emit()

    # ------------------------------------------------------------------ drawing
    def _scale(self) -> float:
        return self.width() / PAD_WIDTH

    def _point(self, position: QPointF) -> Point:
        scale = self._scale()
        x = min(max(position.x() / scale, 0.0), PAD_WIDTH)
        y = min(max(position.y() / scale, 0.0), PAD_HEIGHT)
        if not self._strokes and not self._drawing:
            self._clock.start()  # ms count from the first touch of the signature
        elapsed = self._clock.elapsed() if self._clock.isValid() else 0
        return (round(x, 1), round(y, 1), int(elapsed))

    def _begin(self, position: QPointF) -> None:
        point = self._point(position)
        self._strokes.append([point])
        self._drawing = True
        self.update()

    def _extend(self, position: QPointF) -> None:
        if not self._drawing:
            return
        point = self._point(position)
        if self._strokes[-1][-1][:2] != point[:2]:
            self._strokes[-1].append(point)
            self.update()

    def _end(self, position: QPointF | None = None) -> None:
        if not self._drawing:
            return
        if position is not None:
            self._extend(position)
        self._drawing = False
        self.changed.emit()

    @staticmethod
    def _synthesized(event: QMouseEvent) -> bool:
        """A mouse event Qt made from a touch or a pen: the touch or pen event drew it already."""
        return event.source() != Qt.MouseEventSource.MouseEventNotSynthesized

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton and not self._synthesized(event):
            self._begin(event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if not self._synthesized(event):
            self._extend(event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and not self._synthesized(event):
            self._end(event.position())
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end(event.position())
        event.accept()  # no mouse event made from it

    def event(self, event: object) -> bool:
        if isinstance(event, QTouchEvent):
            points = event.points()
            if points:
                position = points[0].position()  # one finger signs; others are ignored
                kind = event.type()
                if kind == QTouchEvent.Type.TouchBegin:
                    self._begin(position)
                elif kind == QTouchEvent.Type.TouchUpdate:
                    self._extend(position)
                else:  # TouchEnd, TouchCancel
                    self._end(position if kind == QTouchEvent.Type.TouchEnd else None)
            event.accept()
            return True
        return super().event(event)  # type: ignore[arg-type]

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#9a9a9a"), 1))
        painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        base = self.height() * 0.75  # a line to sign on, as on paper
        painter.setPen(QPen(QColor("#c8c8c8"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(self.width() * 0.05, base), QPointF(self.width() * 0.95, base))
        pen = QPen(
            INK, 2.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
        )
        painter.setPen(pen)
        painter.drawPath(_path(self._strokes, self._scale()))
        painter.end()
