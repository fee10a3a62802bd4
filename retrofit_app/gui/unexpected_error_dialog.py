"""The dialog shown for an unexpected error: what happened, that work goes on, and where the log is."""

from __future__ import annotations

import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from retrofit_app.core.logs import log_file, mask_personal_numbers


def unexpected_error_text(error: BaseException, log_path: Path | None) -> str:
    """The dialog's sentences: the error's own message and the log file to send to support."""
    lines = [
        QCoreApplication.translate(
            "Errors", "发生了意外错误，刚才的操作没有完成，也没有保存任何半成品。程序可以继续使用。"
        ),
        QCoreApplication.translate("Errors", "错误信息：{0}").format(
            str(error) or type(error).__name__
        ),
    ]
    if log_path is not None:
        lines.append(
            QCoreApplication.translate(
                "Errors", "详细情况已记录在日志文件 {0}，请把它发给技术支持。"
            ).format(log_path)
        )
    return "\n\n".join(lines)


class UnexpectedErrorDialog(QMessageBox):
    """A critical box with the traceback under "Show Details…" (masked like the log)."""

    def __init__(
        self,
        parent: QWidget | None,
        kind: type[BaseException],
        error: BaseException,
        tb: TracebackType | None,
        log_path: Path | None,
    ) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(QCoreApplication.translate("Errors", "程序出错"))
        self.setText(unexpected_error_text(error, log_path))
        details = "".join(traceback.format_exception(kind, error, tb))
        self.setDetailedText(mask_personal_numbers(details))


def show_unexpected_error(
    parent: QWidget | None,
    kind: type[BaseException],
    error: BaseException,
    tb: TracebackType | None,
    log_path: Path | None = None,
) -> None:
    UnexpectedErrorDialog(parent, kind, error, tb, log_path or log_file()).exec()
