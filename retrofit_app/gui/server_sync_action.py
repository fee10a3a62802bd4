"""File → 与服务器同步: the open server copy synced with the district server (issue 26 point 3).

The sync hands the copy out afresh (a new file in its place), so the window closes the project
first and opens it again after, successful or not: no view keeps reading a file that is gone,
and no edit can land in it. The work runs in the background with progress and Cancel; Cancel
stops before the push, which leaves the server and the copy as they were.

First the window signs in as the copy's role (issue 26 point 4): with the address as kept, else
with the password the system keyring keeps; else it asks in a small dialog, and keeps the
password in the keyring if the user ticks 记住密码 (never in settings or the project file).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.server import keychain
from retrofit_app.core.server.connection import role, shown, sign_in
from retrofit_app.core.server.copy_link import server_of, server_url
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.icons import icon

if TYPE_CHECKING:
    from pathlib import Path

    from retrofit_app.core.server.sync import SyncResult
    from retrofit_app.gui.dialogs.server_signin_dialog import ServerSignInDialog
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
        self.sign_in_dialog: ServerSignInDialog | None = None
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
        url, path = server_url(project.path), project.path

        def work(progress, cancelled):  # noqa: ANN001, ANN202, ARG001 - runs on a pool thread
            return keychain.sign_in_as_kept(url)

        def done(refused: RetrofitError | None) -> None:
            if refused is None:
                self._sync(path)
            else:  # the first time no sentence: the server just asks for the password
                wrong = refused.code == ErrorCode.SERVER_LOGIN_FAILED
                self._ask(url, path, self.context.sentence(refused) if wrong else "")

        self.context.jobs.run(self.tr("正在连接服务器…"), work, done)

    def _ask(self, url: str, path: Path, problem: str) -> None:
        from retrofit_app.gui.dialogs.server_signin_dialog import ServerSignInDialog

        dialog = ServerSignInDialog(
            shown(url), role(url), problem=problem, keyring=keychain.available(),
            parent=self.parent(),
        )  # fmt: skip
        self.sign_in_dialog = dialog

        def answered() -> None:
            password, remember = dialog.password(), dialog.remember()
            self._let_go_of_dialog()

            def work(progress, cancelled):  # noqa: ANN001, ANN202, ARG001 - a pool thread
                sign_in(url, password)

            def done(_: None) -> None:
                if remember:
                    try:
                        keychain.store_password(url, password)
                    except RetrofitError as error:  # no keyring after all: this run only
                        self.context.show_status(self.context.sentence(error))
                self._sync(path)

            def failed(error: BaseException) -> None:
                if isinstance(error, RetrofitError) and error.code in keychain.REFUSED:
                    self._ask(url, path, self.context.sentence(error))  # once more
                else:
                    self.context.jobs.report_error(error)

            self.context.jobs.run(self.tr("正在登录服务器…"), work, done, failed)

        dialog.accepted.connect(answered)
        dialog.rejected.connect(self._let_go_of_dialog)
        dialog.open()

    def _let_go_of_dialog(self) -> None:
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.deleteLater()
            self.sign_in_dialog = None

    def _sync(self, path: Path) -> None:
        project = self.context.project
        if project is None or project.path != path:  # another project opened meanwhile
            return
        user = project.user
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
