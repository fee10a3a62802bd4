"""The estate tree (district → street → estate → building → unit) with its search box."""

from __future__ import annotations

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.estate_overview import estate_tree, matching_estate_uuids
from retrofit_app.core.model import TreeNode
from retrofit_app.core.project import Project
from retrofit_app.gui import icons
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.labels import STAGE_COLOURS, stage_label

# Qt.ItemDataRole values (fixed in Qt's API), written as numbers: touching PySide6's `Qt` builds
# its 93 enum classes (~25 ms), which showing the window does not need (issue 2, benchmark a).
FOREGROUND_ROLE = 9
USER_ROLE = 0x0100
KIND_ROLE = USER_ROLE + 1
UUID_ROLE = USER_ROLE + 2
_KIND_ICONS = {
    "district": "fa5s.city",
    "street": "fa5s.road",
    "building": "fa5s.building",
    "unit": "fa5s.door-open",
}
TREE_TABLES = ("estates", "buildings", "units", "districts", "streets")


class EstateTreeModel(QStandardItemModel):
    """Items built from core TreeNodes; (kind, uuid) → item for selecting from outside."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: dict[tuple[str, str], QStandardItem] = {}
        self._icons: dict[str, QIcon] = {}
        self.icons_missing = False

    def _icon(self, node: TreeNode) -> QIcon | None:
        """The stage dot of an estate, the kind's icon of the others; None until icons can be had."""
        key = f"stage:{node.stage}" if node.stage is not None else node.kind
        if key not in self._icons:
            if not icons.ready():
                # The window reloads once qtawesome is in, after its first picture: the dots
                # wait too, as drawing one touches PySide6's `Qt` enums (~25 ms, see above).
                self.icons_missing = True
                return None
            self._icons[key] = (
                icons.dot(STAGE_COLOURS[node.stage])
                if node.stage is not None
                else icons.icon(_KIND_ICONS.get(node.kind, "fa5s.circle"))
            )
        return self._icons[key]

    def load(self, nodes: list[TreeNode]) -> None:
        # Drop our references before clear() deletes the C++ items they wrap.
        self.items = {}
        self.icons_missing = False
        self.clear()
        root = self.invisibleRootItem()
        # Build the whole subtree first, then attach it: one insert signal per district.
        rows = [self._item(node) for node in nodes]
        for row in rows:
            root.appendRow(row)

    def _item(self, node: TreeNode) -> QStandardItem:
        item = QStandardItem(node.label)  # not editable: the view has no edit triggers
        item.setData(node.kind, KIND_ROLE)
        item.setData(node.uuid, UUID_ROLE)
        if node.stage is not None:
            colour = STAGE_COLOURS[node.stage]
            # The colour itself: making a QBrush would touch `Qt` (its default brush style).
            item.setData(colour, FOREGROUND_ROLE)
            item.setToolTip(stage_label(node.stage))
        icon = self._icon(node)
        if icon is not None:
            item.setIcon(icon)
        self.items[(node.kind, node.uuid)] = item
        if node.children:
            item.appendRows([self._item(child) for child in node.children])
        return item


class EstateFilterModel(QSortFilterProxyModel):
    """Shows the estates the core search matched, their ancestors and everything below them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)
        self._allowed: set[str] | None = None

    def set_allowed(self, estate_uuids: set[str] | None) -> None:
        """None shows everything."""
        if hasattr(
            self, "beginFilterChange"
        ):  # Qt ≥ 6.10; invalidateRowsFilter is deprecated there
            self.beginFilterChange()
            self._allowed = estate_uuids
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._allowed = estate_uuids
            self.invalidateRowsFilter()

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:  # noqa: N802
        if self._allowed is None:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        return index.data(KIND_ROLE) == "estate" and index.data(UUID_ROLE) in self._allowed


class EstateTree(QWidget):
    """Search box over the tree; clicking an item selects it in the AppContext.

    A project without estates shows what to do first instead of an empty tree: its button
    emits `new_estate_requested` (gui/hierarchy_actions.py opens the new-estate dialog).
    """

    new_estate_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索小区：名称、编号、地址、区、街道"))
        self.search.setClearButtonEnabled(True)
        self.model = EstateTreeModel(self)
        self.proxy = EstateFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTreeView()
        self.view.setModel(self.proxy)
        self.view.setHeaderHidden(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformRowHeights(True)  # lets the view skip measuring 10,000 rows
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.new_estate_button = QPushButton(self.tr("新建小区(&N)…"))
        self.new_estate_button.clicked.connect(self.new_estate_requested)
        self.empty_pane = QWidget()
        empty_layout = QVBoxLayout(self.empty_pane)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.new_estate_button)
        empty_layout.addStretch(1)
        self.empty_pane.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.view)
        layout.addWidget(self.empty_pane)
        # Typing waits a moment so each keystroke of a Chinese IME does not re-query.
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_search)
        self.view.selectionModel().currentChanged.connect(self._on_view_current_changed)
        context.project_changed.connect(self.reload)
        context.data_changed.connect(self._on_context_data_changed)
        context.selection_changed.connect(self._on_context_selection_changed)
        self.reload()

    @classmethod
    def for_project(cls, project: Project, parent: QWidget | None = None) -> EstateTree:
        """A tree on its own (the tree benchmark, tests): its own context around `project`."""
        from retrofit_app.core.settings import Settings

        context = AppContext(Settings())
        context.project = project
        tree = cls(context, parent)
        context.setParent(tree)
        return tree

    # ------------------------------------------------------------ filling
    def reload(self) -> None:
        expanded = self._expanded_keys()
        current = self.context.selection()
        project = self.context.project
        self.model.load(estate_tree(project) if project is not None else [])
        self._show_empty_pane(project)
        if self.search.text().strip():
            self.apply_search()
        for key in expanded:
            self._expand(key)
        if current[1]:
            self._show_current(*current)

    def _show_empty_pane(self, project: Project | None) -> None:
        """Without estates, the tree pane says what to do first (and offers the button)."""
        empty = self.model.rowCount() == 0
        writable = project is not None and not project.readonly
        if project is None:
            self.empty_label.setText(self.tr("未打开项目。请用“文件”菜单新建或打开一个项目。"))
        elif writable:
            self.empty_label.setText(
                self.tr("还没有小区。先新建一个小区，再在它下面添加楼栋、单元和住户。")
            )
        else:
            self.empty_label.setText(self.tr("这个项目里没有小区。"))
        self.new_estate_button.setVisible(writable)
        self.empty_pane.setVisible(empty)
        self.view.setVisible(not empty)
        self.search.setEnabled(not empty)

    def _expanded_keys(self) -> list[tuple[str, str]]:
        return [
            key for key, item in self.model.items.items()
            if item.hasChildren() and self.view.isExpanded(self.proxy.mapFromSource(item.index()))
        ]  # fmt: skip

    def _expand(self, key: tuple[str, str]) -> None:
        item = self.model.items.get(key)
        if item is not None:
            self.view.expand(self.proxy.mapFromSource(item.index()))

    def apply_search(self) -> None:
        self._search_timer.stop()
        text = self.search.text().strip()
        project = self.context.project
        if not text or project is None:
            self.proxy.set_allowed(None)
            return
        self.proxy.set_allowed(matching_estate_uuids(project, text))
        # Open the way down to every match so the user sees them at once.
        for (kind, _uuid), item in self.model.items.items():
            if kind in ("district", "street"):
                index = self.proxy.mapFromSource(item.index())
                if index.isValid():
                    self.view.expand(index)

    def visible_estates(self) -> list[str]:
        """Labels of the estates the filter lets through, in display order."""
        found: list[str] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                if index.data(KIND_ROLE) == "estate":
                    found.append(index.data())
                else:
                    walk(index)

        walk(QModelIndex())
        return found

    def index_of(self, kind: str, uuid: str) -> QModelIndex:
        item = self.model.items.get((kind, uuid))
        return self.proxy.mapFromSource(item.index()) if item is not None else QModelIndex()

    # --------------------------------------------------------------- slots
    def _on_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.context.select(current.data(KIND_ROLE), current.data(UUID_ROLE))

    def _on_context_selection_changed(self, kind: str, uuid: str) -> None:
        self._show_current(kind, uuid)

    def _show_current(self, kind: str, uuid: str) -> None:
        index = self.index_of(kind, uuid)
        if index.isValid() and index != self.view.currentIndex():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def _on_context_data_changed(self, table: str) -> None:
        if table in TREE_TABLES:
            self.reload()
