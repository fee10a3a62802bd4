"""The window's error boxes: a user error as its one sentence, anything else with its traceback."""

from __future__ import annotations

import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from retrofit_app.core.errors import RetrofitError


def show_error(parent: QWidget | None, error: RetrofitError, language: str) -> None:
    title = QCoreApplication.translate("Errors", "无法完成操作")
    QMessageBox.warning(parent, title, error.sentence(language))


def show_unexpected(
    parent: QWidget | None,
    kind: type[BaseException],
    error: BaseException,
    tb: TracebackType | None,
) -> None:
    """A bug, not a user error: say so, and keep the details for the report."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("Errors", "程序出错"))
    box.setText(
        QCoreApplication.translate(
            "Errors",
            "发生了意外错误，刚才的操作可能没有完成。已保存的数据不受影响。请把详细信息发给技术支持。",
        )
    )
    box.setDetailedText("".join(traceback.format_exception(kind, error, tb)))
    box.exec()
