"""Sizes of views and combos measured from their font and contents, so large fonts and 150 % scaling fit."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableView, QWidget


def em(widget: QWidget) -> int:
    """The width of one Chinese character in the widget's font."""
    return widget.fontMetrics().horizontalAdvance("中")


def shrinkable(combo: QComboBox, chars: int = 6) -> QComboBox:
    """As wide as its longest entry when there is room, down to `chars` characters when not.

    A combo otherwise never gets narrower than its longest entry ("All checklist items", a
    long checklist item), which set the whole window's minimum width.
    """
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.setMinimumWidth(chars * em(combo))
    return combo


def compact_rows(table: QTableView) -> None:
    """Rows one line of text high (the style's default is roomier)."""
    height = table.fontMetrics().height() + 8
    table.verticalHeader().setDefaultSectionSize(height)
    table.verticalHeader().setMinimumSectionSize(height)


def show_rows(table: QTableView, rows: int) -> None:
    """Keep at least `rows` rows (and the header) in view however the panel around is squeezed."""
    header = table.horizontalHeader()
    rows_height = rows * table.verticalHeader().defaultSectionSize()
    table.setMinimumHeight(header.sizeHint().height() + rows_height + 2 * table.frameWidth())


def columns_width(table: QTableView, columns: range) -> int:
    """The width that shows `columns` in full with the vertical scroll bar and the frame."""
    header: QHeaderView = table.horizontalHeader()
    widest = header.maximumSectionSize()
    width = sum(
        min(max(table.sizeHintForColumn(c), header.sectionSizeHint(c)), widest) for c in columns
    )
    return width + table.verticalScrollBar().sizeHint().width() + 2 * table.frameWidth()


def fit_on_screen(window: QWidget, width: int, height: int) -> None:
    """Resize a dialog to `width` × `height`, but never beyond 90 % of the screen it opens on.

    A 1000 × 780 photo dialog did not fit a 1024 × 768 screen (its title bar and buttons
    went off the edge), nor a 1366 × 768 laptop at 125 %.
    """
    screen = window.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    if room is not None:
        width, height = min(width, room.width() * 9 // 10), min(height, room.height() * 9 // 10)
    window.resize(width, height)
