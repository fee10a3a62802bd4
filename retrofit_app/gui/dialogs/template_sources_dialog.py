"""Edit an item's sources and threshold, or add a district's local rule: saved as a new version."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.checklists.service import ChecklistService
from retrofit_app.core.checklists.sources import basis_label, sources_text
from retrofit_app.core.checklists.template_edit import (
    confirm_source,
    limit_of,
    local_rule,
    next_version,
    set_sources,
    set_threshold,
    threshold_of,
)
from retrofit_app.core.checklists.template_model import Item, Template
from retrofit_app.core.errors import RetrofitError
from retrofit_app.gui.error_dialogs import show_error


class TemplateSourcesDialog(QDialog):
    def __init__(
        self,
        service: ChecklistService,
        template: Template,
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service, self.template, self.lang = service, template, lang
        self.saved: Template | None = None
        self.setWindowTitle(self.tr("编辑依据与阈值"))
        self.resize(680, 480)
        self.item_combo = QComboBox()
        for item in template.items:
            self.item_combo.addItem(f"{item.text(lang)}  ({item.id})", item.id)
        self.current = QLabel()
        self.current.setWordWrap(True)
        # A source checked against its official text: which one, its clause, the day.
        self.source_combo = QComboBox()
        self.clause = QLineEdit()
        self.clause.setPlaceholderText(self.tr("核对官方文本后填写条文号，如 3.4.5"))
        self.checked = QCheckBox(self.tr("已与官方文本核对"))
        self.checked_on = QDateEdit(QDate.currentDate())
        self.checked_on.setCalendarPopup(True)
        self.checked_on.setDisplayFormat("yyyy-MM-dd")
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(-1e9, 1e9)
        self.threshold.setDecimals(2)
        self.rule_code = QLineEdit()
        self.rule_code.setPlaceholderText(self.tr("如：南京市既有住宅增设电梯实施办法"))
        self.rule_zh = QPlainTextEdit()
        self.rule_zh.setPlaceholderText(self.tr("用自己的话概括要求，不要照抄原文"))
        self.rule_zh.setMaximumHeight(60)
        self.rule_en = QLineEdit()
        self.jurisdiction = QLineEdit(self.tr("南京市"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("本次修改的原因，列入版本变更"))
        form = QFormLayout()
        form.addRow(self.tr("条目"), self.item_combo)
        form.addRow(self.tr("现有依据"), self.current)
        form.addRow(self.tr("核对依据"), self.source_combo)
        checked_row = QHBoxLayout()
        for widget in (self.clause, self.checked, self.checked_on):
            checked_row.addWidget(widget)
        form.addRow(self.tr("条文及核对"), checked_row)
        form.addRow(self.tr("判定阈值"), self.threshold)
        limit_note = QLabel(
            self.tr("法规或规范写明的阈值只能收紧，且须在下面填写给出新阈值的本地规定。")
        )
        limit_note.setWordWrap(True)
        form.addRow("", limit_note)
        form.addRow(self.tr("增加本地规定"), self.rule_code)
        form.addRow(self.tr("要求（中文）"), self.rule_zh)
        form.addRow(self.tr("要求（英文）"), self.rule_en)
        form.addRow(self.tr("适用地区"), self.jurisdiction)
        form.addRow(self.tr("修改说明"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)  # spare height under the form, not between its rows
        layout.addWidget(
            QLabel(self.tr("保存后成为该模板的新版本；已有清单可在之后升级，原有答案保留。"))
        )
        layout.addWidget(buttons)
        self.item_combo.currentIndexChanged.connect(lambda _: self._show_item())
        self._show_item()

    def _show_item(self) -> None:
        item = self.template.item(self.item_combo.currentData())
        if item is None:
            return
        words = sources_text(item, self.lang, detailed=True) or self.tr("（无）")
        self.current.setText(f"{basis_label(item, self.lang)}\n{words}")
        limit = threshold_of(self.template.body, item.id)
        self.threshold.setEnabled(limit is not None)
        self.threshold.setValue(limit if limit is not None else 0)
        self.source_combo.clear()
        for index, source in enumerate(item.sources):
            if source.kind != "programme_rule":  # the programme's own choice has no text to check
                self.source_combo.addItem(source.label(self.lang), index)
        self.source_combo.setEnabled(self.source_combo.count() > 0)
        self.checked.setChecked(False)
        self.clause.clear()

    def _confirmed(self, item: Item) -> int | None:
        """The index of the source ticked as checked against its text, or None."""
        index = self.source_combo.currentData()
        if not self.checked.isChecked() or index is None:
            return None
        source = item.sources[index]
        clause = self.clause.text().strip()
        return None if source.verified and clause in ("", source.clause) else index

    def edited_body(self) -> dict | None:
        """The next version's body with what was typed, or None when nothing changed."""
        item_id = self.item_combo.currentData()
        item = self.template.item(item_id)
        limit = threshold_of(self.template.body, item_id)
        code = self.rule_code.text().strip()
        moved = limit is not None and self.threshold.value() != limit
        confirmed = self._confirmed(item) if item is not None else None
        if item is None or not (code or moved or confirmed is not None):
            return None
        reason = self.note.text().strip() or self.tr("地方调整：{0}").format(item.text("zh"))
        body = next_version(self.template, (reason, reason))
        if code:
            sources = [s for i in body["items"] if i["id"] == item_id for s in i.get("sources", [])]
            words = (self.rule_zh.toPlainText().strip(), self.rule_en.text().strip())
            # A moved limit is the local rule's own: the codes beside it keep theirs.
            limit = limit_of(body, item_id, self.threshold.value()) if moved else None
            rule = local_rule(code, code, words, self.jurisdiction.text().strip(), limit)
            set_sources(body, item_id, [*sources, rule])
        if moved:
            set_threshold(body, item_id, self.threshold.value())
        if confirmed is not None:
            day = self.checked_on.date().toString("yyyy-MM-dd")
            confirm_source(body, item_id, confirmed, self.clause.text().strip(), day)
        return body

    def save(self) -> None:
        body = self.edited_body()
        if body is None:
            self.reject()
            return
        try:
            self.saved = self.service.add_version(body)
        except RetrofitError as error:
            show_error(self, error, self.lang)
            return
        self.accept()
