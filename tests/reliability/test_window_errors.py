"""The window never dies on an exception, and the log rotates with no personal data in it."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from retrofit_app.core.logs import LOG_NAME, setup_logging
from retrofit_app.gui import unexpected_error_dialog
from retrofit_app.gui.app import install_excepthook

PHONE, ID_NUMBER = "13812345678", "320102198001011234"


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the unexpected-error dialogs the window showed (exec stubbed: no modal loop)."""
    shown: list[str] = []
    monkeypatch.setattr(
        unexpected_error_dialog.UnexpectedErrorDialog, "exec", lambda self: shown.append(self.text()) or 0
    )
    return shown


@pytest.fixture
def hook(window, tmp_path: Path, own_logging):  # noqa: ANN001
    log_path = setup_logging(folder=tmp_path / "日志")
    saved = sys.excepthook
    install_excepthook(window, log_path)
    yield log_path
    sys.excepthook = saved


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_shows_the_dialog_and_the_window_carries_on(
    qtbot, window, dialogs: list[str], hook: Path
) -> None:
    project = window.context.project
    estates_before = len(project.estates.list())

    def half_done_then_fails() -> None:
        with project.write():
            project.estates.create("半途小区", "鼓楼区")
            raise RuntimeError(f"模拟的故障，住户电话 {PHONE}")

    button = QPushButton("出错的按钮", window)
    button.clicked.connect(half_done_then_fails)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    assert len(dialogs) == 1
    assert "模拟的故障" in dialogs[0] and str(hook) in dialogs[0]
    assert len(project.estates.list()) == estates_before  # nothing half-done was saved
    # The program carries on: the window is there and the next click does its work.
    done: list[int] = []
    button.clicked.disconnect()
    button.clicked.connect(lambda: done.append(len(project.estates.list())))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.isVisible() and done == [estates_before] and len(dialogs) == 1
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = hook.read_text(encoding="utf-8")
    assert "Traceback" in logged and "half_done_then_fails" in logged
    assert PHONE not in logged and "138****5678" in logged


def test_the_dialog_names_the_log_file(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    log_path = tmp_path / LOG_NAME
    try:
        raise ValueError("测试")
    except ValueError as error:
        dialog = unexpected_error_dialog.UnexpectedErrorDialog(None, ValueError, error, error.__traceback__, log_path)  # fmt: skip
    qtbot.addWidget(dialog)
    assert str(log_path) in dialog.text() and "测试" in dialog.text()
    assert "ValueError" in dialog.detailedText()  # for support, under "Show Details…"


def test_the_log_rotates_and_holds_no_phone_or_id_numbers(tmp_path: Path, own_logging) -> None:  # noqa: ANN001
    folder = tmp_path / "日志"
    path = setup_logging(folder=folder, max_bytes=2_000, backups=2)
    log = logging.getLogger("retrofit_app.test")
    for n in range(60):
        log.info("第 %d 户：电话 %s，身份证 %s", n, PHONE, ID_NUMBER)
    try:
        raise KeyError(f"住户 {ID_NUMBER}")
    except KeyError:
        log.exception("导入失败，电话 %s", PHONE)
    for handler in logging.getLogger().handlers:
        handler.flush()
    names = sorted(p.name for p in folder.iterdir())
    assert names == [LOG_NAME, f"{LOG_NAME}.1", f"{LOG_NAME}.2"]  # at most two old files kept
    assert all(p.stat().st_size <= 2_000 for p in folder.iterdir())
    text = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
    assert PHONE not in text and ID_NUMBER not in text
    assert "138****5678" in text and "320102********1234" in text
    assert "Traceback" in path.read_text(encoding="utf-8")


def test_an_unwritable_log_folder_does_not_stop_the_program(tmp_path: Path, own_logging) -> None:  # noqa: ANN001
    blocker = tmp_path / "不是文件夹"
    blocker.write_text("x", encoding="utf-8")
    assert setup_logging(folder=blocker / "logs") is None
    logging.getLogger("retrofit_app.test").error("still fine")


def test_a_bug_in_a_command_prints_a_sentence_and_logs_the_details(
    project_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    own_logging,  # noqa: ANN001
) -> None:
    from retrofit_app.cli import main, project_commands
    from retrofit_app.core.logs import log_file

    def broken(args, settings) -> int:  # noqa: ANN001
        raise ZeroDivisionError(f"住户 {PHONE} 的面积为 0")

    monkeypatch.setattr(project_commands, "run_info", broken)
    assert main(["info", str(project_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("程序内部错误") and str(log_file()) in err
    assert "ZeroDivisionError" not in err and "Traceback" not in err
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = log_file().read_text(encoding="utf-8")
    assert "ZeroDivisionError" in logged and PHONE not in logged


def test_a_bad_log_call_is_masked_not_raised() -> None:
    from retrofit_app.core.logs import PersonalDataFilter

    record = logging.LogRecord("t", logging.WARNING, __file__, 1, "少了参数 %s %s", (PHONE,), None)
    assert PersonalDataFilter().filter(record)
    assert "少了参数" in record.getMessage() and PHONE not in record.getMessage()
