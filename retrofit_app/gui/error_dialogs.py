"""The window's box for a user error: its one sentence (unexpected errors: unexpected_error_dialog.py)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from retrofit_app.core.errors import RetrofitError


def show_error(parent: QWidget | None, error: RetrofitError, language: str) -> None:
    from PySide6.QtWidgets import QMessageBox  # on first use: its class costs start-up ~2 ms

    title = QCoreApplication.translate("Errors", "无法完成操作")
    QMessageBox.warning(parent, title, error.sentence(language))


def show_job_error(parent: QWidget | None, error: BaseException, language: str) -> None:
    """A background job's failure: a user error as its sentence; anything else is re-raised, so it
    reaches sys.excepthook and the unexpected-error dialog."""
    if not isinstance(error, RetrofitError):
        raise error
    show_error(parent, error, language)
