"""The main window: estate tree on the left, feature tabs in the centre, menus, toolbar, status bar."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QTabWidget,
    QWidget,
)

from retrofit_app import __version__
from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.project import Project
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.error_dialogs import show_error, show_job_error
from retrofit_app.gui.estate_tree import EstateTree
from retrofit_app.gui.file_watch import OpenFileGuard
from retrofit_app.gui.icons import icon
from retrofit_app.gui.tabs.registry import TABS, LazyTab, tab_title, warm_up

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from retrofit_app.gui.tree_drop import TreeDropFilter

FILE_FILTER = "GeoPackage (*.gpkg);;*"
MNEMONIC = re.compile(r"\(&\w\)|&(?=\w)")
log = logging.getLogger(__name__)
START_UP_DELAY_MS = 200  # lets the first picture of the window paint before the rest loads
# Start-up (issue 2, benchmark a): what the first picture does not need is imported when used
# or in finish_start_up: dialogs, the user guide, icons, field exchange, the tree's drop target,
# `QtCore.Qt` (whose first use builds 93 enum classes, ~25 ms); QtWidgets.QFileDialog and
# QMessageBox are looked up when used (PySide6 builds a class and its enums on first use).


def toolbar_text(text: str) -> str:
    """A menu text without its mnemonic ("打开项目(&O)…" → "打开项目", "&Open…" → "Open")."""
    return MNEMONIC.sub("", text).replace("&&", "&").rstrip("…").rstrip(".").strip()


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        context.jobs.window = self
        context.jobs.error_handler = self._on_job_failed
        self.resize(1280, 800)
        self.tree = EstateTree(context)
        self.tree_drop: TreeDropFilter | None = None  # made in finish_start_up (see there)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for spec in TABS:
            self.tabs.addTab(LazyTab(spec, context, self.tabs), tab_title(spec))
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.tabs.setCurrentIndex(1)  # Overview: the one tab every estate has something in
        self._on_tabs_current_changed(self.tabs.currentIndex())
        self._started = False
        self._start_up_timer = QTimer(self, singleShot=True, interval=START_UP_DELAY_MS)
        self._start_up_timer.timeout.connect(self.finish_start_up)
        self.started_up = False  # True once finish_start_up has run (tests wait for it)
        self._icon_names: dict[QAction, str] = {}
        self.exchange = None  # File-menu actions for field copies and backups, added after show
        self.hierarchy = None  # Edit-menu and tree actions on estates … households, added after show
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        # Wide tab toolbars (longer in English) would otherwise squeeze estate names to "…".
        self.tree.setMinimumWidth(18 * self.tree.fontMetrics().horizontalAdvance("中"))
        splitter.setSizes([300, 980])
        self.setCentralWidget(splitter)
        self.file_label = QLabel()
        self.statusBar().addPermanentWidget(self.file_label)
        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        # Issue 9 hook: the instance lock of the open file, and changes made to it by others.
        self.file_guard = OpenFileGuard(context, self)
        self.file_guard.changed_on_disk.connect(self._on_file_changed_on_disk)
        context.project_changed.connect(self._on_project_changed)
        context.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.statusBar().showMessage(self.tr("就绪"))
        context.jobs.busy_changed.connect(self._on_jobs_busy_changed)
        context.jobs.job_started.connect(self.statusBar().showMessage)
        self._on_project_changed()

    # ------------------------------------------------------------- actions
    def _action(self, text: str, icon_name: str, slot, shortcuts=()) -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        action.setIconText(toolbar_text(text))  # the toolbar shows no "(&N)"
        self._icon_names[action] = icon_name
        action.triggered.connect(slot)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        return action

    def _stack_action(self, make, prefix: str, icon_name: str) -> QAction:  # noqa: ANN001
        """Undo/Redo: the menu says "撤销(&U) 修改名称", the toolbar just "撤销"."""
        action = make(self, prefix)
        action.setIconText(toolbar_text(prefix))
        # With a fixed icon text the tooltip would lose what is undone; keep it in step.
        def keep_tooltip() -> None:
            # The undo stack outlives the window: at quit it may speak to an action already gone.
            if shiboken6.isValid(action):
                action.setToolTip(toolbar_text(action.text()))

        action.changed.connect(keep_tooltip)
        self._icon_names[action] = icon_name
        return action

    def _make_actions(self) -> None:
        k = QKeySequence.StandardKey
        self.new_action = self._action(
            self.tr("新建项目(&N)…"), "fa5s.file", self.new_project, [k.New]
        )
        self.open_action = self._action(
            self.tr("打开项目(&O)…"), "fa5s.folder-open", self.choose_and_open, [k.Open]
        )
        self.open_readonly_action = self._action(
            self.tr("以只读方式打开(&L)…"),
            "fa5s.lock",
            lambda: self.choose_and_open(readonly=True),
            ["Ctrl+Shift+O"],
        )
        self.save_copy_action = self._action(
            self.tr("另存副本(&A)…"), "fa5s.copy", self.choose_and_save_copy, ["Ctrl+Shift+S"]
        )
        self.import_roster_action = self._action(
            self.tr("导入住户名册(&I)…"), "fa5s.file-import", self.import_roster, ["Ctrl+I"]
        )
        # Windows has no standard Quit key; Ctrl+Q is what users of other programs expect.
        self.quit_action = self._action(
            self.tr("退出(&X)"), "fa5s.sign-out-alt", self.close, ["Ctrl+Q"]
        )
        stack = self.context.undo_stack
        self.undo_action = self._stack_action(
            stack.createUndoAction, self.tr("撤销(&U)"), "fa5s.undo"
        )
        self.undo_action.setShortcuts([QKeySequence(k.Undo)])
        self.redo_action = self._stack_action(
            stack.createRedoAction, self.tr("重做(&R)"), "fa5s.redo"
        )
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.settings_action = self._action(
            self.tr("设置(&S)…"), "fa5s.cog", self.open_settings, ["Ctrl+,"]
        )
        self.about_action = self._action(self.tr("关于(&A)"), "fa5s.info-circle", self.show_about)
        self.check_chain_action = self._action(
            self.tr("检查证据链(&V)…"), "fa5s.link", self.check_chain
        )

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("文件(&F)"))
        file_menu.addActions([self.new_action, self.open_action, self.open_readonly_action])
        self.recent_menu = QMenu(self.tr("最近打开(&R)"), self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.save_copy_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_roster_action)
        self.quit_separator = file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.file_menu = file_menu
        edit_menu = bar.addMenu(self.tr("编辑(&E)"))
        edit_menu.addActions([self.undo_action, self.redo_action])
        self.edit_menu = edit_menu  # new/edit/delete estates … households join it in finish_start_up
        tools_menu = bar.addMenu(self.tr("工具(&T)"))
        tools_menu.addAction(self.check_chain_action)
        tools_menu.addAction(self.settings_action)
        help_menu = bar.addMenu(self.tr("帮助(&H)"))
        help_menu.addAction(self.about_action)
        self.help_menu = help_menu  # Help → User guide (F1) joins it in finish_start_up

    def _make_toolbar(self) -> None:
        toolbar = self.addToolBar(self.tr("工具栏"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setIconSize(QSize(20, 20))  # text only until finish_start_up brings the icons
        toolbar.addActions([self.new_action, self.open_action, self.save_copy_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action])
        toolbar.addSeparator()
        toolbar.addAction(self.settings_action)
        self.toolbar = toolbar

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for number, path in enumerate(self.context.settings.recent_files, start=1):
            # "&1 …" to "&9 …": the keyboard reaches the first nine; "&" in a path is doubled.
            key = f"&{number} " if number < 10 else ""
            action = self.recent_menu.addAction(key + path.replace("&", "&&"))
            action.triggered.connect(
                lambda _checked=False, path=path: self.open_project(Path(path))
            )
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("（无）")).setEnabled(False)

    # -------------------------------------------------------------- files
    def open_project(self, path: Path, *, readonly: bool = False) -> bool:
        """Open `path` in place of the current project; one dialog with the reason if it cannot be."""
        readonly, held_by = self.file_guard.claim(Path(path), readonly)
        try:
            project = Project(Path(path), readonly=readonly, user=self.context.user_name())
        except RetrofitError as error:
            self.file_guard.settle()
            show_error(self, error, self.context.settings.lang)
            return False
        self.context.set_project(project)
        self._remember_recent(project.path)
        self.context.show_status(self.tr("已打开项目 {0}").format(project.path.name))
        if self._start_up_timer.isActive():
            self._start_up_timer.start()  # counts from the first project's picture, not the empty window
        if project.migrated_from is not None:
            self.context.show_status(
                self.tr("项目已从旧版本升级，原文件已备份到 {0}").format(project.backup_made)
            )
        if held_by:
            self.statusBar().showMessage(held_by)
            QtWidgets.QMessageBox.information(self, self.tr("只读打开"), held_by)
        return True

    def _remember_recent(self, path: Path) -> None:
        """First in File → Recent; the settings file is written only when that changed it."""
        settings = self.context.settings
        before = (list(settings.recent_files), settings.last_project)
        settings.remember(path)
        if (settings.recent_files, settings.last_project) != before:
            settings.save()  # reopening the last project (every start) writes nothing

    def _on_file_changed_on_disk(self, path: str) -> None:
        answer = QtWidgets.QMessageBox.question(
            self,
            self.tr("项目文件已更改"),
            self.tr("项目文件已被其他程序修改。是否重新载入以显示最新内容？"),
        )
        project = self.context.project
        if answer == QtWidgets.QMessageBox.StandardButton.Yes and project is not None:
            self.open_project(Path(path), readonly=project.readonly)

    def choose_and_open(self, readonly: bool = False) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, self.tr("打开项目"), self._start_folder(), FILE_FILTER
        )
        if path:
            self.open_project(Path(path), readonly=readonly)

    def new_project(self) -> None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, self.tr("新建项目"), self._start_folder(), FILE_FILTER
        )
        if not path:
            return
        target = Path(path) if Path(path).suffix else Path(path + ".gpkg")
        self.file_guard.claim(target, False)  # a new file is ours alone: hold its lock
        try:
            project = Project.create(target, user=self.context.user_name())
        except RetrofitError as error:
            self.file_guard.settle()
            show_error(self, error, self.context.settings.lang)
            return
        self.context.set_project(project)
        self._remember_recent(project.path)

    def choose_and_save_copy(self) -> None:
        project = self.context.project
        if project is None:
            return
        suggested = str(project.path.with_name(project.path.stem + self.tr("-副本") + ".gpkg"))
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, self.tr("另存副本"), suggested, FILE_FILTER
        )
        if path:
            self.save_copy_to(Path(path))

    def save_copy_to(self, target: Path) -> None:
        from retrofit_app.core.project_file import save_copy

        source = self.context.project.path  # type: ignore[union-attr]

        def work(progress, cancelled):  # noqa: ANN001, ANN202 - runs on a pool thread
            return save_copy(source, target, progress=progress, cancelled=cancelled)

        def done(result: Path | None) -> None:
            if result is None:
                self.context.show_status(self.tr("已取消另存副本。"))
            else:
                self.context.show_status(self.tr("副本已保存到 {0}").format(result))

        self.context.jobs.run(self.tr("正在另存副本…"), work, done)

    def _start_folder(self) -> str:
        return self.context.start_folder()

    # ------------------------------------------------------------ dialogs
    def check_chain(self) -> None:
        """Tools → 检查证据链: what `retrofit-app verify` finds, for the open project."""
        from retrofit_app.gui.dialogs.chain_check_dialog import ChainCheckDialog

        if self.context.project is not None:
            ChainCheckDialog(self.context, self).exec()

    def open_settings(self) -> None:
        from retrofit_app.gui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.context.settings, self)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        if self.context.project is not None:
            # New edits carry the new name in the audit log from now on.
            self.context.project.user = self.context.user_name() or self.context.project.user
        if dialog.language_changed():
            QtWidgets.QMessageBox.information(
                self, self.tr("设置"), self.tr("界面语言将在重新启动程序后更改。")
            )

    def show_about(self) -> None:
        # Not inside an f-string: lupdate does not look there.
        name = self.tr("老旧小区改造调查")
        purpose = self.tr("离线的老旧小区改造调查、意见征询与竣工验收工具。")
        QtWidgets.QMessageBox.about(self, self.tr("关于"), f"{name} {__version__}\n\n{purpose}")

    def _on_job_failed(self, error: BaseException) -> None:
        show_job_error(self, error, self.context.settings.lang)

    # -------------------------------------------------------------- state
    def _on_project_changed(self) -> None:
        project = self.context.project
        app_name = self.tr("老旧小区改造调查")
        if project is None:
            self.setWindowTitle(app_name)
            self.file_label.setText(self.tr("未打开项目"))
        else:
            readonly = self.tr("【只读】") if project.readonly else ""
            self.setWindowTitle(f"{project.path.name}{readonly} — {app_name}")
            mode = self.tr("只读，不能修改") if project.readonly else self.tr("可编辑")
            # The name only, so a long path never crowds out the status message; the tooltip has it all.
            self.file_label.setText(f"{project.path.name}  ·  {mode}")
            self.file_label.setToolTip(str(project.path))
        has = project is not None
        self.save_copy_action.setEnabled(has)
        self.check_chain_action.setEnabled(has)

    def _on_jobs_busy_changed(self, busy: bool) -> None:
        if not busy:
            self.statusBar().showMessage(self.tr("就绪"))

    def show_tab(self, name: str) -> QWidget:
        """Bring the tab registered as `name` to the front and return its widget."""
        index = next(i for i, spec in enumerate(TABS) if spec.name == name)
        self.tabs.setCurrentIndex(index)
        return self.tab(index)

    def import_roster(self) -> None:
        """File → 导入住户名册: the Consultation tab's import, for the selected estate."""
        self.show_tab("consultation").import_roster_action.trigger()

    def _on_tree_files_dropped(self, kind: str, uuid: str, paths: list[Path]) -> None:
        """Photos dropped on a tree item go to that estate (and building, when it is one)."""
        self.context.select(kind, uuid)
        self.show_tab("photos").import_paths(paths)

    def tab(self, index: int) -> QWidget:
        """The real widget of tab `index` (built now if it was not yet)."""
        return self.tabs.widget(index).ensure_loaded()

    def _on_tabs_current_changed(self, index: int) -> None:
        if index >= 0:
            self.tabs.widget(index).ensure_loaded()

    def setVisible(self, visible: bool) -> None:  # noqa: N802
        super().setVisible(visible)
        if visible and not self._started:
            # What is not needed for the first picture comes right after it. Not in showEvent:
            # its QShowEvent would make PySide6 build QEvent and its enums (~5 ms) at start-up.
            self._started = True
            self._start_up_timer.start()

    def finish_start_up(self) -> None:
        """Right after the first picture: icons, Help → User guide, drops on the tree, field copies."""
        if self.started_up:
            return
        from retrofit_app.gui.dialogs.user_guide_dialog import add_user_guide_action

        add_user_guide_action(self, self.help_menu)  # issue 10 hook: Help → User guide (F1)
        for action, name in self._icon_names.items():
            action.setIcon(icon(name))
        self.toolbar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for index, spec in enumerate(TABS):
            self.tabs.setTabIcon(index, icon(spec.icon))
        if self.tree.model.icons_missing:
            self.tree.reload()
        # After the first picture: the view's first viewport() call makes PySide6 create the
        # Python types of every scroll area (~30 ms), and no photo is dropped before it shows.
        from retrofit_app.gui.tree_drop import TreeDropFilter

        self.tree_drop = TreeDropFilter(self.tree.view)
        self.tree_drop.files_dropped.connect(self._on_tree_files_dropped)
        self._add_exchange_actions()
        from retrofit_app.gui.hierarchy_actions import HierarchyActions

        self.hierarchy = HierarchyActions(self, self.context, self.tree, self.show_tab)
        self.hierarchy.add_to(self.edit_menu)
        QTimer.singleShot(1500, self, warm_up)
        self.started_up = True

    def _add_exchange_actions(self) -> None:
        try:
            from retrofit_app.gui.exchange_actions import ExchangeActions
        except Exception:  # noqa: BLE001 - the rest of the window works without it
            log.exception("field-exchange actions unavailable")
            return
        self.exchange = ExchangeActions(self, self.context)
        self.exchange.add_to(self.file_menu, before=self.quit_separator)
        from retrofit_app.gui.server_sync_action import ServerSyncAction

        self.server_sync = ServerSyncAction(self, self.context)
        self.server_sync.add_to(self.file_menu, before=self.exchange.conflicts_action)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.context.jobs.active_count():
            self.context.jobs.cancel_all()
            self.context.jobs.wait_for_all()
        self.context.set_project(None)
        event.accept()
