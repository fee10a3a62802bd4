"""The tabs of the main window, in order; a tab that fails to load says so in its place.

Tabs are built when first shown (LazyTab): their modules pull in ReportLab, openpyxl and
map code that would otherwise add seconds to start-up.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from collections.abc import Callable
from typing import NamedTuple

from PySide6 import QtCore
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from retrofit_app.gui.context import AppContext

log = logging.getLogger(__name__)


class TabSpec(NamedTuple):  # not a frozen dataclass: that costs start-up 1.3 ms more to define
    name: str  # module gui/tabs/<name>_tab.py
    class_name: str
    title: str  # source text, translated in context "Tabs"
    icon: str  # qtawesome name


TABS: tuple[TabSpec, ...] = (
    TabSpec("map", "MapTab", QT_TRANSLATE_NOOP("Tabs", "地图"), "fa5s.map-marked-alt"),
    TabSpec("overview", "OverviewTab", QT_TRANSLATE_NOOP("Tabs", "概况"), "fa5s.info-circle"),
    TabSpec("checklists", "ChecklistsTab", QT_TRANSLATE_NOOP("Tabs", "检查表"), "fa5s.tasks"),
    TabSpec(
        "consultation", "ConsultationTab", QT_TRANSLATE_NOOP("Tabs", "意见征询"), "fa5s.vote-yea"
    ),
    TabSpec("photos", "PhotosTab", QT_TRANSLATE_NOOP("Tabs", "照片"), "fa5s.images"),
    TabSpec("programme", "ProgrammeTab", QT_TRANSLATE_NOOP("Tabs", "计划与管理"), "fa5s.coins"),
    TabSpec("reports", "ReportsTab", QT_TRANSLATE_NOOP("Tabs", "报告"), "fa5s.file-pdf"),
    TabSpec("dashboard", "DashboardTab", QT_TRANSLATE_NOOP("Tabs", "统计"), "fa5s.chart-bar"),
)


def tab_title(spec: TabSpec) -> str:
    return QCoreApplication.translate("Tabs", spec.title)


class PlaceholderTab(QWidget):
    """Stands where a tab failed to load (a broken install or a bug) and says why."""

    def __init__(self, title: str, problem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel(self.tr("“{0}”功能未能加载：{1}").format(title, problem))
        # QtCore.Qt only here: its enums cost start-up time when imported (see gui/jobs.py).
        self.message.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)


def _tab_class(module: object, spec: TabSpec) -> type[QWidget] | None:
    found = getattr(module, spec.class_name, None)
    if isinstance(found, type) and issubclass(found, QWidget):
        return found
    # Tolerate another class name as long as the module holds exactly one tab class.
    candidates = [
        v for k, v in vars(module).items()
        if k.endswith("Tab") and isinstance(v, type) and issubclass(v, QWidget)
        and v.__module__ == getattr(module, "__name__", None)
    ]  # fmt: skip
    return candidates[0] if len(candidates) == 1 else None


def make_tab(spec: TabSpec, context: AppContext, parent: QWidget | None = None) -> QWidget:
    module_name = _module_name(spec)
    title = tab_title(spec)
    try:
        module = importlib.import_module(module_name)
    except Exception as error:  # noqa: BLE001 - a broken tab must not stop the window
        log.error("tab %s failed to import:\n%s", spec.name, traceback.format_exc())
        return PlaceholderTab(title, f"{type(error).__name__}: {error}", parent)
    cls = _tab_class(module, spec)
    if cls is None:
        log.error("tab %s: no class %s in %s", spec.name, spec.class_name, module_name)
        return PlaceholderTab(title, f"{module_name}.{spec.class_name}?", parent)
    try:
        return cls(context, parent)
    except Exception as error:  # noqa: BLE001
        log.error("tab %s failed to start:\n%s", spec.name, traceback.format_exc())
        return PlaceholderTab(title, f"{type(error).__name__}: {error}", parent)


def _module_name(spec: TabSpec) -> str:
    return f"retrofit_app.gui.tabs.{spec.name}_tab"


class LazyTab(QWidget):
    """Stands in the tab bar for a tab and builds it the first time it is needed."""

    def __init__(self, spec: TabSpec, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.context = context
        self.tab: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure_loaded(self) -> QWidget:
        if self.tab is None:
            self.tab = make_tab(self.spec, self.context, self)
            self._layout.addWidget(self.tab)
        return self.tab


# What the tabs import from the core and third parties, in small steps: the slow part of a tab's
# first import, spread over several turns of the event loop.
_STEPS = (
    "click",
    "dateutil.parser",
    "pluggy",
    "numpy",  # sqlite_utils takes it when it is there
    "sqlite_utils",
    "retrofit_app.core.consultation.service",
    "retrofit_app.core.consultation.roster_import",
    "PIL.Image",
    "retrofit_app.core.photos.service",
    "retrofit_app.core.geo.map_data",
    "retrofit_app.core.geo.geojson_import",
    "reportlab.lib.colors",
    "reportlab.pdfbase.pdfmetrics",
    "reportlab.pdfbase.ttfonts",
    "reportlab.pdfgen.canvas",
    "reportlab.platypus.paragraph",
    "reportlab.platypus",
    "retrofit_app.core.reports.build",
    "retrofit_app.core.reports.acceptance",
    "retrofit_app.core.reports.notice",
    "retrofit_app.core.reports.survey",
)


def _import_quietly(name: str) -> None:
    try:
        importlib.import_module(name)
    except Exception:  # noqa: BLE001 - reported when the tab is built
        log.debug("warm-up import of %s failed", name, exc_info=True)


def warm_up(specs: tuple[TabSpec, ...] = TABS, on_done: Callable[[], None] | None = None) -> None:
    """Import the tab modules ahead of the first click, a module per turn of the event loop.

    On the main thread: PySide6 hooks every import (its __feature__ support), and imports on a
    worker thread beside the window crashed it now and then (seen with a dialog open).
    """
    pending = [*_STEPS, *(_module_name(spec) for spec in specs)]

    def next_one() -> None:
        if not pending:
            if on_done is not None:
                on_done()
            return
        _import_quietly(pending.pop(0))
        QtCore.QTimer.singleShot(0, next_one)

    next_one()
