"""Sizes of views and combos measured from their font and contents, so large fonts and 150 % scaling fit."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent
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


class MeasuredTable(QTableView):
    """A table whose columns sized to their contents are measured once for each set of rows.

    A header in ResizeToContents mode measures every column again at each layout pass (the
    tab shown, a splitter moved, the window resized): showing the Consultation tab the first
    time measured 14 columns of 100 sample rows four times over and froze the window for
    0.6-1.3 s on the district-sized file (issue 21). Here a column's width is measured again
    only when the rows, their texts or the font change, never because the layout moved.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._widths: dict[int, int] = {}
        self._watched: QAbstractItemModel | None = None

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 - Qt's name
        if self._watched is not None:
            for signal in self._signals(self._watched):
                signal.disconnect(self.forget_widths)
        super().setModel(model)
        self._watched = model
        if model is not None:
            for signal in self._signals(model):
                signal.connect(self.forget_widths)
        self.forget_widths()

    @staticmethod
    def _signals(model: QAbstractItemModel) -> tuple:  # noqa: ANN205 - Qt signal instances
        return (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged,
                model.layoutChanged, model.columnsInserted, model.columnsRemoved)  # fmt: skip

    def forget_widths(self, *_args: object) -> None:
        self._widths.clear()

    def sizeHintForColumn(self, column: int) -> int:  # noqa: N802 - Qt's name
        width = self._widths.get(column)
        if width is None:
            width = self._widths[column] = super().sizeHintForColumn(column)
        return width

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.forget_widths()
        super().changeEvent(event)


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
