"""The Reports tab: choose a report and its options, build it in the background, open or print it."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.file_names import next_free_name
from retrofit_app.core.reports import ReportOptions, ReportResult, build_report
from retrofit_app.core.reports.options import GRID_SIZES
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.error_dialogs import show_job_error
from retrofit_app.gui.tabs.acceptance_record_panel import AcceptanceRecordPanel
from retrofit_app.gui.tabs.acceptance_verdict_panel import AcceptanceVerdictPanel
from retrofit_app.gui.tabs.in_front import ReadWhenInFront
from retrofit_app.gui.tabs.report_contents_panel import ReportContentsPanel
from retrofit_app.gui.tabs.report_finish_panel import Finish, ReportFinishPanel
from retrofit_app.gui.tabs.report_preview import ReportPreview, preview_available
from retrofit_app.gui.tabs.review_options_panel import ReviewOptionsPanel
from retrofit_app.gui.view_sizing import em


class ReportsTab(QWidget):
    report_built = Signal(object)  # the ReportResult, once the file is written

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result: ReportResult | None = None
        self.kind_combo = QComboBox()
        for kind, label in (
            ("acceptance", self.tr("竣工验收报告")),
            ("notice", self.tr("居民意见征询结果公示")),
            ("survey", self.tr("调查汇总")),
            ("feasibility", self.tr("加装电梯可行性报告")),
            ("review", self.tr("改造评估（半年通报、年度评估、总评）")),
        ):
            self.kind_combo.addItem(label, kind)
        self.estate_combo = QComboBox()
        self.all_estates = QCheckBox(self.tr("全部小区（调查汇总）"))
        self.scope_combo = QComboBox()
        self.grid_combo = QComboBox()
        for size in GRID_SIZES:
            self.grid_combo.addItem(self.tr("每页 {0} 张").format(size), size)
        saved = ReportOptions.from_saved(context.settings.report)
        self.grid_combo.setCurrentIndex(max(self.grid_combo.findData(saved.photo_grid), 0))
        self.office_edit = QLineEdit(saved.issuing_office)
        self.number_edit = QLineEdit(saved.doc_number_pattern)
        # The parties, dates and contract of the estate's acceptance: kept in the project, per
        # estate (the settings' parties are only the fallback for a role the record lacks).
        self.record_panel = AcceptanceRecordPanel(context)
        self.party_edits = self.record_panel.name_edits
        self.out_edit = QLineEdit()
        self.browse_button = QPushButton(self.tr("浏览…"))
        self.build_button = QPushButton(self.tr("生成报告"))
        self.open_button = QPushButton(self.tr("打开"))
        self.print_button = QPushButton(self.tr("打印"))
        self.verify_button = QPushButton(self.tr("核验报告…"))
        self.verify_button.setToolTip(self.tr("核对报告所依据的记录此后是否改动"))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        # Until a report is built, the status line shows the 文号 the pattern gives (no row of
        # its own: the tab must fit 800 px with a 14 pt font).
        self.number_preview = self.status_label
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #B00020;")
        self.warning_label.hide()
        self.preview = ReportPreview()
        # The conclusion the acceptance report will print, before it is built.
        self.verdict_panel = AcceptanceVerdictPanel(context)
        # The acceptance report's sections and photos.
        self.contents_panel = ReportContentsPanel(context)
        # The programme review's period, district and format (issue 19).
        self.review_panel = ReviewOptionsPanel(context)
        # PDF/A-2b for the archive and the district's digital signature (issue 20).
        self.finish_panel = ReportFinishPanel(context)
        self._signer = ""  # who signed the last report built
        self._verdict_stale = False
        self._show_verdict_in_front = ReadWhenInFront(self, self._show_verdict)
        self._build_layout()
        self.kind_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.estate_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.all_estates.toggled.connect(self._on_choice_changed)
        self.number_edit.textChanged.connect(self._show_number_preview)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.build_button.clicked.connect(self._on_build_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.review_panel.period_edit.textChanged.connect(self._on_choice_changed)
        self.review_panel.district_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.review_panel.format_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.verify_button.clicked.connect(self._on_verify_clicked)
        context.project_changed.connect(self.refresh)
        context.selection_changed.connect(self._on_selection_changed)
        context.data_changed.connect(self._on_data_changed)
        self.refresh()

    def _build_layout(self) -> None:
        what = QFormLayout()
        what.addRow(self.tr("报告"), self.kind_combo)
        what.addRow(self.tr("小区"), self.estate_combo)
        what.addRow("", self.all_estates)
        what.addRow(self.tr("范围"), self.scope_combo)
        what.addRow(self.tr("照片"), self.grid_combo)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.browse_button)
        what.addRow(self.tr("保存到"), out_row)
        settings_box = QGroupBox(self.tr("报告设置"))
        form = QFormLayout(settings_box)
        form.addRow(self.tr("发文单位"), self.office_edit)
        form.addRow(self.tr("文号格式"), self.number_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.build_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.verify_button)
        left = QWidget()
        column = QVBoxLayout(left)
        column.addLayout(what)
        column.addWidget(self.review_panel)
        column.addWidget(self.verdict_panel)
        column.addWidget(self.contents_panel)
        column.addWidget(settings_box)
        column.addWidget(self.finish_panel)
        column.addWidget(self.record_panel)
        column.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        # The options and the estate's acceptance record are taller than a 768 px screen: they
        # scroll; the buttons and what happened stay in sight below them.
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side = QWidget()
        below = QVBoxLayout(side)
        below.setContentsMargins(0, 0, 0, 0)
        below.addWidget(scroll, 1)
        below.addLayout(buttons)
        below.addWidget(self.warning_label)
        below.addWidget(self.status_label)
        splitter.addWidget(side)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        # The party names and the number pattern are long; they must stay readable with larger
        # fonts too, so the width follows the font (34 characters), not pixels.
        left.setMinimumWidth(34 * em(left))
        scroll.setMinimumWidth(left.minimumWidth() + scroll.verticalScrollBar().sizeHint().width())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # ------------------------------------------------------------ state
    def kind(self) -> str:
        return self.kind_combo.currentData()

    def refresh(self) -> None:
        project = self.context.project
        self.estate_combo.blockSignals(True)
        self.estate_combo.clear()
        if project is not None:
            for estate in project.estates.list():
                self.estate_combo.addItem(f"{estate.name}（{estate.code}）", estate.uuid)
            chosen = self.context.selected_estate_uuid()
            if chosen and self.estate_combo.findData(chosen) >= 0:
                self.estate_combo.setCurrentIndex(self.estate_combo.findData(chosen))
        self.estate_combo.blockSignals(False)
        # Its districts filled without a choice made at each: the choice is shown once, below
        # (an acceptance verdict read twice cost the tab's first opening 0.1 s at 1x, issue 21).
        districts = self.review_panel.district_combo
        districts.blockSignals(True)
        self.review_panel.refresh()
        districts.blockSignals(False)
        self._on_choice_changed()

    def _fill_scopes(self) -> None:
        self.scope_combo.clear()
        uuid = self.estate_combo.currentData()
        if self.kind() == "feasibility":  # one unit or one building: no "all"
            self._fill_units(uuid)
            return
        self.scope_combo.addItem(self.tr("全部征询（每个范围一份公示）"), "")
        if self.context.project is None or not uuid:
            return
        for consultation in self.context.project.consultations.of_estate(uuid):
            label = f"{consultation.building_name}{consultation.unit_name}"
            self.scope_combo.addItem(label, label)

    def _fill_units(self, estate_uuid: str | None) -> None:
        """Each unit of the estate (1幢2单元), then each building (1幢) for a record of all its units."""
        project = self.context.project
        if project is None or not estate_uuid:
            return
        buildings = project.buildings.of_estate(estate_uuid)
        for building in buildings:
            for unit in project.buildings.units(building.uuid):
                label = f"{building.name}{unit.name}"
                self.scope_combo.addItem(label, label)
        for building in buildings:
            label = self.tr("{0}（全部单元）").format(building.name)
            self.scope_combo.addItem(label, building.name)

    def _on_choice_changed(self) -> None:
        kind = self.kind()
        self.all_estates.setEnabled(kind == "survey")
        review = kind == "review"
        every = kind == "survey" and self.all_estates.isChecked()
        self.estate_combo.setEnabled(not (every or review))
        self.review_panel.setVisible(review)
        self.scope_combo.setEnabled(kind in ("notice", "feasibility"))
        self.grid_combo.setEnabled(kind in ("acceptance", "feasibility"))
        self.contents_panel.setVisible(kind == "acceptance")
        self.record_panel.setVisible(kind == "acceptance")
        if kind == "acceptance":
            self.record_panel.show_estate(self.estate_combo.currentData())
        if kind in ("notice", "feasibility"):
            self._fill_scopes()
        ready = self._ready()
        self.build_button.setEnabled(ready)
        self.open_button.setEnabled(self.result is not None)
        self.print_button.setEnabled(self.result is not None)
        self.out_edit.setText(str(self._default_out()) if ready else "")
        self._show_number_preview()
        self._show_verdict_in_front()  # read when the tab is in front (issue 21)

    def _ready(self) -> bool:
        """A project is open and, but for the programme review, it has an estate to report on."""
        project = self.context.project
        return project is not None and (self.kind() == "review" or self.estate_combo.count() > 0)

    def _show_verdict(self) -> None:
        self._verdict_stale = False
        if self.kind() == "acceptance" and self.context.project is not None:
            self.verdict_panel.show_estate(self.estate_combo.currentData())
            self.contents_panel.show_estate(self.estate_combo.currentData())
        else:
            self.verdict_panel.hide()

    def _show_number_preview(self) -> None:
        """The 文号 the next report gets, or why the pattern cannot give one."""
        project, uuid = self.context.project, self.estate_combo.currentData()
        code = project.estates.get(uuid).code if project is not None and uuid else "GL-0001"
        try:
            if self.kind() == "review":
                number = self.review_panel.doc_number(self.options())
            else:
                number = self.options().doc_number(self.kind(), code)
        except RetrofitError as error:
            self.number_preview.setStyleSheet("color: #B00020;")
            self.number_preview.setText(error.sentence(self.context.settings.lang))
            self.build_button.setEnabled(False)
            return
        record = self.record_panel.current() if self.kind() == "acceptance" else None
        if record is not None and record.doc_number:  # a second report reuses the acceptance's
            number = record.doc_number
        self.number_preview.setStyleSheet("")
        self.build_button.setEnabled(self._ready())
        self.number_preview.setText(self.tr("本份报告的文号：{0}").format(number))

    def _default_out(self) -> Path:
        project = self.context.project
        folder = project.path.parent if project is not None else Path.home()
        if self.kind() == "review":
            return folder / self.review_panel.default_name()
        name = self.estate_combo.currentText().split("（")[0] or "report"
        if self.kind() == "survey" and self.all_estates.isChecked():
            name = self.tr("全部小区")
        return folder / f"{name}-{self.kind_combo.currentText()}.pdf"

    def _on_selection_changed(self, _kind: str, _uuid: str) -> None:
        chosen = self.context.selected_estate_uuid()
        index = self.estate_combo.findData(chosen) if chosen else -1
        if index >= 0:
            self.estate_combo.setCurrentIndex(index)

    def _on_data_changed(self, table: str) -> None:
        if table in ("estates", "consultations", "votes"):
            self.refresh()
        elif table in ("checklist_answers", "checklists", "defects", "photos", "opinions"):
            self._verdict_stale = True
            if self.isVisible():  # else when the tab is next shown
                self._show_verdict()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._verdict_stale:
            self._show_verdict()

    def options(self) -> ReportOptions:
        settings = self.context.settings
        options = ReportOptions.from_saved(settings.report, language=settings.lang)
        defaults = ReportOptions()
        options.issuing_office = self.office_edit.text().strip() or defaults.issuing_office
        options.doc_number_pattern = self.number_edit.text().strip() or defaults.doc_number_pattern
        options.acceptance = self.record_panel.number()
        options.photo_grid = self.grid_combo.currentData()
        self.contents_panel.apply(options)
        return options

    def _remember(self, options: ReportOptions) -> None:
        """Keep the report settings for the next session (and for the command line)."""
        self.context.settings.report = options.to_saved()
        with contextlib.suppress(OSError):  # settings that cannot be saved must not stop a report
            self.context.settings.save()

    # ------------------------------------------------------------ actions
    def _on_browse_clicked(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存报告"), self.out_edit.text(), "PDF (*.pdf)"
        )
        if chosen:
            self.out_edit.setText(chosen)

    def _on_build_clicked(self) -> None:
        if self.context.project is None:
            return
        # What is typed in the acceptance record is what the report prints.
        modified = self.kind() == "acceptance" and self.record_panel.is_modified()
        if modified and not self.record_panel.save():
            return
        kind, out, options = self.kind(), Path(self.out_edit.text().strip()), self.options()
        out = self._confirm_target(out)
        if out is None:
            return
        self.out_edit.setText(str(out))
        finish = self.finish_panel.finisher()  # the certificate's password, asked before any work
        if finish is None:
            return
        self._remember(options)
        if kind == "review":
            self._build_review(out, options, finish)
            return
        every = kind == "survey" and self.all_estates.isChecked()
        estate_uuid = self.estate_combo.currentData()
        scoped = kind in ("notice", "feasibility")
        scope = self.scope_combo.currentData() or None if scoped else None
        factory = self.context.project_factory()
        font = self.context.settings.pdf_font or None

        def work(progress, cancelled):  # noqa: ANN001, ANN202 - runs on a pool thread
            with factory() as project:
                estates = project.estates.list() if every else [project.estates.get(estate_uuid)]
                return build_report(
                    project, kind, estates, out, scope=scope, options=options, font_path=font,
                    progress=progress, cancelled=cancelled,
                )  # fmt: skip

        self._run(work, finish)

    def _build_review(self, out: Path, options: ReportOptions, finish: Finish) -> None:
        try:  # a mistyped period is said here, before any work starts
            work = self.review_panel.work(out, options, self.context.settings.pdf_font or None)
        except RetrofitError as error:
            self.status_label.setText(error.sentence(self.context.settings.lang))
            return
        self._run(work, finish)

    def _run(self, work: Callable, finish: Finish) -> None:
        """Build on a pool thread, then finish the PDF there (PDF/A-2b, signature)."""

        def build(progress, cancelled):  # noqa: ANN001, ANN202 - runs on a pool thread
            result = work(progress, cancelled)
            signer = finish(result.path) if isinstance(result, ReportResult) else ""
            return result, signer

        self.build_button.setEnabled(False)
        self.status_label.setText(self.tr("正在生成报告…"))
        self.context.jobs.run(self.tr("生成报告"), build, self._on_built, self._on_failed)

    def _confirm_target(self, out: Path) -> Path | None:
        """An earlier report at `out` is replaced only when the user says so; else a new name."""
        if not out.exists():
            return out
        fresh = next_free_name(out)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("报告已存在"),
                          self.tr("{0} 已存在。要覆盖它，还是另存为 {1}？").format(out.name, fresh.name),
                          parent=self)  # fmt: skip
        replace = box.addButton(self.tr("覆盖(&R)"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("另存为新文件(&N)"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        box.exec()
        clicked = box.clickedButton()
        if clicked is replace:
            return out
        return fresh if clicked is keep else None

    def _on_built(self, done: tuple[ReportResult | Path, str]) -> None:
        result, self._signer = done
        if isinstance(result, Path):  # the review as an XLSX workbook: nothing to preview or print
            self.build_button.setEnabled(True)
            self.status_label.setText(self.tr("已生成 {0}").format(result))
            self.context.show_status(self.status_label.text())
            return
        self.result = result
        self.build_button.setEnabled(True)
        self.open_button.setEnabled(True)
        self.print_button.setEnabled(True)
        text = self.tr("已生成 {0}（{1} 页，照片 {2} 张，文号 {3}）").format(
            result.path, result.pages, result.photos, result.doc_number
        )
        finished = self.finish_panel.done_words(self._signer)
        text += self.tr("；") + finished if finished else ""
        self.status_label.setText(text)
        self.context.show_status(text)
        if result.warning:
            self.warning_label.setText(
                RetrofitError(result.warning).sentence(self.context.settings.lang)
            )
            self.warning_label.show()
        else:
            self.warning_label.hide()
        self.preview.show_file(result.path)
        self.report_built.emit(result)

    def _on_failed(self, error: BaseException) -> None:
        self.build_button.setEnabled(True)
        self.status_label.setText("")
        show_job_error(self, error, self.context.settings.lang)

    def _on_open_clicked(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.path)))

    def _on_verify_clicked(self) -> None:
        """核验报告: the records of a report (its PDF, or a code typed from paper) against the project."""
        from retrofit_app.gui.dialogs.verify_report_dialog import VerifyReportDialog

        if self.context.project is not None:
            VerifyReportDialog(self.context, self).exec()

    def _on_print_clicked(self) -> None:
        """The system printer dialog over the preview; without Qt PDF, the system prints the file."""
        if self.result is None:
            return
        if preview_available():
            self.preview.print_document(self)
            return
        path = str(self.result.path)
        if sys.platform == "win32":
            os.startfile(path, "print")  # type: ignore[attr-defined]  # noqa: S606
        elif shutil.which("lp"):
            subprocess.Popen(["lp", path])  # noqa: S603, S607
        else:
            self._on_open_clicked()
