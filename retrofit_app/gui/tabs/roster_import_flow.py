"""Importing a household roster from the window: read in the background, ask about rejected rows, write,
then tell which flats were kept to settle and which spellings were taken as one place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from retrofit_app.core.consultation.roster import RosterPlan, read_roster
from retrofit_app.core.consultation.roster_import import ImportSummary, import_roster
from retrofit_app.core.consultation.roster_report import UNPLACED, kept_sentence
from retrofit_app.core.words import say
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.error_dialogs import show_job_error

SHOWN_REJECTIONS = 30


class RosterImportFlow(QObject):
    """Owned by the Consultation tab; `widget` parents its dialogs."""

    def __init__(self, context: AppContext, widget: QWidget) -> None:
        super().__init__(widget)
        self.context = context
        self.widget = widget

    def choose_and_import(self, estate_uuid: str | None) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.widget,
            self.tr("导入住户名册"),
            self.context.start_folder(),
            self.tr("住户名册 (*.csv *.txt *.xlsx);;所有文件 (*)"),
        )
        if path and estate_uuid:
            self.import_file(Path(path), estate_uuid)

    def import_file(self, path: Path, estate_uuid: str) -> None:
        """The user chooses the valid rows or nothing when a row was rejected; both runs are jobs."""
        if self.context.project is None:
            return
        factory = self.context.project_factory()

        def read(progress, cancelled):  # noqa: ANN001, ANN202 - runs on a pool thread
            return read_roster(path, progress=progress, cancelled=cancelled)

        def write(plan: RosterPlan) -> None:
            def work(progress, cancelled):  # noqa: ANN001, ANN202 - runs on a pool thread
                with factory() as project:
                    return import_roster(
                        project, estate_uuid, plan, progress=progress, cancelled=cancelled
                    )

            def done(summary: ImportSummary) -> None:
                self._on_imported(summary, plan)

            self.context.jobs.run(self.tr("导入住户名册"), work, done, self._on_error)

        def checked(plan: RosterPlan) -> None:
            if plan.rejected and not self._accept_valid_rows(plan):
                self.context.show_status(self.tr("未导入任何行。"))
                return
            write(plan)

        self.context.jobs.run(self.tr("读取住户名册"), read, checked, self._on_error)

    def _accept_valid_rows(self, plan: RosterPlan) -> bool:
        lang = self.context.settings.lang
        listed = _listed([r.sentence(lang) for r in plan.rejected])
        text = self.tr("名册中有 {0} 行不合格：\n{1}").format(len(plan.rejected_lines), listed)
        if plan.refused_kept:
            text += "\n\n" + self.tr(
                "其中 {0} 行写明了所在的户：这些户将保留为待核实户，不采用该行的任何内容"
                "（已有的住户信息保持不变），核实前所在单元的表决结果无法得出。"
            ).format(len(plan.refused_kept))
        if plan.unplaced:
            unplaced = [say(UNPLACED, lang, line=line) for line in plan.unplaced]
            text += "\n\n" + _listed(unplaced)
        text += "\n\n" + self.tr("导入其余 {0} 行吗（含待核实户）？选“否”则全部不导入。").format(
            len(plan.rows)
        )
        answer = QMessageBox.question(self.widget, self.tr("导入住户名册"), text)
        return answer == QMessageBox.StandardButton.Yes

    def _on_imported(self, summary: ImportSummary, plan: RosterPlan) -> None:
        self.context.notify_changed("households")
        self.context.show_status(
            self.tr("已导入 {0} 户（新增 {1}，更新 {2}），记录表决 {3} 条；待核实 {4} 户。").format(
                summary.imported,
                summary.households_created,
                summary.households_updated,
                summary.votes_recorded,
                summary.households_kept,
            )
        )
        self._tell_kept_and_merged(summary, plan)

    def _tell_kept_and_merged(self, summary: ImportSummary, plan: RosterPlan) -> None:
        """Flats kept to settle block their unit's result: the user is told which and why."""
        lang = self.context.settings.lang
        kept = [kept_sentence(r.line, r.place, r.problems, lang) for r in summary.kept]
        merged = [m.sentence(lang) for m in (*plan.merged, *summary.merged)]
        parts = []
        if kept:
            intro = self.tr(
                "以下 {0} 户已导入，但保留为待核实户：核实前，所在单元的表决结果无法得出。"
                "请更正名册（补上面积或产权人，改正不合格的行）后重新导入，"
                "或在住户表中核实、删除不存在的户。"
            ).format(len(kept))
            parts.append(intro + "\n" + _listed(kept))
        if merged:
            parts.append(self.tr("以下不同写法已视为同一处：") + "\n" + _listed(merged))
        if parts:
            QMessageBox.information(self.widget, self.tr("导入住户名册"), "\n\n".join(parts))

    def _on_error(self, error: BaseException) -> None:
        show_job_error(self.widget, error, self.context.settings.lang)


def _listed(sentences: list[str]) -> str:
    more = "\n…" if len(sentences) > SHOWN_REJECTIONS else ""
    return "\n".join(sentences[:SHOWN_REJECTIONS]) + more
