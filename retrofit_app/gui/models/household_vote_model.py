"""The household table of the Consultation tab: a lazy model that pages rows in as the view scrolls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from retrofit_app.core.consultation.service import HouseholdVote
from retrofit_app.core.consultation.votes import Vote
from retrofit_app.core.privacy import mask_id_number, mask_phone
from retrofit_app.gui.formatting import format_area, format_date

PAGE = 500
CHOICE_COLOURS = {
    "agree": "#DFF2E1",
    "object": "#F8D7DA",
    "abstain": "#FFF3CD",
    "unreached": "#E2E3E5",
}
VOTE_COLUMN = 6
DATE_COLUMN = 8  # the last column that must stay in view (the tab sizes its panels for it)
Index = QModelIndex | QPersistentModelIndex
_ROLE = Qt.ItemDataRole
_TEXT_ROLES = frozenset((int(_ROLE.DisplayRole), int(_ROLE.ToolTipRole)))
_EDIT, _USER = int(_ROLE.EditRole), int(_ROLE.UserRole)
_ROLES = _TEXT_ROLES | {_EDIT, _USER, int(_ROLE.BackgroundRole)}


class HouseholdVoteModel(QAbstractTableModel):
    """Holds the loaded rows but shows them a page at a time (canFetchMore/fetchMore)."""

    def __init__(
        self,
        record_vote: Callable[[HouseholdVote, str], HouseholdVote | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._record_vote = record_vote  # writes a vote chosen inline; returns the refreshed row
        self._rows: list[HouseholdVote] = []
        # Each shown row's cells as text, made once: a view asks for every cell many times
        # (display, tooltip, size), and sizing the columns asks for hundreds of rows (issue 21).
        self._texts: dict[int, tuple[str, ...]] = {}
        self._shown = 0
        self.editable = True
        # The vote and its details come first; masked contacts last (rarely needed while counting).
        self.headers = [
            self.tr("楼栋"), self.tr("单元"), self.tr("房号"), self.tr("楼层"), self.tr("面积㎡"),
            self.tr("产权人"), self.tr("意见"), self.tr("方式"), self.tr("日期"), self.tr("反对理由"),
            self.tr("审核"), self.tr("出租"), self.tr("证件号"), self.tr("电话"),
        ]  # fmt: skip
        self.choices = {
            "agree": self.tr("同意"), "object": self.tr("反对"), "abstain": self.tr("弃权"),
            "unreached": self.tr("未联系上"), None: self.tr("未征询"),
        }  # fmt: skip
        self.methods = {
            "": "",
            "in_person": self.tr("当面"),
            "phone": self.tr("电话"),
            "sms": self.tr("短信"),
            "post": self.tr("信函"),
        }
        self.reviews = {"": "", "verified": self.tr("已核实"), "disputed": self.tr("有争议")}

    def set_rows(self, rows: list[HouseholdVote]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._texts.clear()
        self._shown = min(PAGE, len(rows))
        self.endResetModel()

    def row_at(self, row: int) -> HouseholdVote | None:
        return self._rows[row] if 0 <= row < self._shown else None

    def total(self) -> int:
        return len(self._rows)

    def rows(self) -> list[HouseholdVote]:
        """Every loaded row, also those not paged in yet."""
        return list(self._rows)

    def row_of(self, household_uuid: str) -> int | None:
        return next(
            (i for i, h in enumerate(self._rows) if h.household_uuid == household_uuid), None
        )

    def replace(self, row: int, value: HouseholdVote) -> None:
        self._rows[row] = value
        self._texts.pop(row, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # ------------------------------------------------------------------ Qt API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and self._shown < len(self._rows)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid():
            return
        more = min(PAGE, len(self._rows) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == VOTE_COLUMN and self.editable:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Most of a view's calls ask for roles this model leaves to the style (font, alignment,
        # colours, check state...): answered before anything else is looked at (issue 21).
        if role not in _ROLES:
            return None
        number = index.row()  # -1 for an invalid index
        if not 0 <= number < self._shown:
            return None
        if role in _TEXT_ROLES:
            texts = self._texts.get(number)
            if texts is None:
                texts = self._texts[number] = self._cells(self._rows[number])
            return texts[index.column()]
        row = self._rows[number]
        if role == _USER:
            return row.household_uuid
        if index.column() != VOTE_COLUMN:
            return None
        if role == _EDIT:
            return row.vote.choice if row.vote else None
        colour = CHOICE_COLOURS.get(row.vote.choice if row.vote else "")  # the background
        return QColor(colour) if colour else None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if (
            role != Qt.ItemDataRole.EditRole
            or index.column() != VOTE_COLUMN
            or value not in self.choices
            or value is None
        ):
            return False
        row = self._rows[index.row()]
        if row.vote and row.vote.choice == value:
            return False
        updated = self._record_vote(row, value)
        if updated is None:
            return False
        self.replace(index.row(), updated)
        return True

    def _cells(self, row: HouseholdVote) -> tuple[str, ...]:
        owners = row.owners
        values = (
            row.building, row.unit, row.room, "" if row.floor is None else str(row.floor),
            format_area(row.area),
            "、".join(o.name for o in owners),
            *self._vote_cells(row.vote),
            (self.tr("是") + (f"（{row.tenant_name}）" if row.tenant_name else "")) if row.rented else "",
            "、".join(mask_id_number(o.id_number) for o in owners if o.id_number),
            "、".join(mask_phone(o.phone) for o in owners if o.phone),
        )  # fmt: skip
        return values

    def _vote_cells(self, vote: Vote | None) -> tuple[str, ...]:
        """Vote, how asked, when, objection and reason, review: empty cells while not asked."""
        if vote is None:
            return (self.choices[None], "", "", "", "")
        review = self.reviews.get(vote.review_state, "") + (f" {vote.reviewed_by}" if vote.review_state else "")
        return (
            self.choices[vote.choice], self.methods.get(vote.method, ""), format_date(vote.asked_on),
            "；".join(t for t in (vote.objection, vote.reason) if t), review,
        )  # fmt: skip
