"""The acceptance conclusion as the report will print it, shown before the report is built, with
the cross-checks and the way for the team to accept over open items (with a reason)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.checklists.acceptance_verdict import (
    AcceptanceVerdict,
    Verdict,
    acceptance_verdict,
    record_override,
)
from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.words import in_language, say
from retrofit_app.gui.context import AppContext

_SHOWN = 5  # remaining items and warnings named before "…"
_COLOURS = {
    Verdict.ACCEPTED: "#1B5E20",
    Verdict.REINSPECT: "#8A5A00",
    Verdict.REJECTED: "#B00020",
    Verdict.NOT_INSPECTED: "#555555",
}


class AcceptanceVerdictPanel(QWidget):
    overridden = Signal()  # the team's override was recorded

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.estate_uuid: str | None = None
        self.verdict: AcceptanceVerdict | None = None
        self.headline = QLabel()
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.override_button = QPushButton(self.tr("验收组仍同意通过…"))
        self.override_button.setToolTip(
            self.tr("在未整改项上仍同意通过时，记录记录人、时间和理由（印在报告上，记入审计日志）")
        )
        self.override_button.clicked.connect(self._on_override_clicked)
        row = QHBoxLayout()
        row.addWidget(self.headline, 1)
        row.addWidget(self.override_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.details)

    def show_estate(self, estate_uuid: str | None) -> None:
        self.estate_uuid = estate_uuid
        project = self.context.project
        if project is None or not estate_uuid:
            self.verdict = None
            self.hide()
            return
        lang = self.context.settings.lang
        try:
            self.verdict = acceptance_verdict(project, estate_uuid, lang)
        except RetrofitError as error:
            self.verdict = None
            self.headline.setText(self.context.sentence(error))
            self.details.clear()
            self.override_button.hide()
            return
        self._show(self.verdict, lang)

    def _show(self, verdict: AcceptanceVerdict, lang: str) -> None:
        words = say(f"acc_verdict.{verdict.verdict}", lang)
        self.headline.setText(self.tr("验收结论：{0}").format(words))
        colour = _COLOURS[verdict.verdict]
        self.headline.setStyleSheet(f"color: {colour}; font-weight: bold;")
        lines = []
        if verdict.draft:
            lines.append(self.tr("报告将作为草稿打印（每页带“草稿”水印）。"))
        if verdict.remaining:
            names = [in_language(i.name, i.name.en, lang) for i in verdict.remaining]
            more = "…" if len(names) > _SHOWN else ""
            lines.append(
                self.tr("尚未检查 {0} 项：{1}{2}").format(
                    len(names), "、".join(names[:_SHOWN]), more
                )
            )
        if verdict.unresolved:
            lines.append(self.tr("待整改问题 {0} 项").format(len(verdict.unresolved)))
        if verdict.override is not None:
            o = verdict.override
            lines.append(
                self.tr("已由 {0} 于 {1} 记录同意通过，理由：{2}").format(o.by, o.at, o.reason)
            )
        for warning in verdict.warnings[:_SHOWN]:
            lines.append("⚠ " + say(warning.code, lang, **warning.params))
        if len(verdict.warnings) > _SHOWN:
            lines.append(
                self.tr("另有 {0} 条核查提示，见报告。").format(len(verdict.warnings) - _SHOWN)
            )
        self.details.setText("\n".join(lines))
        can_override = verdict.override is None and verdict.derived in (
            Verdict.REINSPECT,
            Verdict.REJECTED,
        )
        readonly = self.context.is_readonly()
        self.override_button.setVisible(can_override)
        self.override_button.setEnabled(can_override and not readonly)
        self.show()

    def _on_override_clicked(self) -> None:
        project = self.context.project
        if project is None or not self.estate_uuid:
            return
        reason, ok = QInputDialog.getMultiLineText(
            self,
            self.tr("验收组仍同意通过"),
            self.tr(
                "尚有未整改或不合格的项目。请写明验收组仍同意通过的理由；"
                "记录人（{0}）、时间和理由将印在报告上并记入审计日志。"
            ).format(project.user),
        )
        if not ok or not reason.strip():
            return
        try:
            record_override(project, self.estate_uuid, reason)
        except RetrofitError as error:
            QMessageBox.warning(self, self.tr("不能记录"), self.context.sentence(error))
            return
        self.context.notify_changed("checklist_answers")
        self.show_estate(self.estate_uuid)
        self.overridden.emit()
