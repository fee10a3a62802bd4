"""The template manager: see the checklist templates of the project, import and export their JSON."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.checklists.model import TARGET_LABELS
from retrofit_app.core.checklists.service import ChecklistService
from retrofit_app.core.checklists.template_edit import write_template_set
from retrofit_app.core.checklists.upgrade import CHANGE_LABELS, Upgrade
from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.words import say
from retrofit_app.gui.dialogs.buttons import actions_and_close
from retrofit_app.gui.dialogs.template_sources_dialog import TemplateSourcesDialog
from retrofit_app.gui.error_dialogs import show_error
from retrofit_app.gui.file_dialogs import start_folder


class TemplateManagerDialog(QDialog):
    def __init__(
        self, service: ChecklistService, lang: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.lang = lang
        self.change_list = ""  # the last upgrade's item changes, template step by step
        self.setWindowTitle(self.tr("检查清单模板"))
        self.resize(720, 360)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels(
            [self.tr("名称"), self.tr("编号"), self.tr("版本"), self.tr("范围"), self.tr("条目数")]
        )
        # Code, version, scope and count as wide as their words; the name takes the rest.
        self.list.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel(
            self.tr(
                "导入或编辑得到的新版本用于此后建立的清单；已有清单保留原来的版本，"
                "点“清单升级到最新版”后改用新版，原有答案全部保留。"
            )
        )
        self.note.setWordWrap(True)
        self.import_button = QPushButton(self.tr("导入…"))
        self.export_button = QPushButton(self.tr("导出…"))
        self.edit_button = QPushButton(self.tr("编辑依据…"))
        self.export_set_button = QPushButton(self.tr("导出整套…"))
        self.upgrade_button = QPushButton(self.tr("清单升级到最新版"))
        self.upgrade_button.setEnabled(not service.project.readonly)
        self.import_button.setEnabled(not service.project.readonly)
        self.edit_button.setEnabled(not service.project.readonly)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.note)
        buttons = (self.import_button, self.export_button, self.edit_button,
                   self.export_set_button, self.upgrade_button)  # fmt: skip
        layout.addLayout(actions_and_close(self, *buttons))
        self.import_button.clicked.connect(self._on_import_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.export_set_button.clicked.connect(self._on_export_set_clicked)
        self.upgrade_button.clicked.connect(self._on_upgrade_clicked)
        self.reload()

    def reload(self) -> None:
        self.service.ensure_shipped()
        self.list.clear()
        for template in self.service.templates():
            row = QTreeWidgetItem([
                template.name(self.lang), template.template_id, str(template.version),
                say(TARGET_LABELS[template.scope], self.lang), str(len(template.items)),
            ])  # fmt: skip
            row.setData(0, 256, template.uuid)
            self.list.addTopLevelItem(row)
        self.list.setCurrentItem(self.list.topLevelItem(0))

    def import_file(self, path: Path) -> bool:
        """Import one file; a refused file is explained and nothing changes."""
        try:
            self.service.import_template(Path(path))
        except RetrofitError as error:
            show_error(self, error, self.lang)
            return False
        self.reload()
        return True

    def export_selected(self, path: Path) -> bool:
        row = self.list.currentItem()
        if row is None:
            return False
        try:
            self.service.export_template(row.data(0, 256), Path(path))
        except RetrofitError as error:
            show_error(self, error, self.lang)
            return False
        return True

    def edit_dialog(self) -> TemplateSourcesDialog | None:
        """The sources editor for the selected template (a new version when saved)."""
        row = self.list.currentItem()
        if row is None:
            return None
        return TemplateSourcesDialog(
            self.service, self.service.template(row.data(0, 256)), self.lang, self
        )

    def export_set(self, folder: Path) -> list[Path]:
        """The latest version of every template, one file each, for another district."""
        try:
            return write_template_set(self.service.latest_templates(), Path(folder))
        except RetrofitError as error:
            show_error(self, error, self.lang)
            return []

    def upgrade_all(self) -> str:
        """Every checklist of the project moved to its template's latest version; what changed
        (counted here; each template step's item changes listed in self.change_list)."""
        counts = {"checklists": 0, "added": 0, "retired": 0, "changed": 0}
        steps: dict[tuple[str, int, int], Upgrade] = {}
        try:
            for estate in self.service.project.estates.list():
                for checklist in self.service.outdated(estate.uuid):
                    plan = self.service.upgrade(checklist.uuid)
                    counts["checklists"] += 1
                    steps.setdefault(
                        (plan.new.template_id, plan.old.version, plan.new.version), plan
                    )
                    for change in plan.changes:
                        key = change.kind if change.kind in ("added", "retired") else "changed"
                        counts[key] += 1
        except RetrofitError as error:
            show_error(self, error, self.lang)
        self.change_list = "\n\n".join(self._step_text(plan) for plan in steps.values())
        self.reload()
        return self.tr(
            "已升级 {0} 份清单：新增条目 {1} 次，修改 {2} 次，停用 {3} 次；原有答案全部保留。"
        ).format(counts["checklists"], counts["added"], counts["changed"], counts["retired"])

    def _step_text(self, plan: Upgrade) -> str:
        """'竣工验收检查表 v1 → v2' and a line per item change: what, which item."""
        lines = [f"{plan.new.name(self.lang)} v{plan.old.version} → v{plan.new.version}"]
        colon = "：" if self.lang == "zh" else ": "
        for change in plan.changes:
            item = plan.new.item(change.item_id) or plan.old.item(change.item_id)
            name = item.text(self.lang) if item is not None else change.item_id
            kind = say(CHANGE_LABELS[change.kind], self.lang)
            lines.append(f"  {kind}{colon}{name} ({change.item_id})")
        return "\n".join(lines)

    def _on_upgrade_clicked(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information, self.tr("清单升级"), self.upgrade_all(), parent=self
        )
        if self.change_list:
            box.setDetailedText(self.change_list)  # each item change, under "Show Details"
        box.exec()

    def _on_edit_clicked(self) -> None:
        dialog = self.edit_dialog()
        if dialog is not None and dialog.exec() and dialog.saved is not None:
            self.reload()

    def _on_export_set_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("导出整套模板到文件夹"), start_folder(self.service.project)
        )
        if folder:
            self.export_set(Path(folder))

    def _on_import_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("导入模板"),
            start_folder(self.service.project),
            self.tr("模板 JSON (*.json)"),
        )
        if path:
            self.import_file(Path(path))

    def _on_export_clicked(self) -> None:
        row = self.list.currentItem()
        if row is None:
            return
        suggested = str(
            Path(start_folder(self.service.project)) / f"{row.text(1)}-v{row.text(2)}.json"
        )
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出模板"), suggested, self.tr("模板 JSON (*.json)")
        )
        if path:
            self.export_selected(Path(path))
