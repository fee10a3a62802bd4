"""The Consultation tab: households with owners and votes, live tallies per scope, vote history, roster import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.clock import now_iso
from retrofit_app.core.consultation.opinions import asked_words
from retrofit_app.core.consultation.rules import rule_sets
from retrofit_app.core.consultation.service import HouseholdVote
from retrofit_app.core.consultation.votes import Vote
from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.signatures import Signature
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.dialogs.opinion_dialog import OpinionDialog
from retrofit_app.gui.dialogs.vote_dialog import VoteDialog
from retrofit_app.gui.error_dialogs import show_error
from retrofit_app.gui.formatting import format_integer, format_percent
from retrofit_app.gui.measured_table import MeasuredTable
from retrofit_app.gui.models.household_vote_model import (
    DATE_COLUMN,
    VOTE_COLUMN,
    HouseholdVoteModel,
)
from retrofit_app.gui.tabs.consultation_layout import ConsultationPanes
from retrofit_app.gui.tabs.consultation_panels import ObjectionsList, TallyPanel, VoteHistoryList
from retrofit_app.gui.tabs.identity_questions_panel import IdentityQuestionsPanel
from retrofit_app.gui.tabs.in_front import ReadWhenInFront
from retrofit_app.gui.tabs.roster_import_flow import RosterImportFlow
from retrofit_app.gui.undo.signatures import SignatureCommand
from retrofit_app.gui.undo.votes import ReviewCommand, VoteCommand
from retrofit_app.gui.view_sizing import compact_rows, em

SIZING_SAMPLE_ROWS = 100  # rows measured for column widths, besides those in view


class _VoteDelegate(QStyledItemDelegate):
    """Inline vote editing: a combo box of the four choices in the 意见 column."""

    def createEditor(self, parent: QWidget, _option, index: QModelIndex) -> QWidget:  # noqa: N802, ANN001
        combo = QComboBox(parent)
        for code in ("agree", "object", "abstain", "unreached"):
            combo.addItem(index.model().choices[code], code)
        return combo

    def setEditorData(self, editor: QComboBox, index: QModelIndex) -> None:  # noqa: N802
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QComboBox, model, index: QModelIndex) -> None:  # noqa: N802, ANN001
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ConsultationTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.estate_uuid: str | None = None
        self._reload_in_front = ReadWhenInFront(self, self.reload)  # another estate chosen
        self._arranged_for: tuple[str | None, str | None] = (None, None)  # see reload
        self.scope_uuid: str | None = None
        self.scope_label = QLabel()
        self.opinions_label = QLabel()  # what residents ask for most, and their satisfaction
        self.opinions_label.setWordWrap(True)
        self.rule_combo = QComboBox()
        self.rule_combo.addItem(self.tr("按各征询的规则"), None)
        # Rule titles are long; the combo shows a short part and the full title when opened.
        self.rule_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.rule_combo.setMinimumContentsLength(14)
        for rule in rule_sets().values():
            self.rule_combo.addItem(rule.title(self.context.settings.lang), rule.name)
        self.import_button = QPushButton(self.tr("导入名册…"))
        self.vote_button = QPushButton(self.tr("记录表决…"))
        self.verify_button = QPushButton(self.tr("核实"))
        self.dispute_button = QPushButton(self.tr("有争议…"))
        self.notice_button = QPushButton(self.tr("开始公示…"))
        self.opinion_button = QPushButton(self.tr("记录意见…"))
        self.conclude_button = QPushButton(self.tr("审核结论…"))
        self.model = HouseholdVoteModel(self._record_inline, self)
        self.table = MeasuredTable()  # columns measured once per set of rows
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(VOTE_COLUMN, _VoteDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.table.verticalHeader().hide()
        compact_rows(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Sized from the rows in view and a sample, not every row: a 2,000-household estate
        # froze the window ~1.4 s on each selection measuring every cell (issue 21).
        header.setResizeContentsPrecision(SIZING_SAMPLE_ROWS)
        # A company as owner or several co-owners would push the date out of view; the tooltip has it all.
        # Never narrower than a heading, though: English headings are longer than 8 characters.
        headings = max(header.sectionSizeHint(c) for c in range(self.model.columnCount()))
        header.setMaximumSectionSize(max(8 * em(self.table), headings))
        self.tally_panel = TallyPanel(self.context.settings.lang)
        words = {**self.model.choices, **self.model.methods, **self.model.reviews}
        self.history_list = VoteHistoryList(words)
        self.objections_list = ObjectionsList()
        # Owners the committee must tell apart or join before the scope's result can stand.
        self.identity_panel = IdentityQuestionsPanel(context)
        self.identity_panel.changed.connect(self.refresh_tally)
        self.tally_panel.scope_shown.connect(self._identity_follows_tally)
        self.empty_hint = QLabel(self.tr("请在左侧的小区树中选择小区、楼栋或单元。"))
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._build_layout()
        self.import_button.clicked.connect(self._on_import_clicked)
        # For the main window's File menu (文件 → 导入住户名册…).
        self.import_roster_action = QAction(self.tr("导入住户名册(&I)…"), self)
        self.import_flow = RosterImportFlow(context, self)
        self.import_roster_action.triggered.connect(self._on_import_clicked)
        self.vote_button.clicked.connect(self.open_vote_dialog)
        self.verify_button.clicked.connect(lambda: self.review_current("verified"))
        self.dispute_button.clicked.connect(lambda: self.review_current("disputed"))
        self.notice_button.clicked.connect(self._on_notice_clicked)
        self.conclude_button.clicked.connect(self._on_conclude_clicked)
        self.opinion_button.clicked.connect(self.open_opinion_dialog)
        self.rule_combo.currentIndexChanged.connect(self.refresh_tally)
        self.table.selectionModel().currentRowChanged.connect(self._on_household_changed)
        self.table.doubleClicked.connect(
            lambda index: index.column() != VOTE_COLUMN and self.open_vote_dialog()
        )
        context.selection_changed.connect(self._on_selection_changed)
        context.project_changed.connect(self.reload)
        context.data_changed.connect(self._on_data_changed)
        self.reload()

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.scope_label, 1)
        for button in (self.import_button, self.vote_button, self.verify_button, self.dispute_button,
                       self.opinion_button):  # fmt: skip
            bar.addWidget(button)
        self.panes = ConsultationPanes(
            self.table, DATE_COLUMN, self.tally_panel, self.rule_combo,
            (self.notice_button, self.conclude_button), self.objections_list, self.history_list,
        )  # fmt: skip
        self.splitter, self.side = self.panes.splitter, self.panes.side
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.opinions_label)
        layout.addWidget(self.identity_panel)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.panes, 1)
        QWidget.setTabOrder(self.opinion_button, self.table)  # the bar, then the households

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        project = self.context.project
        self.estate_uuid = self.context.selected_estate_uuid() if project else None
        kind, uuid = self.context.selection()
        self.scope_uuid = uuid if kind in ("building", "unit") else None
        shown = project is not None and self.estate_uuid is not None
        self.empty_hint.setVisible(not shown)
        self.panes.setVisible(shown)
        writable = shown and not self.context.is_readonly()
        self.import_roster_action.setEnabled(writable)
        for widget in (self.import_button, self.vote_button, self.verify_button, self.dispute_button,
                       self.notice_button, self.conclude_button, self.opinion_button):  # fmt: skip
            widget.setEnabled(writable)
        self.model.editable = writable
        if not shown:
            self.model.set_rows([])
            self.scope_label.setText("")
            self.tally_panel.set_scopes([])
            self.identity_panel.show_scope(None, None)
            return
        rows = project.consultations.households_with_votes(
            self.estate_uuid, scope_uuid=self.scope_uuid
        )
        self.model.set_rows(rows)
        if self._arranged_for != (self.estate_uuid, self.scope_uuid):
            # Other rows, other column widths: place the panes again (a vote keeps the user's split).
            self._arranged_for = (self.estate_uuid, self.scope_uuid)
            self.panes.arranged = False
        estate = project.estates.get(self.estate_uuid)
        where = (
            f"{rows[0].building}{rows[0].unit if kind == 'unit' else ''}"
            if rows and self.scope_uuid
            else ""
        )
        place = f"{estate.name} {where}".strip()
        self.scope_label.setText(self.tr("{0}：{1} 户").format(place, len(rows)))
        self.show_opinions()
        if self.scope_uuid:  # a unit or building chosen in the tree: its questions
            self.identity_panel.show_scope(self.estate_uuid, self.scope_uuid)
        # else the questions of the scope chosen in the tally (scope_shown), not the whole
        # estate's at once: they follow the row being read
        self.refresh_tally()
        self.history_list.clear()
        self.panes.arrange()

    def _identity_follows_tally(self, scope_uuid: str) -> None:
        if not self.scope_uuid and self.estate_uuid:
            self.identity_panel.show_scope(self.estate_uuid, scope_uuid)

    def show_opinions(self) -> None:
        service = self.context.project.consultations.opinions
        asked = service.most_asked(self.estate_uuid)[:5]
        parts = (
            [self.tr("居民意见建议：") + asked_words(asked, self.context.settings.lang)]
            if asked
            else []
        )
        survey = service.satisfaction(self.estate_uuid)
        if survey.satisfied_share is not None:
            parts.append(
                self.tr("满意度 {0}（{1} 份）").format(
                    format_percent(survey.satisfied_share, 0), format_integer(survey.total)
                )
            )
        self.opinions_label.setText("　".join(parts))
        self.opinions_label.setVisible(bool(parts))

    def refresh_tally(self) -> None:
        project = self.context.project
        if project is None or self.estate_uuid is None:
            return
        try:
            scopes = project.consultations.tally_estate(
                self.estate_uuid, rule=self.rule_combo.currentData()
            )
        except RetrofitError as error:
            show_error(self, error, self.context.settings.lang)
            return
        if self.scope_uuid:
            rows = self.model.rows()
            in_scope = {r.unit_uuid for r in rows} | {r.building_uuid for r in rows}
            scopes = [s for s in scopes if s.scope_uuid in in_scope]
        self.tally_panel.set_scopes(scopes)
        consultations = {s.consultation.uuid for s in scopes if s.consultation}
        notice = [
            o for o in project.consultations.opinions.of_estate(self.estate_uuid, "notice_objection")
            if o.consultation_uuid in consultations
        ]  # fmt: skip
        self.objections_list.show_objections(self.model.rows(), notice, self.model.reviews)

    def _on_selection_changed(self, _kind: str, _uuid: str) -> None:
        self._reload_in_front()

    def _on_data_changed(self, table: str) -> None:
        if table in ("households", "units", "buildings", "owners", "votes", "consultations"):
            self.reload()

    def _on_household_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.show_history(self.model.row_at(current.row()))

    # ------------------------------------------------------------------ votes
    def current_household(self) -> HouseholdVote | None:
        return self.model.row_at(self.table.currentIndex().row())

    def consultation_for(self, household: HouseholdVote) -> str:
        """The elevator consultation covering the household: its unit's, else its building's, else a new one."""
        return self.context.project.consultations.covering(household.household_uuid).uuid

    def open_vote_dialog(self) -> VoteDialog | None:
        household = self.current_household()
        if household is None or self.context.project is None:
            return None
        project = self.context.project
        dialog = VoteDialog(project.consultations, self.consultation_for(household), household,
                            language=self.context.settings.lang, photos=self._proof_photos(household),
                            signatures=project.signatures, parent=self)  # fmt: skip
        dialog.accepted.connect(lambda: self._vote_saved(household, dialog.saved_vote))
        dialog.signature_changed.connect(
            lambda before, after: self._signature_changed(household, before, after)
        )
        dialog.open()
        return dialog

    def _signature_changed(
        self, household: HouseholdVote, before: Signature | None, after: Signature | None
    ) -> None:
        """The owner's signature drawn or withdrawn in the vote dialog: one undo step."""
        where = f"{household.building}{household.unit}{household.room}"
        text = (self.tr("业主签名 {0}") if after else self.tr("撤回签名 {0}")).format(where)
        command = SignatureCommand(
            self.context.project.signatures, before, after,
            lambda: self.context.notify_changed("signatures"), text,
        )  # fmt: skip
        self.context.undo_stack.push(command)
        self.context.notify_changed("signatures")
        self.context.show_status(
            self.tr("{0} 的业主已签名。").format(where)
            if after
            else self.tr("已撤回 {0} 的业主签名。").format(where)
        )

    def _proof_photos(self, household: HouseholdVote) -> list[tuple[str, str]]:
        """Photos of the household's building, its own first: the signed form is usually one of them."""
        photos = self.context.project.photos.list(
            self.estate_uuid, building_uuid=household.building_uuid
        )
        photos.sort(key=lambda p: p.household_uuid != household.household_uuid)
        return [(p.uuid, p.caption or p.file_name) for p in photos]

    def _record_inline(self, household: HouseholdVote, choice: str) -> HouseholdVote | None:
        try:
            saved = self.context.project.consultations.record_vote(
                self.consultation_for(household), household.household_uuid, choice
            )
        except RetrofitError as error:
            show_error(self, error, self.context.settings.lang)
            return None
        return self._vote_saved(household, saved)

    def _vote_saved(self, household: HouseholdVote, saved: Vote | None) -> HouseholdVote | None:
        """Make the saved vote one undo step, then show it."""
        if saved is not None:
            text = self.tr("表决意见 {0}{1}{2}").format(
                household.building, household.unit, household.room
            )
            command = VoteCommand(
                self.context.project.consultations,
                household.vote,
                saved,
                self._on_vote_undone,
                text,
            )
            self.context.undo_stack.push(command)
        return self._after_vote(household)

    def _on_vote_undone(self, household_uuid: str) -> None:
        row = self.model.row_of(household_uuid)
        if row is not None:
            self._after_vote(self.model.rows()[row])

    def _after_vote(self, household: HouseholdVote) -> HouseholdVote | None:
        """Re-read the household's row, the tallies and the history once a vote was saved."""
        fresh = next(
            (h for h in self.context.project.consultations.households_with_votes(self.estate_uuid, scope_uuid=household.unit_uuid)
             if h.household_uuid == household.household_uuid), None,
        )  # fmt: skip
        row = self.model.row_of(household.household_uuid)
        if fresh is not None and row is not None:
            self.model.replace(row, fresh)
        self.refresh_tally()
        self.show_history(fresh)
        self.context.show_status(self.tr("已记录 {0} 的表决意见。").format(household.room))
        return fresh

    def review_current(self, state: str) -> None:
        household = self.current_household()
        if household is None or household.vote is None:
            self.context.show_status(self.tr("请先选择一户已有表决意见的住户。"))
            return
        by = self.context.user_name()
        note = ""
        if state == "disputed":
            note, ok = QInputDialog.getText(self, self.tr("有争议"), self.tr("调解情况："))
            if not ok:
                return
        service = self.context.project.consultations
        try:
            saved = service.review_vote(household.vote.uuid, state, by=by or self.tr("居委会"),
                                        on=now_iso()[:10], note=note)  # fmt: skip
        except RetrofitError as error:
            show_error(self, error, self.context.settings.lang)
            return
        text = self.tr("核实 {0}{1}{2}").format(household.building, household.unit, household.room)
        self.context.undo_stack.push(
            ReviewCommand(service, household.vote, saved, self._on_vote_undone, text)
        )
        self._after_vote(household)

    # ------------------------------------------------------------------ committee review of a scope
    def current_consultation(self) -> str | None:
        row = self.tally_panel.table.currentRow()
        scopes = self.tally_panel.scopes
        scope = scopes[row] if 0 <= row < len(scopes) else None
        if scope is None:
            return None
        if scope.consultation is None:
            return self.context.project.consultations.for_scope(
                scope.scope_kind, scope.scope_uuid
            ).uuid
        return scope.consultation.uuid

    def start_notice(self, days: int) -> None:
        """Public notice of the selected scope from today (posted at the stairwell and notice board)."""
        consultation = self.current_consultation()
        if consultation is None:
            return
        self.context.project.consultations.start_notice(consultation, now_iso()[:10], days)
        self.refresh_tally()

    def conclude(self, status: str, note: str = "") -> None:
        """The committee's conclusion for the selected scope, signed with the user's name."""
        consultation = self.current_consultation()
        if consultation is None:
            return
        by = self.context.user_name() or self.tr("居委会")
        try:
            self.context.project.consultations.close_review(
                consultation, status, by=by, on=now_iso()[:10], note=note
            )
        except RetrofitError as error:
            show_error(self, error, self.context.settings.lang)
            return
        self.refresh_tally()

    def _on_notice_clicked(self) -> None:
        days, ok = QInputDialog.getInt(self, self.tr("开始公示"), self.tr("公示天数："), 10, 1, 90)
        if ok:
            self.start_notice(days)

    def _on_conclude_clicked(self) -> None:
        choices = {
            self.tr("公示无异议"): "no_objection",
            self.tr("有争议"): "disputed",
            self.tr("已完成"): "done",
        }
        text, ok = QInputDialog.getItem(
            self, self.tr("审核结论"), self.tr("结论："), list(choices), 0, False
        )
        if ok:
            self.conclude(choices[text])

    def open_opinion_dialog(self) -> OpinionDialog | None:
        if self.context.project is None or self.estate_uuid is None:
            return None
        scopes = [s for s in self.tally_panel.scopes if s.consultation]
        dialog = OpinionDialog(
            self.context.project.consultations.opinions, self.estate_uuid, self.model.rows(),
            [(s.consultation.uuid, f"{s.building}{s.unit}" or self.tr("全小区")) for s in scopes],
            current=self.current_household(), language=self.context.settings.lang, parent=self,
        )  # fmt: skip
        dialog.accepted.connect(self._on_opinion_saved)
        dialog.open()
        return dialog

    def _on_opinion_saved(self) -> None:
        self.show_opinions()
        self.refresh_tally()  # a written objection shows in the objections list

    def show_history(self, household: HouseholdVote | None) -> None:
        if household is None or self.context.project is None:
            self.history_list.clear()
            return
        self.history_list.show_entries(
            self.context.project.consultations.vote_history(household.household_uuid)
        )

    # ------------------------------------------------------------------ roster import
    def _on_import_clicked(self) -> None:
        self.import_flow.choose_and_import(self.estate_uuid)

    def import_roster_file(self, path: Path) -> None:
        """Import `path` into the selected estate (as File → 导入住户名册… does after choosing it)."""
        if self.estate_uuid is not None:
            self.import_flow.import_file(path, self.estate_uuid)
