"""The Reports tab's options for the programme review: period, district and PDF or XLSX (issue 19)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QWidget

from retrofit_app.core.programme.review_figures import ReviewScope, review_choices
from retrofit_app.core.programme.review_period import parse_period
from retrofit_app.core.reports import ReportOptions
from retrofit_app.core.reports.options import fill_doc_number
from retrofit_app.core.reports.review import KIND_LETTERS
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.tabs.dashboard_tab import current_half


class ReviewOptionsPanel(QGroupBox):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("评估期间与范围"), parent)
        self.context = context
        self.period_edit = QLineEdit(current_half())
        self.period_edit.setPlaceholderText("2025H1 / 2025 / 2021-2023")
        self.district_combo = QComboBox()
        self.format_combo = QComboBox()
        self.format_combo.addItem(self.tr("PDF 报告"), "pdf")
        self.format_combo.addItem(self.tr("XLSX 表格"), "xlsx")
        form = QFormLayout(self)
        form.addRow(self.tr("期间"), self.period_edit)
        form.addRow(self.tr("区"), self.district_combo)
        form.addRow(self.tr("格式"), self.format_combo)

    def refresh(self) -> None:
        self.district_combo.clear()
        self.district_combo.addItem(self.tr("全部区"), "")
        if self.context.project is not None:
            for name in review_choices(self.context.project).districts:
                self.district_combo.addItem(name, name)

    def format(self) -> str:
        return self.format_combo.currentData()

    def doc_number(self, options: ReportOptions) -> str:
        """The 文号 the review gets: the period stands where an estate's code would."""
        day = options.report_date()
        values = {"code": self.period_label(), "kind": KIND_LETTERS, "date": day,
                  "year": day.year, "seq": 1}  # fmt: skip
        return fill_doc_number(options.doc_number_pattern, values)

    def period_label(self) -> str:
        return "".join(self.period_edit.text().split()).upper()

    def default_name(self) -> str:
        district = self.district_combo.currentData() or ""
        suffix = "xlsx" if self.format() == "xlsx" else "pdf"
        name = self.tr("改造评估")
        return f"{district}{self.period_label()}-{name}.{suffix}"

    def work(
        self, out: Path, options: ReportOptions, font: str | None
    ) -> Callable[[Callable, Callable], Any]:
        """The build to run on a pool thread; the period is checked here first (a sentence, no job)."""
        period = parse_period(self.period_edit.text())
        scope = ReviewScope(district=self.district_combo.currentData() or "")
        factory, as_xlsx = self.context.project_factory(), self.format() == "xlsx"

        def work(progress, cancelled):  # noqa: ANN001, ANN202 - runs on a pool thread
            with factory() as project:
                if as_xlsx:
                    from retrofit_app.core.reports.review_xlsx import write_review_xlsx

                    write_review_xlsx(project, period, out, scope=scope, lang=options.language)
                    return out
                from retrofit_app.core.reports.review import build_review_report

                return build_review_report(project, period, out, scope=scope, options=options,
                                           font_path=font, progress=progress, cancelled=cancelled)  # fmt: skip

        return work
