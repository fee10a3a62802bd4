"""PDF reports: fonts, styles, acceptance, notice, survey (entry point: build_report)."""

from retrofit_app.core.reports.build import ReportResult, build_report
from retrofit_app.core.reports.options import KINDS, ReportOptions

__all__ = ["KINDS", "ReportOptions", "ReportResult", "build_report"]
