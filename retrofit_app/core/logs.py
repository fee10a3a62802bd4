"""The program's log: a rotating file in the user log folder, with phone and ID numbers masked."""

from __future__ import annotations

import logging
import re
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from retrofit_app.core.privacy import mask_id_number, mask_phone
from retrofit_app.core.settings import log_dir

LOG_NAME = "retrofit-app.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"

# An 18-character (or old 15-digit) ID number first: its digits must not be read as a phone.
_ID_NUMBER = re.compile(r"(?<![\dA-Za-z])(\d{17}[\dXx]|\d{15})(?![\dA-Za-z])")
_PHONE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)")


def mask_personal_numbers(text: str) -> str:
    """`text` with every mobile number and ID number masked as a published notice shows them."""
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), text)
    # mask_phone wants the 11 digits alone (no +86, spaces or hyphens).
    return _PHONE.sub(lambda m: mask_phone(re.sub(r"\D", "", m.group(0))[-11:]), text)


class PersonalDataFilter(logging.Filter):
    """Masks the message, its arguments and any traceback before a handler writes the record.

    A roster row or a file name in an error message may carry a resident's phone
    or ID number; the log is sent to support, so none may reach it in clear.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not turn logging into a crash
            message = f"{record.msg} {record.args!r}"
        record.msg = mask_personal_numbers(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_numbers(record.stack_info)
        return True


def log_file(folder: Path | None = None) -> Path:
    return (folder or log_dir()) / LOG_NAME


def setup_logging(
    *,
    level: int = logging.INFO,
    console: bool = False,
    folder: Path | None = None,
    max_bytes: int = MAX_BYTES,
    backups: int = BACKUPS,
) -> Path | None:
    """Send the root logger to the rotating log file (and stderr with `console`); returns the file.

    Calling it again replaces the handlers it made before. When the log folder
    cannot be written the program still runs, only without a log file (None).
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_retrofit_log", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    handlers: list[logging.Handler] = []
    path: Path | None = log_file(folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        )
    except OSError:
        path = None
    if console and sys.stderr is not None:  # a Windows window program has no console
        handlers.append(logging.StreamHandler())
    if not handlers:
        # Without any handler Python prints warnings and tracebacks to stderr itself.
        handlers.append(logging.NullHandler())
    for handler in handlers:
        handler._retrofit_log = True  # type: ignore[attr-defined]
        handler.addFilter(PersonalDataFilter())
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
    return path
