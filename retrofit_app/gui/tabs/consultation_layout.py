"""The Consultation tab's body: the household table with the tally and the two lists beside or below it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.gui.tabs.consultation_panels import TallyPanel
from retrofit_app.gui.view_sizing import columns_width


def _titled_box(title: str, inside: QListWidget) -> QGroupBox:
    """A framed box whose title wraps: a group box's own title is never narrower than its words,
    and in English ("Vote history (who, when, what changed)") that squeezed the tally's columns."""
    box = QGroupBox()
    heading = QLabel(title)
    heading.setWordWrap(True)
    heading.setBuddy(inside)
    # Three lines at least, in the list's font (the style's fixed 70 px cost the side column
    # its place beside the table in a 720 px high window); the list scrolls for more.
    inside.setMinimumHeight(3 * inside.fontMetrics().height() + 2 * inside.frameWidth())
    layout = QVBoxLayout(box)
    layout.addWidget(heading)
    layout.addWidget(inside, 1)
    return box


class ConsultationPanes(QWidget):
    """Table and tally side by side when both fit in full, else the tally and lists below the table.

    Side by side, a 1100 px window cut the tally's words ("1幢1…", "公示无…") and pushed the
    households' date out of view; one above the other, both tables show their columns.
    """

    def __init__(
        self,
        table: QTableView,
        last_column: int,
        tally: TallyPanel,
        rule_combo: QComboBox,
        scope_buttons: tuple[QPushButton, ...],
        objections: QListWidget,
        history: QListWidget,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.table, self.last_column, self.tally = table, last_column, tally
        self.arranged = False  # placed for the current rows; cleared when other rows come in
        tally_box = QGroupBox(self.tr("表决统计"))
        tally_layout = QVBoxLayout(tally_box)
        # The rule decides how the tally counts, so it sits with the tally (and the tab's
        # button bar then fits a 1100 px window in English too).
        rule_row = QHBoxLayout()
        rule_row.addWidget(QLabel(self.tr("规则")))
        rule_row.addWidget(rule_combo, 1)
        tally_layout.addLayout(rule_row)
        tally_layout.addWidget(tally)
        # The committee's steps act on the scope selected in the tally table.
        steps = QHBoxLayout()
        steps.addStretch(1)
        for button in scope_buttons:
            steps.addWidget(button)
        tally_layout.addLayout(steps)
        objections_box = _titled_box(self.tr("反对意见与公示异议"), objections)
        history_box = _titled_box(self.tr("表决记录（谁、何时、改了什么）"), history)
        # The two lists stay one above the other; the tally goes above them or to their left.
        lists = QSplitter(Qt.Orientation.Vertical)
        lists.setChildrenCollapsible(False)
        lists.addWidget(objections_box)
        lists.addWidget(history_box)
        # Until arrange() has measured the window, all three side by side: that needs the least
        # height, so a window too short for the side column (a larger system font) is never
        # stretched past the screen's bottom edge on the way.
        self.side = QSplitter(Qt.Orientation.Horizontal)
        self.side.setChildrenCollapsible(False)
        self.side.addWidget(tally_box)
        self.side.addWidget(lists)
        self.side.setStretchFactor(0, 3)
        self.side.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(table)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        # Reading order: the households, the tally's rule, scopes, explanation and steps, the lists.
        chain = (table, rule_combo, tally.table, tally.details_scroll, *scope_buttons, objections,
                 history)  # fmt: skip
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def arrange(self) -> None:
        if not self.isVisible():
            return  # no size yet: arranged when shown
        table_need = columns_width(self.table, range(self.last_column + 1))
        side_need = self.tally.needed_width() + 40  # group box frame and margins
        width, height = self.splitter.width(), self.splitter.height()
        # Side by side the tally and both lists are stacked in one column: it must fit in height too.
        column_need = sum(self.side.widget(i).minimumSizeHint().height() for i in range(2))
        wide = (
            width >= table_need + side_need + self.splitter.handleWidth()
            and height >= column_need + self.side.handleWidth()
        )
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if orientation == self.splitter.orientation() and self.arranged:
            return  # keep what the user dragged
        self.arranged = True
        self.splitter.setOrientation(orientation)
        self.side.setOrientation(Qt.Orientation.Vertical if wide else Qt.Orientation.Horizontal)
        # Sizes from the outer splitter: the side's own geometry is still the old layout's.
        if wide:
            self.splitter.setSizes([table_need, width - table_need])
            # The tally and its explanation first; the two lists scroll in a few lines each.
            lists = 14 * self.fontMetrics().height()
            self.side.setSizes([height - lists, lists])
        else:
            # The households keep the larger part; the explanation scrolls if need be.
            below = min(self.side.minimumSizeHint().height() + 40, height * 2 // 5)
            self.splitter.setSizes([max(height - below, 1), below])
            tally = max(width * 3 // 5, side_need)  # as wide as its columns at least
            self.side.setSizes([tally, width - tally])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.arrange()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.arrange()
