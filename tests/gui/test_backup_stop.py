"""A running backup stops when asked (Cancel, closing the window): soon, nothing listed, and said."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
import test_exchange
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

from retrofit_app.core.project_backups import list_backups
from retrofit_app.core.storage import backup_sets, backups, work_folder

office = test_exchange.office  # the fixture: a bare window's exchange actions on a demo copy
STOPPED = "备份已停止"
# The first backup of the demo takes seconds here (its photo bytes go into the store); a stop is
# asked once some are there. A generous bound: machines under load are slow, a backup that
# ignored the request would instead finish and be listed.
BOUND_S = 3.0


def _photo_bytes_stored(project: Path) -> bool:
    store = backups.backup_folder(project) / backup_sets.STORE
    return store.is_dir() and any(p.is_dir() and any(p.iterdir()) for p in store.iterdir())


def _nothing_left_over(project: Path) -> bool:
    scratch = work_folder.scratch_folder(project)
    return list_backups(project) == [] and (not scratch.exists() or not any(scratch.iterdir()))


@pytest.fixture(autouse=True)
def slow_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each photo rendition written in 20 ms more, as on a slow or busy disk: the demo's backup
    otherwise ends in a fraction of a second on a warm cache, before a stop can be asked."""
    real = backup_sets.PhotoStore.put

    def put(self, data: bytes) -> str:  # noqa: ANN001
        time.sleep(0.02)
        return real(self, data)

    monkeypatch.setattr(backup_sets.PhotoStore, "put", put)


def _said(context) -> list[str]:  # noqa: ANN001
    said: list[str] = []
    context.status_message.connect(said.append)
    return said


def test_cancel_in_the_progress_dialog_stops_a_backup(qtbot, office, context) -> None:  # noqa: ANN001
    said = _said(context)
    path = context.project.path
    context.jobs.cancel_all()  # the scheduled backup at opening, at once
    qtbot.waitUntil(lambda: context.jobs.active_count() == 0, timeout=10_000)
    assert _nothing_left_over(path) and STOPPED in said[-1]
    # The photo bytes it stored before stopping would make the next backup quick: start afresh.
    shutil.rmtree(backups.backup_folder(path) / backup_sets.STORE, ignore_errors=True)
    context.jobs.show_progress = True
    office.start_backup()
    dialog = office.window.findChild(QProgressDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)  # shown once the backup has run 0.4 s
    assert context.jobs.active_count() == 1  # still copying
    asked = time.monotonic()
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: context.jobs.active_count() == 0, timeout=20_000)
    assert time.monotonic() - asked < BOUND_S
    assert _nothing_left_over(path)
    assert STOPPED in said[-1] and "不完整" in said[-1]


def test_closing_the_window_stops_the_scheduled_backup(qtbot, context, boxes, demo_path) -> None:  # noqa: ANN001
    from retrofit_app.gui.main_window import MainWindow

    main = MainWindow(context)
    qtbot.addWidget(main)
    assert main.open_project(demo_path)
    main.show()
    qtbot.waitUntil(lambda: main.started_up, timeout=10_000)
    said = _said(context)
    qtbot.waitUntil(lambda: _photo_bytes_stored(demo_path), timeout=20_000)
    assert context.jobs.active_count() == 1  # the scheduled backup at opening, copying photos
    asked = time.monotonic()
    main.close()
    assert time.monotonic() - asked < BOUND_S
    assert context.jobs.active_count() == 0 and context.project is None
    assert _nothing_left_over(demo_path)
    assert any(STOPPED in text for text in said)
