"""The 统计 (Dashboard) tab: the review's figures for the open project, filtered by district, street,
batch and period, with three charts; each figure opens the list of estates behind it (issue 19)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.programme.codes import MEASURES
from retrofit_app.core.programme.review_figures import (
    TARGET_MEASURES,
    Figure,
    ReviewChoices,
    ReviewFigures,
    ReviewScope,
    review_choices,
    review_figures,
)
from retrofit_app.core.programme.review_period import parse_period
from retrofit_app.core.programme.review_tables import figure_name, review_tables, two_places
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.tabs.dashboard_charts import (
    RENDER_HINT,
    elevator_chart,
    investment_chart,
    progress_chart,
)
from retrofit_app.gui.undo.programme import apply_programme_edit
from retrofit_app.gui.view_sizing import em

# Tables whose change moves a figure: the dashboard reloads when one of them is written.
# "programme": what the Programme tab and a target typed here say they changed.
_WATCHED = {"estates", "estate_plans", "estate_funds", "elevators", "estate_works", "opinions",
            "defects", "estate_management", "plan_targets", "buildings", "households",
            "programme"}  # fmt: skip
_TARGET_COLUMN = 3


def current_half(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"{today.year}H{1 if today.month <= 6 else 2}"


class DashboardTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.figures: ReviewFigures | None = None
        self.shown_figure: Figure | None = None
        self.progress_sets: list = []
        self.elevator_sets: list = []
        self.investment_pie = None
        self._generation = 0
        self._stale = False
        self._sized = False
        self.district_combo = QComboBox()
        self.street_combo = QComboBox()
        self.batch_combo = QComboBox()
        self.period_edit = QLineEdit(current_half())
        self.period_edit.setPlaceholderText("2025H1 / 2025 / 2021-2023")
        self.period_edit.setMaximumWidth(12 * em(self))
        self.problem_label = QLabel()
        self.problem_label.setStyleSheet("color: #B00020;")
        self.problem_label.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("指标"),
                self.tr("单位"),
                self.tr("完成"),
                self.tr("目标"),
                self.tr("完成率"),
                self.tr("未能计入"),
            ]
        )
        # Only a target is typed here (for the period and district shown): a double-click on it.
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setToolTip(
            self.tr("双击“目标”一格，可填写本期、本区的计划目标（投资以万元计）。")
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.estates_title = QLabel(self.tr("点击一个数字或图中的柱、扇区，查看其所涉小区。"))
        self.estates_title.setWordWrap(True)
        self.estates_list = QListWidget()
        self.views = [QChartView() for _ in range(3)]
        for view in self.views:
            view.setRenderHint(RENDER_HINT)
            view.setMinimumHeight(18 * em(self))
        self._build_layout()
        self.district_combo.currentIndexChanged.connect(self._on_district_changed)
        self.street_combo.currentIndexChanged.connect(self.reload)
        self.batch_combo.currentIndexChanged.connect(self.reload)
        self.period_edit.editingFinished.connect(self.reload)
        self.table.cellClicked.connect(self._on_table_cell_clicked)
        self.table.itemChanged.connect(self._on_target_typed)
        self.estates_list.itemActivated.connect(self._on_estate_activated)
        self.estates_list.itemClicked.connect(self._on_estate_activated)
        context.project_changed.connect(self.refresh)
        context.data_changed.connect(self._on_data_changed)
        self.refresh()

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        for label, widget in ((self.tr("区"), self.district_combo), (self.tr("街道"), self.street_combo),
                              (self.tr("批次"), self.batch_combo), (self.tr("期间"), self.period_edit)):  # fmt: skip
            form = QFormLayout()
            form.addRow(label, widget)
            filters.addLayout(form)
        filters.addStretch(1)
        # The three charts in a row above; the figures and the estates behind one below, side by side.
        charts = QSplitter(Qt.Orientation.Horizontal)
        for index, view in enumerate(self.views):
            charts.addWidget(view)
            charts.setStretchFactor(
                index, 3 if index == 1 else 2
            )  # the pie's legend names each source
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(self.table)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.estates_title)
        column.addWidget(self.estates_list, 1)
        below.addWidget(side)
        below.setStretchFactor(0, 3)
        below.setStretchFactor(1, 2)
        splitter = self._splitters = QSplitter(Qt.Orientation.Vertical)
        self._chart_row = charts
        splitter.addWidget(charts)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.problem_label)
        layout.addWidget(splitter, 1)

    # ------------------------------------------------------------ loading
    def refresh(self) -> None:
        """A project opened or closed: its districts, streets and batches, then the figures."""
        project = self.context.project
        choices = review_choices(project) if project is not None else ReviewChoices([], [], [])
        self._choices = choices
        for combo, values in (
            (self.district_combo, choices.districts),
            (self.batch_combo, choices.batches),
        ):
            chosen = combo.currentData() or ""
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("全部"), "")
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))  # a change keeps the filter
            combo.blockSignals(False)
        self._fill_streets()
        self.reload()

    def _fill_streets(self) -> None:
        district = self.district_combo.currentData() or ""
        chosen = self.street_combo.currentData() or ""
        self.street_combo.blockSignals(True)
        self.street_combo.clear()
        self.street_combo.addItem(self.tr("全部"), "")
        for owner, street in self._choices.streets:
            if not district or owner == district:
                self.street_combo.addItem(street, street)
        self.street_combo.setCurrentIndex(max(self.street_combo.findData(chosen), 0))
        self.street_combo.blockSignals(False)

    def _on_district_changed(self) -> None:
        self._fill_streets()
        self.reload()

    def scope(self) -> ReviewScope:
        return ReviewScope(
            district=self.district_combo.currentData() or "",
            street=self.street_combo.currentData() or "",
            batch=self.batch_combo.currentData() or "",
        )

    def reload(self) -> None:
        """Work the figures out on a pool thread; only the latest request's answer is shown."""
        if self.context.project is None:
            self._show(None)
            return
        try:
            period = parse_period(self.period_edit.text())
        except RetrofitError as error:
            self.problem_label.setText(error.sentence(self.context.settings.lang))
            return
        self.problem_label.clear()
        self._generation += 1
        generation, scope, factory = self._generation, self.scope(), self.context.project_factory()

        def work(_progress, _cancelled):  # noqa: ANN001, ANN202 - runs on a pool thread
            with factory() as project:
                return review_figures(project, period, scope)

        self.context.jobs.run(
            self.tr("统计"), work, lambda figures: self._on_loaded(generation, figures),
            self._on_failed, quiet=True,
        )  # fmt: skip

    def _on_loaded(self, generation: int, figures: ReviewFigures) -> None:
        if generation == self._generation:
            self._show(figures)

    def _on_failed(self, error: BaseException) -> None:
        if isinstance(error, RetrofitError):
            self.problem_label.setText(error.sentence(self.context.settings.lang))
        else:
            raise error

    def _on_data_changed(self, table: str) -> None:
        if table in _WATCHED:
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        super().showEvent(event)
        if not self._sized:  # the charts get room first: a table's hint would take it all
            self._sized = True
            height, width = max(self.height(), 400), max(self.width(), 700)
            self._splitters.setSizes([height * 3 // 5, height * 2 // 5])
            self._chart_row.setSizes([width * 2 // 7, width * 3 // 7, width * 2 // 7])
        if self._stale:
            self._stale = False
            self.refresh()

    # ------------------------------------------------------------ showing
    def _show(self, figures: ReviewFigures | None) -> None:
        self.figures = figures
        self.table.setRowCount(0)
        self.estates_list.clear()
        self.shown_figure = None
        if figures is None:
            for view in self.views:
                view.setChart(QChart())
            return
        lang = self.context.settings.lang
        summary = next(t for t in review_tables(figures, lang) if t.key == "summary")
        self.table.blockSignals(True)  # filling is not typing a target
        self.table.setRowCount(len(summary.rows))
        for row, values in enumerate(summary.rows):
            name, unit, value, target, share, unknown = values
            figure = summary.figures[row][2]
            if isinstance(value, float) and figure is not None and two_places(figure):
                value = f"{value:.2f}"  # 万元 and 平方米 as the printed review shows them
            for column, text in enumerate((name, unit, value, target, share, unknown)):
                item = QTableWidgetItem("" if text is None else str(text))
                item.setData(Qt.ItemDataRole.UserRole, row)
                editable = column == _TARGET_COLUMN and self._target_measure(figure) is not None
                if not editable:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self._row_figures = [cells[2] for cells in summary.figures]
        progress, self.progress_sets = progress_chart(figures, lang, self.show_estates)
        money, self.investment_pie = investment_chart(figures, lang, self.show_estates)
        elevators, self.elevator_sets = elevator_chart(figures, lang, self.show_estates)
        for view, chart in zip(self.views, (progress, money, elevators), strict=True):
            old = view.chart()
            view.setChart(chart)
            old.deleteLater()

    def _target_measure(self, figure: Figure | None) -> str | None:
        """The plan measure a figure's target is typed for; None where the plan sets none
        (a street or a batch has no targets of its own: the plan sets them by district)."""
        if figure is None or figure.part or self.figures is None:
            return None
        scope = self.figures.scope
        measure = TARGET_MEASURES.get(figure.measure, figure.measure)
        return measure if measure in MEASURES and not (scope.street or scope.batch) else None

    def _on_target_typed(self, item: QTableWidgetItem) -> None:
        """The plan's target for the row's figure, in the period and district shown; one undo step."""
        project, figures = self.context.project, self.figures
        if item.column() != _TARGET_COLUMN or project is None or figures is None:
            return
        figure = self._row_figures[item.row()] if item.row() < len(self._row_figures) else None
        measure = self._target_measure(figure)
        if measure is None or self.context.is_readonly():
            return
        period, district = figures.period.label, figures.scope.district
        uuid = next(
            (d["uuid"] for d in project.programme.districts() if d["name"] == district), None
        )
        old = next(
            (t["target"] for t in project.programme.targets()
             if t["period"] == period and t["measure"] == measure
             and (t["district_uuid"] or None) == uuid),
            "",
        )  # fmt: skip
        typed = item.text().strip()
        label = self.tr("修改计划目标“{0}”").format(figure_name(figure, self.context.settings.lang))
        apply_programme_edit(
            self.context, label,
            lambda p: p.set_target(period, measure, typed, uuid),
            lambda p: p.set_target(period, measure, old, uuid),
            self._target_refused,
        )  # fmt: skip

    def _target_refused(self, error: RetrofitError) -> None:
        self.problem_label.setText(error.sentence(self.context.settings.lang))
        self.reload()  # the target stays as it was

    def _on_table_cell_clicked(self, row: int, _column: int) -> None:
        if self.figures is not None and 0 <= row < len(self._row_figures):
            self.show_estates(self._row_figures[row])

    def show_estates(self, figure: Figure) -> None:
        """The estates behind `figure`, then those it could not count (marked)."""
        self.shown_figure = figure
        lang = self.context.settings.lang
        self.estates_title.setText(
            self.tr("{0}：{1} 个小区计入，{2} 个未能计入（缺日期或数值）").format(
                figure_name(figure, lang), len(figure.estates), len(figure.unknown)
            )
        )
        self.estates_list.clear()
        for refs, mark in ((figure.estates, ""), (figure.unknown, self.tr("（未计入）"))):
            for ref in refs:
                text = self.tr("{0}（{1}）{2}{3}").format(
                    ref.name, ref.code, ref.district, ref.street
                )
                item = QListWidgetItem(text + mark)
                item.setData(Qt.ItemDataRole.UserRole, ref.uuid)
                self.estates_list.addItem(item)

    def _on_estate_activated(self, item: QListWidgetItem) -> None:
        uuid = item.data(Qt.ItemDataRole.UserRole)
        if uuid:
            self.context.select("estate", uuid)
