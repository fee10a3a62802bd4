"""What the window keeps an eye on for the open file: the instance lock, and changes made on disk by others.

A window holds the project's InstanceLock while it has the file open for
writing; a second window finds it taken and opens the file read-only, naming
the holder. A QFileSystemWatcher on the file and its -wal notices writes from
elsewhere (a command line, another window); `PRAGMA data_version` tells them
apart from our own, which the window already shows.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QObject, QTimer, Signal

from retrofit_app.core.clock import shown_minute
from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.instance_lock import InstanceLock, current_holder
from retrofit_app.gui.context import AppContext

SETTLE_MS = 300  # one write touches the file and its -wal several times: wait for quiet


def holder_sentence(path: Path) -> str:
    """Who has `path` open, as a sentence for the status bar and the message box."""
    holder = current_holder(path)
    if holder is None:
        return QCoreApplication.translate(
            "FileWatch", "项目 {0} 已在另一个程序中打开，本窗口以只读方式打开。"
        ).format(path.name)
    if holder.since:
        return QCoreApplication.translate(
            "FileWatch", "项目 {0} 已由 {1} 在 {2} 上打开（自 {3} 起，进程 {4}），本窗口以只读方式打开。"
        ).format(path.name, holder.user, holder.host, shown_minute(holder.since), holder.pid)
    return QCoreApplication.translate(
        "FileWatch", "项目 {0} 已由 {1} 在 {2} 上打开（进程 {3}），本窗口以只读方式打开。"
    ).format(path.name, holder.user, holder.host, holder.pid)


class OpenFileGuard(QObject):
    """Holds the lock of the open project and says when someone else changed the file."""

    changed_on_disk = Signal(str)  # the project's path

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._locks: dict[Path, InstanceLock] = {}
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_file_changed)
        self._watcher.directoryChanged.connect(self._on_file_changed)  # a -wal appearing
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._check)
        self._seen: int | None = None
        context.project_changed.connect(self._on_project_changed)
        context.data_changed.connect(lambda _table: self._remember())
        context.jobs.busy_changed.connect(lambda busy: None if busy else self._remember())

    # ---------------------------------------------------------------- lock
    def claim(self, path: Path, readonly: bool) -> tuple[bool, str]:
        """Before opening `path`: (open read-only?, the sentence saying who holds it or "")."""
        path = Path(path).absolute()
        if readonly or path in self._locks:
            return readonly, ""
        lock = InstanceLock(path, self.context.user_name())
        if lock.acquire():
            self._locks[path] = lock
            return False, ""
        return True, holder_sentence(path)

    def settle(self) -> None:
        """Release every lock but the open project's (after a switch, a close or a failed open)."""
        project = self.context.project
        keep = project.path if project is not None and not project.readonly else None
        for path in [p for p in self._locks if p != keep]:
            self._locks.pop(path).release()

    @property
    def locked_paths(self) -> list[Path]:
        return list(self._locks)

    # ------------------------------------------------------------- watcher
    def _on_project_changed(self) -> None:
        self.settle()
        if self._watcher.files():
            self._watcher.removePaths(self._watcher.files())
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        project = self.context.project
        if project is None:
            self._seen = None
            return
        wal = Path(f"{project.path}-wal")
        self._watcher.addPaths(
            [str(p) for p in (project.path, wal, project.path.parent) if p.exists()]
        )
        self._remember()

    def _data_version(self) -> int | None:
        project = self.context.project
        if project is None:
            return None
        with contextlib.suppress(RetrofitError, sqlite3.Error):
            return project.data_version()
        return None

    def _remember(self) -> None:
        """Our own changes (this window and its background jobs) are not news."""
        self._seen = self._data_version()

    def _on_file_changed(self, changed: str) -> None:
        project = self.context.project
        if project is None:
            return
        wal = f"{project.path}-wal"
        if Path(wal).exists() and wal not in self._watcher.files():
            self._watcher.addPath(wal)
        if Path(changed) == project.path.parent and not Path(wal).exists():
            return  # some other file in the folder
        self._settle.start()

    def _check(self) -> None:
        if self.context.jobs.active_count():
            return  # our own job is writing; busy_changed re-reads the version when it ends
        now = self._data_version()
        if now is not None and self._seen is not None and now != self._seen:
            self._seen = now
            self.changed_on_disk.emit(str(self.context.project.path))  # type: ignore[union-attr]
