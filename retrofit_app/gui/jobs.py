"""Background jobs: run a slow core function on a thread pool with a progress dialog and Cancel.

Usage (from a tab; `context.jobs` is a JobRunner)::

    factory = context.project_factory()          # on the main thread

    def work(progress, cancelled):               # on a pool thread
        with factory() as project:               # one SQLite connection per thread
            return import_photos(project, paths, progress=progress, cancelled=cancelled)

    context.jobs.run(self.tr("导入照片"), work, self._on_photos_imported)

Rules: `func` must not touch widgets or the main thread's Project. `on_done(result)`
runs on the main thread whenever `func` returns (also after Cancel: the core
function decides what a cancelled run returns; `job.is_cancelled()` tells).
`on_error(exception)` runs on the main thread when `func` raises; without it a
dialog shows the error's sentence. The runner keeps every job alive until its
callback has run, and `wait_for_all()` lets the app quit cleanly.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QWidget

# `QtCore.Qt` and the progress dialog are looked up when a job runs, not imported above:
# naming `Qt` builds its 93 enum classes (~25 ms), and the main window is shown without
# needing them (issue 2, benchmark a).
if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]
JobFunc = Callable[[ProgressFn, CancelledFn], Any]

# Progress from a tight core loop is thinned out so the event queue is not flooded.
_PROGRESS_INTERVAL = 0.05
_DIALOG_DELAY_MS = 400


class Job(QObject):
    """One background run: lives on the main thread; its signals cross from the worker."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, title: str, func: JobFunc, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.func = func
        self._cancel = threading.Event()
        self._last_progress = 0.0
        self.done = False
        self.dialog: QProgressDialog | None = None

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _report(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last_progress >= _PROGRESS_INTERVAL:
            self._last_progress = now
            self.progress.emit(int(done), int(total))

    def execute(self) -> None:
        """Called on the pool thread."""
        try:
            try:
                result = self.func(self._report, self._cancel.is_set)
            except BaseException as error:  # noqa: BLE001 - every failure must reach the main thread
                self.failed.emit(error)
            else:
                self.finished.emit(result)
        except RuntimeError:
            pass  # the runner was destroyed while this ran (the app is closing): no one to tell


class _Runnable(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job

    def run(self) -> None:
        self.job.execute()


class JobRunner(QObject):
    """Starts jobs, shows their progress, and holds them until their callbacks have run."""

    busy_changed = Signal(bool)
    job_started = Signal(str)  # the job's title, for the status bar

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.window: QWidget | None = None  # parent of progress and error dialogs
        self.show_progress = True  # tests and scripts may turn the dialog off
        self.error_handler: Callable[[BaseException], None] | None = None
        self._active: dict[Job, tuple[_Runnable, QProgressDialog | None]] = {}
        # A runnable may still be returning from run() on its thread after its result has
        # arrived here; it is freed only once the pool is idle.
        self._retired: list[_Runnable] = []
        self._retired_jobs: list[Job] = []
        from retrofit_app.gui import main_thread_gc

        main_thread_gc.install()  # jobs' threads must never collect the window's objects

    def run(
        self,
        title: str,
        func: JobFunc,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        *,
        quiet: bool = False,
    ) -> Job:
        """`quiet`: no progress dialog (routine work such as a scheduled backup); the
        status bar still names the job."""
        self._free_retired()
        job = Job(title, func)  # no parent: deleting the runner must not pull a running job away
        wanted = self.show_progress and not quiet
        dialog = job.dialog = self._progress_dialog(job) if wanted else None
        job.finished.connect(
            lambda result: self._settle(job, on_done, result),
            QtCore.Qt.ConnectionType.QueuedConnection,
        )
        job.failed.connect(
            lambda error: self._settle(job, on_error or self._default_error, error),
            QtCore.Qt.ConnectionType.QueuedConnection,
        )
        runnable = _Runnable(job)
        runnable.setAutoDelete(False)
        self._active[job] = (runnable, dialog)
        if len(self._active) == 1:
            self.busy_changed.emit(True)
        self.pool.start(runnable)
        self.job_started.emit(title)
        return job

    def _progress_dialog(self, job: Job) -> QProgressDialog:
        from PySide6.QtWidgets import QProgressDialog

        dialog = QProgressDialog(job.title, self.tr("取消"), 0, 0, self.window)
        dialog.setWindowTitle(job.title)
        dialog.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
        # Quick jobs finish before a dialog flashes up; slower ones show it even when
        # they never report progress (QProgressDialog alone would wait for a setValue).
        dialog.setMinimumDuration(_DIALOG_DELAY_MS)
        QTimer.singleShot(
            _DIALOG_DELAY_MS, job, lambda: job.dialog.show() if job.dialog is not None else None
        )
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(job.cancel)
        dialog.canceled.connect(lambda: dialog.setLabelText(self.tr("正在取消…")))

        def show_progress(done: int, total: int) -> None:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total > 0 else 0)

        job.progress.connect(show_progress, QtCore.Qt.ConnectionType.QueuedConnection)
        return dialog

    def _settle(self, job: Job, callback: Callable[[Any], None], value: Any) -> None:
        if job.done:
            return
        job.done = True
        runnable, dialog = self._active.pop(job, (None, None))
        if runnable is not None:
            self._retired.append(runnable)
        if dialog is not None:
            job.dialog = None
            dialog.close()
            dialog.deleteLater()
        if not self._active:
            # Before the callback, so the callback's own status message is the one that stays.
            self.busy_changed.emit(False)
        try:
            callback(value)
        finally:
            # Not deleted yet: its pool thread may still be inside finished.emit() after the
            # result has arrived here. Deleted with its runnable once the pool is idle.
            self._retired_jobs.append(job)
            self._free_retired()

    def report_error(self, error: BaseException) -> None:
        """Say `error` as a job's failure is said (the window's error dialog)."""
        self._default_error(error)

    def _default_error(self, error: BaseException) -> None:
        if self.error_handler is not None:
            self.error_handler(error)
        else:
            raise error

    def _free_retired(self) -> None:
        if self.pool.activeThreadCount() == 0:
            self._retired.clear()
            for job in self._retired_jobs:
                job.deleteLater()
            self._retired_jobs.clear()

    def active_count(self) -> int:
        return len(self._active)

    def cancel_all(self) -> None:
        for job in list(self._active):
            job.cancel()

    def wait_for_all(self, timeout_ms: int = -1) -> bool:
        """Block until every job has finished and its callback has run; False on timeout."""
        deadline = (
            QtCore.QDeadlineTimer(timeout_ms)
            if timeout_ms >= 0
            else QtCore.QDeadlineTimer(QtCore.QDeadlineTimer.ForeverConstant.Forever)
        )
        while self._active:
            self.pool.waitForDone(50)
            QCoreApplication.processEvents()
            if deadline.hasExpired():
                return False
        self.pool.waitForDone(deadline.remainingTime() if timeout_ms >= 0 else -1)
        self._free_retired()
        return True
