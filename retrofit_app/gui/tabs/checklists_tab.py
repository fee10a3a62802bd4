"""The Checklists tab: the lists of the selected estate, building or unit, answered by keyboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.checklists.model import Checklist
from retrofit_app.core.errors import RetrofitError
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.error_dialogs import show_error
from retrofit_app.gui.icons import icon
from retrofit_app.gui.tabs.checklist_defects_panel import DefectsPanel
from retrofit_app.gui.tabs.checklist_source_panel import SourcePanel
from retrofit_app.gui.tabs.checklist_tree import FILTERS, SLOT_ROLE, ChecklistTree
from retrofit_app.gui.tabs.in_front import ReadWhenInFront
from retrofit_app.gui.undo.checklist_answers import AnswerCommand
from retrofit_app.gui.view_sizing import em, shrinkable

_RELOAD_TABLES = ("checklist_answers", "defects")
_REBUILD_TABLES = ("estates", "buildings", "units", "checklists", "checklist_templates")


class ChecklistsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.lang = context.settings.lang
        self.checklists: list[Checklist] = []
        self.checklist: Checklist | None = None
        self._estate_uuid: str | None = None
        self._latest: dict[str, int] = {}  # template id → latest version the project holds
        self.checklist_combo = QComboBox()
        self.checklist_combo.setMinimumContentsLength(30)
        # Both give way in a narrow window (the list's full name is in the popup).
        self.checklist_combo.setMinimumWidth(8 * em(self.checklist_combo))
        self.filter_combo = shrinkable(QComboBox())
        names = (self.tr("全部条目"), self.tr("未答"), self.tr("不合格"), self.tr("有整改问题"))
        for key, name in zip(FILTERS, names, strict=True):
            self.filter_combo.addItem(name, key)
        self.create_button = QPushButton(icon("fa5s.plus"), self.tr("按模板建立检查清单"))
        self.templates_button = QPushButton(icon("fa5s.clipboard-list"), self.tr("模板管理…"))
        self.export_button = QPushButton(icon("fa5s.file-export"), self.tr("导出…"))
        self.progress = QProgressBar()
        self.summary = QLabel()
        self.keys_hint = QLabel(
            self.tr(
                "键盘：↑↓ 移动 · Y 是/合格 · N 否/不合格 · A 不适用 · 1–9 选项 · Enter 下一项或输入 · Delete 清除 · ○ 选填"
            )
        )
        self.keys_hint.setStyleSheet("color: #555555;")
        self.keys_hint.setWordWrap(True)  # one line when there is room, two in a 1024 px window
        self.empty_hint = QLabel(self.tr("请在左侧选择小区、楼栋或单元。"))
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tree = ChecklistTree(self.lang)
        self.defects = DefectsPanel(self.lang)
        self.source = SourcePanel(self.lang)
        self._build_layout()
        self.checklist_combo.currentIndexChanged.connect(self._on_checklist_chosen)
        self.filter_combo.currentIndexChanged.connect(
            lambda _: self.tree.set_filter(self.filter_combo.currentData())
        )
        self.create_button.clicked.connect(self._on_create_clicked)
        self.templates_button.clicked.connect(self._on_templates_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.tree.answer_given.connect(self._on_answer_given)
        self.tree.note_edited.connect(self._on_note_edited)
        self.tree.currentItemChanged.connect(lambda *_: self._show_source())
        self.defects.status_requested.connect(self._on_defect_status)
        self.defects.field_edited.connect(self._on_defect_field)
        self.defects.add_requested.connect(self._on_defect_add)
        # Another estate chosen: read when the tab is in front (issue 21).
        context.selection_changed.connect(ReadWhenInFront(self, self.refresh))
        context.project_changed.connect(self.refresh)
        context.data_changed.connect(self._on_data_changed)
        self.refresh()

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("检查清单")))
        top.addWidget(self.checklist_combo, 1)
        top.addWidget(QLabel(self.tr("显示")))
        top.addWidget(self.filter_combo)
        top.addWidget(self.create_button)
        top.addWidget(self.templates_button)
        top.addWidget(self.export_button)
        bar = QHBoxLayout()
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.summary)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.defects)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(bar)
        body.addWidget(self.keys_hint)
        body.addWidget(self.splitter, 1)
        body.addWidget(self.source)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty_hint, 1)
        layout.addWidget(self.body, 1)

    # ------------------------------------------------------------ showing
    def refresh(self) -> None:
        """Read the checklists of the selection again and show the one shown before, if still there."""
        project = self.context.project
        self._estate_uuid = self.context.selected_estate_uuid() if project is not None else None
        self.checklists = []
        if self._estate_uuid:
            try:
                everything = project.checklists.of_estate(self._estate_uuid)
            except RetrofitError:
                everything = []
            self.checklists = self._of_selection(everything)
        self._latest = (
            {t.template_id: t.version for t in project.checklists.latest_templates()}
            if self.checklists
            else {}
        )
        keep = self.checklist.uuid if self.checklist is not None else None
        self.checklist_combo.blockSignals(True)
        self.checklist_combo.clear()
        for checklist in self.checklists:
            self.checklist_combo.addItem(self._combo_text(checklist), checklist.uuid)
        index = max(0, self.checklist_combo.findData(keep)) if keep else 0
        self.checklist_combo.setCurrentIndex(index if self.checklists else -1)
        self.checklist_combo.blockSignals(False)
        writable = project is not None and not project.readonly
        self.create_button.setVisible(bool(self._estate_uuid) and writable and not self.checklists)
        self.templates_button.setEnabled(project is not None)
        self.export_button.setEnabled(bool(self.checklists))
        self.empty_hint.setVisible(not self.checklists)
        if self._estate_uuid and not self.checklists:
            self.empty_hint.setText(self.tr("此处还没有检查清单。点“按模板建立检查清单”建立。"))
        else:
            self.empty_hint.setText(self.tr("请在左侧选择小区、楼栋或单元。"))
        self.body.setVisible(bool(self.checklists))
        self._show(self.checklists[index] if self.checklists else None)
        self._show_defects()

    def _of_selection(self, everything: list[Checklist]) -> list[Checklist]:
        kind, uuid = self.context.selection()
        if kind == "building":
            units = {u.uuid for u in self.context.project.buildings.units(uuid)}
            return [c for c in everything if c.target_uuid == uuid or c.target_uuid in units]
        if kind == "unit":
            return [c for c in everything if c.target_uuid == uuid]
        return everything

    def _combo_text(self, checklist: Checklist) -> str:
        """Name, target and progress; the template version, and the newer one when the project
        holds one (模板管理 upgrades the checklist, keeping its answers)."""
        p = checklist.progress
        template = checklist.template
        text = f"{template.name(self.lang)} v{template.version} — {checklist.target_label}（{p.answered}/{p.required}）"
        newer = self._latest.get(template.template_id, template.version)
        if newer > template.version:
            text += self.tr("  · 模板有新版 v{0}，可在“模板管理”中升级").format(newer)
        return text

    def _show(self, checklist: Checklist | None) -> None:
        self.checklist = checklist
        self.tree.show_checklist(checklist)
        self._show_progress()
        self._show_source()

    def _show_source(self) -> None:
        """The current item's sources in the panel under the list."""
        row = self.tree.currentItem()
        slot = row.data(0, SLOT_ROLE) if row is not None else None
        item = self.checklist.template.item(slot[0]) if slot and self.checklist else None
        self.source.show_item(item)

    def _show_progress(self) -> None:
        checklist = self.checklist
        if checklist is None:
            return
        p = checklist.progress
        self.progress.setMaximum(max(p.required, 1))
        self.progress.setValue(p.answered if p.required else 1)
        self.progress.setFormat(self.tr("必填已答 {0} / {1}").format(p.answered, p.required))
        self.summary.setText(
            self.tr("不合格 {0} 项 · 未关闭整改 {1} 个").format(p.failed, p.open_defects)
        )
        index = self.checklist_combo.findData(checklist.uuid)
        if index >= 0:
            self.checklist_combo.setItemText(index, self._combo_text(checklist))

    def _show_defects(self) -> None:
        project = self.context.project
        if project is None or not self._estate_uuid:
            self.defects.show_defects([], True)
            return
        defects = project.checklists.defects.of_estate(
            self._estate_uuid, lang=self.context.settings.lang
        )
        if self.context.selection()[0] in ("building", "unit"):
            # A building or unit shows the defects of its own lists; the estate shows them all.
            shown = {c.uuid for c in self.checklists}
            defects = [d for d in defects if d.checklist_uuid in shown]
        self.defects.show_defects(defects, project.readonly)

    def _reload_current(self) -> None:
        """After an answer: the same rows, new values; cheap, so every key press can do it."""
        project = self.context.project
        if project is None or self.checklist is None:
            return
        try:
            project.checklists.reload(self.checklist)
        except RetrofitError:
            self.refresh()
            return
        self.tree.refresh_rows()
        self._show_progress()
        self._show_defects()

    # ------------------------------------------------------------ editing
    def _on_answer_given(self, item_id: str, stage: str, value: Any) -> None:
        self._answer(item_id, stage, value, None)

    def _on_note_edited(self, item_id: str, stage: str, note: str) -> None:
        current = self.checklist.answers.get((item_id, stage)) if self.checklist else None
        self._answer(item_id, stage, current.value if current else None, note)

    def _answer(self, item_id: str, stage: str, value: Any, note: str | None) -> None:
        project, checklist = self.context.project, self.checklist
        if project is None or checklist is None:
            return
        before = checklist.answers.get((item_id, stage))
        old = (before.value, before.note) if before else (None, "")
        try:
            project.checklists.answer(checklist.uuid, item_id, stage, value, note)
        except RetrofitError as error:
            show_error(self.window(), error, self.context.settings.lang)
            return
        item = checklist.template.item(item_id)
        text = self.tr("回答“{0}”").format(item.text(self.lang))
        self.context.undo_stack.push(
            AnswerCommand(self, checklist.uuid, (item_id, stage), (value, note), old, text)
        )
        self._reload_current()
        self.context.show_status(text)

    def _on_defect_status(self, uuid: str, status: str) -> None:
        self._defect_action(lambda defects: defects.set_status(uuid, status))

    def _on_defect_field(self, uuid: str, field: str, text: str) -> None:
        self._defect_action(lambda defects: defects.update(uuid, **{field: text}))

    def _on_defect_add(self) -> None:
        """A defect found on site that no answer opened; tied to the current row's item if any."""
        if self._estate_uuid is None or self.checklist is None:
            return
        row = self.tree.currentItem()
        slot = row.data(0, SLOT_ROLE) if row is not None else None
        text, ok = QInputDialog.getText(self, self.tr("新增整改问题"), self.tr("问题描述："))
        if not ok or not text.strip():
            return
        checklist_uuid, item_id = self.checklist.uuid, slot[0] if slot else ""
        self._defect_action(
            lambda defects: defects.add(
                self._estate_uuid, text, checklist_uuid=checklist_uuid, item_id=item_id
            )
        )

    def _defect_action(self, action) -> None:  # noqa: ANN001
        project = self.context.project
        if project is None:
            return
        try:
            action(project.checklists.defects)
        except RetrofitError as error:
            show_error(self.window(), error, self.context.settings.lang)
        self._reload_current()
        self._show_defects()

    def _on_create_clicked(self) -> None:
        project = self.context.project
        if project is None or not self._estate_uuid:
            return
        try:
            project.checklists.create_for_estate(self._estate_uuid)
        except RetrofitError as error:
            show_error(self.window(), error, self.context.settings.lang)
        self.context.notify_changed("checklists")

    def _on_templates_clicked(self) -> None:
        from retrofit_app.gui.dialogs.template_manager_dialog import TemplateManagerDialog

        if self.context.project is not None:
            TemplateManagerDialog(
                self.context.project.checklists, self.context.settings.lang, self
            ).exec()
            self.context.notify_changed("checklist_templates")

    def _on_export_clicked(self) -> None:
        from retrofit_app.core.checklists.export import export_checklists

        project = self.context.project
        if project is None or not self._estate_uuid:
            return
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("导出检查清单"),
            self.context.start_folder(),
            self.tr("Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"),
        )
        if not path:
            return
        fmt = "csv" if path.lower().endswith(".csv") or "csv" in chosen.lower() else "xlsx"
        try:
            count = export_checklists(project, self._estate_uuid, path, fmt, lang=self.lang)
        except RetrofitError as error:
            show_error(self.window(), error, self.context.settings.lang)
            return
        self.context.show_status(self.tr("已导出 {0} 行到 {1}").format(count, path))

    # ------------------------------------------------------------ slots
    def _on_checklist_chosen(self, index: int) -> None:
        self._show(self.checklists[index] if 0 <= index < len(self.checklists) else None)

    def _on_data_changed(self, table: str) -> None:
        if table in _RELOAD_TABLES:
            self._reload_current()
        elif table in _REBUILD_TABLES:
            self.refresh()
