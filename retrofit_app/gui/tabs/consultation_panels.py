"""The Consultation tab's side panels: the tally of each scope, and a household's vote history."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QListWidget,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.audit import AuditEntry
from retrofit_app.core.consultation.explain import (
    blocking_sentences,
    condition_sentences,
    missing_text,
    share_threshold,
)
from retrofit_app.core.consultation.opinions import Opinion
from retrofit_app.core.consultation.service import HouseholdVote, ScopeTally
from retrofit_app.core.consultation.tally import Tally
from retrofit_app.gui.formatting import (
    format_area,
    format_date,
    format_datetime,
    format_integer,
    format_share,
)
from retrofit_app.gui.view_sizing import columns_width, compact_rows, show_rows

PASSED, OPEN, LOST = QColor("#DFF2E1"), QColor("#FFF3CD"), QColor("#F8D7DA")
UNDECIDED = QColor("#FFE0B2")  # 待核实: something to settle before any conclusion


class TallyPanel(QWidget):
    """One row per scope coloured by outcome (passed / can still pass / cannot), and the chosen scope in words."""

    scope_shown = Signal(str)  # the scope whose tally is explained (its identity questions follow it)

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.scopes: list[ScopeTally] = []
        self.statuses = {
            "collecting": self.tr("征询中"), "notice": self.tr("公示中"), "no_objection": self.tr("公示无异议"),
            "disputed": self.tr("有争议"), "done": self.tr("已完成"),
        }  # fmt: skip
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("范围"),
                self.tr("参与/人数"),
                self.tr("同意"),
                self.tr("结果"),
                self.tr("状态"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons; arrows move in here
        self.table.verticalHeader().hide()
        # Columns as wide as their words ("1幢1单元", "公示无异议"): equal stretched columns cut them.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)  # stretching it made a needless horizontal scroll bar
        compact_rows(self.table)
        show_rows(self.table, 4)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 2)
        # In a short window the explanation scrolls instead of losing its last lines.
        self.details_scroll = scroll = QScrollArea()
        scroll.setWidget(self.details)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(scroll, 3)
        self.table.currentCellChanged.connect(lambda row, *_: self.show_scope(row))

    def set_scopes(self, scopes: list[ScopeTally]) -> None:
        self.scopes = scopes
        current = max(self.table.currentRow(), 0)
        self.table.setRowCount(len(scopes))
        for row, scope in enumerate(scopes):
            r = scope.result
            verdict = self.verdict(r)
            status = (
                self.statuses.get(scope.consultation.status, "")
                if scope.consultation
                else self.tr("未开始")
            )
            cells = (self.scope_name(scope), f"{format_integer(r.owners_voted)}/{format_integer(r.owners_total)}",
                     format_integer(r.owners_agree), verdict, status)  # fmt: skip
            colour = (
                UNDECIDED
                if r.passed is None
                else PASSED
                if r.passed
                else (OPEN if r.missing.possible else LOST)
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setBackground(colour)
                self.table.setItem(row, column, item)
        if scopes:
            self.table.setCurrentCell(min(current, len(scopes) - 1), 0)
            self.show_scope(min(current, len(scopes) - 1))
        else:
            self.details.setText(self.tr("此范围还没有意见征询。"))

    def needed_width(self) -> int:
        """The width that shows every column of the tally in full."""
        return columns_width(self.table, range(self.table.columnCount()))

    def verdict(self, r: Tally) -> str:
        if r.passed is None:
            return self.tr("待核实")
        if r.passed:
            return self.tr("通过")
        return self.tr("尚未通过") if r.missing.possible else self.tr("未通过")

    def scope_name(self, scope: ScopeTally) -> str:
        return (
            f"{scope.building}{scope.unit}" if scope.scope_kind != "estate" else self.tr("全小区")
        )

    def show_scope(self, row: int) -> None:
        if not 0 <= row < len(self.scopes):
            return
        scope, lang = self.scopes[row], self.language
        self.scope_shown.emit(scope.scope_uuid)
        r = scope.result
        verdict = self.verdict(r)
        colour = "#8A6D00" if r.passed is None else "#1B5E20" if r.passed else "#B00020"
        lines = [
            f"<b>{self.scope_name(scope)}</b>　{r.rule.title(lang)}",
            self.tr("业主 {0} 人，专有面积 {1} ㎡").format(format_integer(r.owners_total), format_area(r.area_total)),
            self.tr("参与表决 {0} 人，{1} ㎡；人数比 {2}，面积比 {3}").format(
                format_integer(r.owners_voted), format_area(r.area_voted),
                format_share(r.share("participation_heads"), threshold=share_threshold(r, "participation_heads")),
                format_share(r.share("participation_area"), area=True, threshold=share_threshold(r, "participation_area"))),
            self.tr("同意 {0} 人，{1} ㎡；人数比 {2}，面积比 {3}").format(
                format_integer(r.owners_agree), format_area(r.area_agree),
                format_share(r.share("approval_heads"), threshold=share_threshold(r, "approval_heads")),
                format_share(r.share("approval_area"), area=True, threshold=share_threshold(r, "approval_area"))),
            self.tr("反对 {0} 人，弃权 {1} 人").format(r.owners_object, r.owners_abstain),
            f"<b style='color:{colour}'>{verdict}</b>　{missing_text(r, lang)}",
            *[f"<span style='color:#8A6D00'>{html.escape(line)}</span>" for line in blocking_sentences(r, lang)],
            *condition_sentences(r, lang),
        ]  # fmt: skip
        self.details.setText("<br>".join(lines))


class VoteHistoryList(QListWidget):
    """Who changed a household's vote, when, and from what to what."""

    def __init__(self, words: dict[object, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words  # vote, method and review codes → the words the table shows
        self.fields = {
            "choice": self.tr("意见"), "method": self.tr("方式"), "asked_on": self.tr("日期"),
            "objection": self.tr("反对意见"), "reason": self.tr("理由"), "cost_share": self.tr("费用分摊"),
            "review_state": self.tr("审核"), "reviewed_by": self.tr("审核人"), "review_note": self.tr("调解情况"),
        }  # fmt: skip

    def show_entries(self, entries: list[AuditEntry]) -> None:
        self.clear()
        for entry in entries:
            changes = [
                f"{label} {self._word(entry.old.get(key))}→{self._word(entry.new[key])}"
                if entry.action == "update" else f"{label} {self._word(entry.new[key])}"
                for key, label in self.fields.items()
                if key in entry.new and entry.new[key] not in (None, "")
                or (entry.action == "update" and key in entry.new)
            ]  # fmt: skip
            action = self.tr("新增") if entry.action == "insert" else self.tr("修改")
            # The separators are words too: "新增：意见 同意，方式 当面" / "Added: Opinion Agree, Method …"
            self.addItem(self.tr("{0}  {1}  {2}：{3}").format(
                format_datetime(entry.at), entry.user, action, self.tr("，").join(changes)))  # fmt: skip

    def _word(self, value: object) -> str:
        return "—" if value in (None, "") else self.words.get(value, str(value))


class ObjectionsList(QListWidget):
    """The objections in view: objecting votes with their reasons, then written objections to a notice."""

    def show_objections(
        self, rows: list[HouseholdVote], notice: list[Opinion], reviews: dict[str, str]
    ) -> None:
        self.clear()
        for row in rows:
            vote = row.vote
            if vote is None or vote.choice != "object":
                continue
            what = "；".join(t for t in (vote.objection, vote.reason) if t) or self.tr(
                "（未写理由）"
            )
            review = reviews.get(vote.review_state, "")
            self.addItem(
                f"{row.building}{row.unit}{row.room}  {what}" + (f"  [{review}]" if review else "")
            )
        for opinion in notice:
            place = opinion.place or self.tr("匿名")
            self.addItem(
                self.tr("公示异议 {0} {1}：{2}").format(
                    format_date(opinion.received_on), place, opinion.text
                )
            )
        if self.count() == 0:
            self.addItem(self.tr("（无反对意见）"))
