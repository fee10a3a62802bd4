"""Background jobs: results and errors come back on the main thread; Cancel reaches the core function."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.gui.jobs import JobRunner


def test_the_result_arrives_on_the_main_thread_with_progress(qtbot):  # noqa: ANN001
    runner = JobRunner()
    runner.show_progress = False
    seen: dict[str, object] = {}
    steps: list[tuple[int, int]] = []

    def work(progress, cancelled):  # noqa: ANN001, ANN202
        for i in range(1, 6):
            progress(i, 5)
        return threading.current_thread() is threading.main_thread()

    job = runner.run(
        "计算", work, lambda result: seen.update(result=result, thread=threading.current_thread())
    )
    job.progress.connect(lambda done, total: steps.append((done, total)))
    assert runner.wait_for_all(5000)
    assert seen == {"result": False, "thread": threading.main_thread()}
    assert runner.active_count() == 0


def test_an_error_reaches_on_error_and_not_on_done(qtbot):  # noqa: ANN001
    runner = JobRunner()
    runner.show_progress = False
    done, failed = [], []

    def work(progress, cancelled):  # noqa: ANN001, ANN202
        raise RetrofitError(ErrorCode.NO_SUCH_ESTATE, estate="颐和新村")

    runner.run("出错", work, done.append, failed.append)
    assert runner.wait_for_all(5000)
    assert done == [] and [e.code for e in failed] == [ErrorCode.NO_SUCH_ESTATE]


def test_cancel_from_the_progress_dialog_stops_the_work(qtbot):  # noqa: ANN001
    runner = JobRunner()
    started = threading.Event()
    finished: list[int] = []

    def work(progress, cancelled):  # noqa: ANN001, ANN202
        started.set()
        count = 0
        while not cancelled() and count < 10_000:
            count += 1
            threading.Event().wait(0.001)
        return count

    job = runner.run("长时间任务", work, finished.append)
    assert started.wait(5)
    assert isinstance(job.dialog, QProgressDialog) and job.dialog.labelText() == "长时间任务"
    qtbot.waitUntil(job.dialog.isVisible, timeout=3000)  # it appears once the work takes a while
    cancel_button = job.dialog.findChild(QPushButton)
    assert cancel_button.text() == "取消"
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    assert runner.wait_for_all(5000)
    assert finished and finished[0] < 10_000


def test_busy_is_reported_while_jobs_run(qtbot):  # noqa: ANN001
    runner = JobRunner()
    runner.show_progress = False
    states: list[bool] = []
    runner.busy_changed.connect(states.append)
    gate = threading.Event()
    runner.run("一", lambda p, c: gate.wait(5), lambda r: None)
    runner.run("二", lambda p, c: gate.wait(5), lambda r: None)
    gate.set()
    assert runner.wait_for_all(5000)
    assert states == [True, False]


def test_a_quiet_job_shows_no_dialog(qtbot):  # noqa: ANN001
    runner = JobRunner()
    results: list[int] = []
    job = runner.run("定时备份", lambda p, c: 7, results.append, quiet=True)
    assert job.dialog is None
    assert runner.wait_for_all(5000) and results == [7]
