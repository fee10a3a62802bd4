"""Two programs on one project file: the second window opens it read-only and says who has it;
no write of two command lines at once is lost; the window notices changes made on disk."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from crash_support import cli, cli_env, count_rows
from PySide6.QtWidgets import QMessageBox

from retrofit_app.core.instance_lock import InstanceLock


@pytest.fixture
def other_program(demo_path: Path, lock_holder):  # noqa: ANN001
    """Another process that has the demo project open for writing."""
    return lock_holder(demo_path)


def test_a_project_open_elsewhere_opens_read_only_and_says_who_has_it(
    qtbot,
    context,
    boxes,
    demo_path: Path,
    other_program,  # noqa: ANN001
) -> None:
    from retrofit_app.gui.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    assert window.open_project(demo_path)
    assert context.project.readonly and "只读" in window.windowTitle()
    said = window.statusBar().currentMessage()
    assert "王工" in said and "只读" in said
    assert re.search(r"自 20\d\d-\d\d-\d\d \d\d:\d\d 起", said), said  # since when, to the minute
    assert said in boxes.texts("information")
    assert window.file_guard.locked_paths == []

    # The other program ends (or crashes): opening again gives a writable project.
    other_program.kill()
    other_program.wait()
    assert window.open_project(demo_path)
    assert not context.project.readonly
    assert window.file_guard.locked_paths == [demo_path.absolute()]


def test_the_window_holds_the_lock_while_open_and_lets_go_when_closed(
    qtbot,
    window,
    demo_path: Path,  # noqa: ANN001
) -> None:
    second = InstanceLock(demo_path, "第二个窗口")
    assert not second.acquire()  # the first window has it
    window.close()
    assert second.acquire()
    second.release()


WRITER = """
import sys
from retrofit_app.cli import main
project, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(n):
    # Both loops in one district: each new code is the next free one, so they race for it.
    status = main(["add-estate", project, "--name", f"{tag}小区{i}", "--district", "玄武区"])
    assert status == 0, status
"""


def test_two_command_lines_writing_at_once_lose_nothing(project_path: Path, tmp_path: Path) -> None:
    env = cli_env(tmp_path / "home")
    assert cli(env, "new", project_path).status == 0
    n = 40
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(project_path), tag, str(n)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("甲", "乙")
    ]
    # And two whole command lines started at the same moment, beside the loops.
    singles = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "retrofit_app",
                "add-estate",
                str(project_path),
                "--name",
                f"单独{i}",
                "--district",
                "鼓楼区",
            ],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    for child in writers + singles:
        _, err = child.communicate(timeout=240)
        assert child.returncode == 0, err
    assert count_rows(project_path, "estates") == 2 * n + 2
    assert count_rows(project_path, "estates", "name LIKE '甲小区%'") == n
    assert count_rows(project_path, "estates", "code LIKE 'XW-%'") == 2 * n
    assert count_rows(project_path, "audit_log", "table_name = 'estates'") == 2 * n + 2


def test_the_window_notices_a_change_made_by_another_program(
    qtbot,
    window,
    boxes,
    demo_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    guard = window.file_guard
    # Our own edit is not news.
    with qtbot.assertNotEmitted(guard.changed_on_disk, wait=800):
        window.context.project.estates.create("本窗口的小区", "鼓楼区")
        window.context.notify_changed("estates")
    # Another program's edit is: the window asks, and reloads when told to.
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))  # fmt: skip
    old = window.context.project
    with qtbot.waitSignal(guard.changed_on_disk, timeout=10_000):
        added = cli(cli_env(tmp_path / "home"), "add-estate", demo_path, "--name", "别处加的小区", "--district", "玄武区")  # fmt: skip
        assert added.status == 0, added.err
    qtbot.waitUntil(lambda: window.context.project is not old, timeout=5_000)
    names = [e.name for e in window.context.project.estates.list()]
    assert "别处加的小区" in names and "本窗口的小区" in names
    assert not window.context.project.readonly


def test_a_new_project_is_held_by_the_window_that_made_it(
    qtbot,
    context,
    boxes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from retrofit_app.gui.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    target = tmp_path / "新项目.gpkg"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    window.new_project()
    assert context.project is not None and window.file_guard.locked_paths == [target.absolute()]
    assert not InstanceLock(target, "别人").acquire()
