"""Widgets in a row that wraps onto more rows when the window is too narrow (tool bars, filters)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget


def pack(widths: list[int], width: int) -> list[list[int]]:
    """Indexes of `widths` filled into rows of at most `width`, in order; each row holds one at least."""
    rows: list[list[int]] = []
    used = width + 1  # the first widget starts a row
    for index, needed in enumerate(widths):
        if used + needed > width:
            rows.append([])
            used = 0
        rows[-1].append(index)
        used += needed
    return rows


def preferred_width(widget: QWidget) -> int:
    """The width a widget wants in one line; a word-wrapping label's size hint is narrower."""
    if isinstance(widget, QLabel) and widget.wordWrap():
        margins = widget.contentsMargins()
        return (
            widget.fontMetrics().horizontalAdvance(widget.text()) + margins.left() + margins.right()
        )
    return widget.sizeHint().width()


class WrappingRow(QWidget):
    """Widgets side by side while they fit at their preferred width, wrapped onto more rows when not.

    A QToolBar that is too wide drops its last tools into an overflow popup that keyboard
    users and screen readers hardly find, and a row of combos squeezes every one of them
    until its words are cut. In groups, they share one row in a wide window and wrap in a
    narrow one (1024 px in English, 150 % scaling, a larger system font).
    """

    def __init__(
        self, widgets: list[QWidget], stretch: QWidget | None = None, parent: QWidget | None = None
    ) -> None:
        """`stretch`: the widget that takes a row's spare room (else the row ends in space)."""
        super().__init__(parent)
        self.widgets, self.stretch = widgets, stretch
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(0)
        self.rows: list[list[int]] = []
        self._arrange([list(range(len(widgets)))])

    def row_count(self) -> int:
        return len(self.rows)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._repack(event.size().width())

    def event(self, event: QEvent) -> bool:
        # A widget's words changed ("整改问题：3 个未关闭"): it may no longer fit its row.
        if event.type() == QEvent.Type.LayoutRequest and self.isVisible():
            self._repack(self.width())
        return super().event(event)

    def _repack(self, width: int) -> None:
        rows = pack([preferred_width(widget) for widget in self.widgets], width)
        if rows != self.rows:
            self._arrange(rows)

    def _arrange(self, rows: list[list[int]]) -> None:
        while (old := self.column.takeAt(0)) is not None:
            row = old.layout()
            while row is not None and row.takeAt(0) is not None:
                pass  # the widgets stay children of self; only the row layouts go
            if row is not None:
                row.deleteLater()
        for indexes in rows:
            row = QHBoxLayout()
            row.setSpacing(0)
            for index in indexes:
                row.addWidget(self.widgets[index], 1 if self.widgets[index] is self.stretch else 0)
            if self.stretch is None:
                row.addStretch(1)
            self.column.addLayout(row)
        self.rows = rows


def labelled(text: str, widget: QWidget, gap: int = 12) -> QWidget:
    """A label and its field as one piece for a WrappingRow (they never land on different rows)."""
    piece = QWidget()
    layout = QHBoxLayout(piece)
    layout.setContentsMargins(0, 0, gap, 0)
    label = QLabel(text)
    label.setBuddy(widget)
    layout.addWidget(label)
    layout.addWidget(widget)
    return piece
