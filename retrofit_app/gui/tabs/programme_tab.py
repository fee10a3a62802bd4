"""The Programme tab: the selected estate's plan and money, contracts, works, elevators with their
cost shares, long-term management and co-governance meetings (issue 19)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from retrofit_app.core.programme.plan_sheets import LAYOUTS
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.tabs.programme_panels import RecordForm, RecordTable

_BY_KEY = {layout.key: layout for layout in LAYOUTS}


class ProgrammeTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.empty_hint = QLabel(self.tr("请在左侧的小区树中选择一个小区。"))
        self.empty_hint.setStyleSheet("qproperty-alignment: AlignCenter;")
        self.plan = RecordForm(context, _BY_KEY["plan"])
        self.management = RecordForm(context, _BY_KEY["management"])
        self.tables = {
            key: RecordTable(context, _BY_KEY[key])
            for key in ("funds", "contracts", "works", "elevators", "shares", "meetings")
        }
        self.shares_hint = QLabel(self.tr("在上表中选择一部电梯，即可填写其各楼层每户分摊金额。"))
        body = QWidget()
        column = QVBoxLayout(body)
        for panel in (self.plan, self.tables["funds"], self.tables["contracts"], self.tables["works"],
                      self.tables["elevators"], self.shares_hint, self.tables["shares"],
                      self.management, self.tables["meetings"]):  # fmt: skip
            column.addWidget(panel)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.body = scroll
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_hint)
        layout.addWidget(scroll)
        self.tables["elevators"].selected.connect(self.tables["shares"].show_elevator)
        context.selection_changed.connect(lambda _kind, _uuid: self.refresh())
        context.project_changed.connect(self.refresh)
        context.data_changed.connect(self._on_data_changed)
        self.refresh()

    def panels(self) -> list:
        return [self.plan, self.management, *self.tables.values()]

    def refresh(self) -> None:
        estate = self.context.selected_estate_uuid() if self.context.project else None
        self.empty_hint.setVisible(not estate)
        self.body.setVisible(bool(estate))
        shares = self.tables["shares"]
        if shares.estate_uuid != estate:
            shares.owner = None
        shares.estate_uuid = estate
        for panel in self.panels():
            panel.show_estate(estate)

    def _on_data_changed(self, table: str) -> None:
        if table in ("programme", "estates", "buildings", "units"):
            self.refresh()
