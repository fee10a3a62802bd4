"""File → 与服务器同步: the open server copy synced with the district server (issue 26 point 3).

The sync hands the copy out afresh (a new file in its place), so the window closes the project
first and opens it again after, successful or not: no view keeps reading a file that is gone,
and no edit can land in it. The work runs in the background with progress and Cancel; Cancel
stops before the push, which leaves the server and the copy as they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.server.copy_link import server_of
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.icons import icon

if TYPE_CHECKING:
    from pathlib import Path

    from retrofit_app.core.server.sync import SyncResult
    from retrofit_app.gui.file_watch import OpenFileGuard


class _Window(Protocol):
    """What the action needs of the main window (which imports this module)."""

    file_guard: OpenFileGuard

    def open_project(self, path: Path, *, readonly: bool = False) -> bool: ...


class ServerSyncAction(QObject):
    def __init__(self, window: Any, context: AppContext) -> None:  # noqa: ANN401 - a _Window
        super().__init__(window)
        self.window: _Window = window
        self.context = context
        self.action = QAction(icon("fa5s.sync-alt"), self.tr("与服务器同步(&Y)…"), window)
        self.action.triggered.connect(self.start)
        self.server = ""
        context.project_changed.connect(self._on_project_changed)
        self._on_project_changed()

    def add_to(self, menu: QMenu, before: QAction | None = None) -> None:
        menu.insertAction(before, self.action)

    def _on_project_changed(self) -> None:
        project = self.context.project
        self.server = ""
        if project is not None and not project.readonly:
            try:
                self.server = server_of(project.path)
            except Exception:  # noqa: BLE001 - a file that cannot tell is no server copy here
                self.server = ""
        self.action.setEnabled(bool(self.server))
        self.action.setToolTip(
            self.tr("与区级服务器 {0} 同步").format(self.server) if self.server else ""
        )

    def start(self) -> None:
        project = self.context.project
        if project is None or not self.server:
            return
        path, user = project.path, project.user
        self.context.set_project(None)  # the sync puts a new file in its place: let go of it
        self.window.file_guard.settle()

        def work(progress, cancelled):  # noqa: ANN001, ANN202 - runs on a pool thread
            from retrofit_app.core.server.sync import sync

            return sync(path, user=user, progress=progress, cancelled=cancelled)

        def done(result: SyncResult) -> None:
            self.window.open_project(path)
            self._said(result)

        def failed(error: BaseException) -> None:
            self.window.open_project(path)
            if isinstance(error, RetrofitError) and error.code == ErrorCode.CANCELLED:
                self.context.show_status(self.tr("同步已取消，服务器和本机副本都未改动。"))
                return
            self.context.jobs.report_error(error)

        self.context.jobs.run(self.tr("正在与服务器同步…"), work, done, failed)

    def _said(self, result: SyncResult) -> None:
        pushed = sum(sum(kinds.values()) for kinds in result.pushed.values())
        text = self.tr("已与服务器 {0} 同步：上传 {1} 处修改，服务器版本 {2}。").format(
            result.server, pushed, result.revision
        )
        self.context.show_status(text)
        if result.conflicts:
            lines = [self._conflict_line(c) for c in result.conflicts]
            text += "\n" + self.tr(
                "有 {0} 个字段双方都改过，保留了服务器上的值；要用本机的值，请在副本里再改一次后同步："
            ).format(len(result.conflicts))
            text += "\n" + "\n".join(lines)
        QMessageBox.information(self.parent(), self.tr("与服务器同步"), text)

    def _conflict_line(self, conflict: Any) -> str:  # noqa: ANN401
        from retrofit_app.core.exchange.conflicts import record_name
        from retrofit_app.core.words import say

        record = record_name(conflict.table, conflict.record_uuid)
        return self.tr("· {0}：{1}，服务器为“{2}”，本机为“{3}”").format(
            say(record, self.context.settings.lang, **record.params), conflict.field,
            conflict.office_value, conflict.field_value,
        )  # fmt: skip
