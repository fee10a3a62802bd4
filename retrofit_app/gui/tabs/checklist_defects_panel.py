"""The defects (整改问题) of the estate under the checklist: who fixes what by when, and its status."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.checklists.model import DEFECT_STATUS_LABELS, Defect, DefectStatus
from retrofit_app.core.words import say
from retrofit_app.gui.view_sizing import em
from retrofit_app.gui.wrapping_row import WrappingRow

COL_DESCRIPTION, COL_RESPONSIBLE, COL_DEADLINE, COL_STATUS = range(4)
UUID_ROLE = Qt.ItemDataRole.UserRole + 1


class DefectsPanel(QWidget):
    """Shows defects; edits come back as signals for the tab to pass to the core service."""

    status_requested = Signal(str, str)  # defect uuid, new status
    add_requested = Signal()
    field_edited = Signal(str, str, str)  # defect uuid, field, text

    def __init__(self, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._filling = False
        self.title = QLabel(self.tr("整改问题"))
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels(
            [self.tr("问题"), self.tr("责任方"), self.tr("整改期限"), self.tr("状态")]
        )
        self.list.header().setSectionResizeMode(COL_DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.list.header().setStretchLastSection(False)
        # In characters of the list's font (a larger system font widens them too), and never
        # narrower than the heading ("Responsible party" is longer than "责任方").
        header = self.list.header()
        for column, chars in ((COL_RESPONSIBLE, 8), (COL_DEADLINE, 7), (COL_STATUS, 5)):
            width = max(chars * em(self.list), header.sectionSizeHint(column))
            self.list.setColumnWidth(column, width)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.rectified_button = QPushButton(self.tr("标记已整改"))
        self.verified_button = QPushButton(self.tr("复核通过"))
        self.reopen_button = QPushButton(self.tr("复核未通过"))
        self.add_button = QPushButton(self.tr("新增问题…"))
        self.add_button.clicked.connect(self.add_requested.emit)
        button_row = QWidget()
        buttons = QHBoxLayout(button_row)
        buttons.setContentsMargins(12, 0, 0, 0)
        buttons.addWidget(self.add_button)
        for button, status in (
            (self.rectified_button, DefectStatus.RECTIFIED),
            (self.verified_button, DefectStatus.VERIFIED),
            (self.reopen_button, DefectStatus.OPEN),
        ):
            button.clicked.connect(lambda _=False, s=status: self._on_status_clicked(s))
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The buttons go under the title when both do not fit (English, a large font); a
        # longer count then wraps the title rather than widening the window.
        self.title.setWordWrap(True)
        layout.addWidget(WrappingRow([self.title, button_row], stretch=self.title))
        layout.addWidget(self.list)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def show_defects(self, defects: list[Defect], readonly: bool) -> None:
        self._filling = True
        current = self.selected_uuid()
        self.list.clear()
        unresolved = 0
        for defect in defects:
            row = QTreeWidgetItem([
                defect.description, defect.responsible, defect.deadline or "",
                say(DEFECT_STATUS_LABELS[defect.status], self.lang),
            ])  # fmt: skip
            row.setData(COL_DESCRIPTION, UUID_ROLE, defect.uuid)
            row.setData(COL_STATUS, UUID_ROLE, str(defect.status))
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if not readonly and defect.unresolved:
                flags |= Qt.ItemFlag.ItemIsEditable
            row.setFlags(flags)
            if not defect.unresolved:
                for column in range(4):
                    row.setForeground(column, QBrush(QColor("#777777")))
            unresolved += defect.unresolved
            self.list.addTopLevelItem(row)
            if defect.uuid == current:
                self.list.setCurrentItem(row)
        self.title.setText(
            self.tr("整改问题：{0} 个未关闭，共 {1} 个").format(unresolved, len(defects))
        )
        self.readonly = readonly
        self._filling = False
        self._update_buttons()

    def selected_uuid(self) -> str | None:
        row = self.list.currentItem()
        return row.data(COL_DESCRIPTION, UUID_ROLE) if row is not None else None

    def _update_buttons(self) -> None:
        row = self.list.currentItem()
        status = row.data(COL_STATUS, UUID_ROLE) if row is not None else None
        writable = not getattr(self, "readonly", True)
        self.add_button.setEnabled(writable)
        self.rectified_button.setEnabled(writable and status == DefectStatus.OPEN)
        self.verified_button.setEnabled(writable and status == DefectStatus.RECTIFIED)
        self.reopen_button.setEnabled(writable and status == DefectStatus.RECTIFIED)

    def _on_status_clicked(self, status: DefectStatus) -> None:
        uuid = self.selected_uuid()
        if uuid:
            self.status_requested.emit(uuid, str(status))

    def _on_item_changed(self, row: QTreeWidgetItem, column: int) -> None:
        if self._filling or column == COL_STATUS:
            return
        field = {
            COL_DESCRIPTION: "description",
            COL_RESPONSIBLE: "responsible",
            COL_DEADLINE: "deadline",
        }[column]
        self.field_edited.emit(row.data(COL_DESCRIPTION, UUID_ROLE), field, row.text(column))
