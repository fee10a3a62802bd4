"""Sizes of item views measured from their font and contents, so large fonts and 150 % scaling fit."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def em(view: QAbstractItemView) -> int:
    """The width of one Chinese character in the view's font."""
    return view.fontMetrics().horizontalAdvance("中")


def compact_rows(table: QTableView) -> int:
    """Rows one line of text high (the style's default is roomier); returns the row height."""
    height = table.fontMetrics().height() + 8
    table.verticalHeader().setDefaultSectionSize(height)
    table.verticalHeader().setMinimumSectionSize(height)
    return height


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
