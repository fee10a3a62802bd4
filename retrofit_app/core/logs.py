"""The program's log: a rotating file in the user log folder, with phone and ID numbers masked."""

from __future__ import annotations

import logging
import re
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from retrofit_app.core.settings import log_dir

LOG_NAME = "retrofit-app.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"

# An 18-character (or old 15-digit) ID number first: its digits must not be read as a phone.
# Patterns as text: `re` compiles them at the first record and keeps them; a start of the
# window usually logs nothing, and compiling here cost every start (issue 2, benchmark a).
_ID_NUMBER = r"(?<![\dA-Za-z])(\d{17}[\dXx]|\d{15})(?![\dA-Za-z])"
_PHONE = r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)"


def mask_personal_numbers(text: str) -> str:
    """`text` with every mobile number and ID number masked as a published notice shows them."""
    from retrofit_app.core.privacy import mask_id_number, mask_phone

    text = re.sub(_ID_NUMBER, lambda m: mask_id_number(m.group(0)), text)
    # mask_phone wants the 11 digits alone (no +86, spaces or hyphens).
    return re.sub(_PHONE, lambda m: mask_phone(re.sub(r"\D", "", m.group(0))[-11:]), text)


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


class SizeRotatingFileHandler(RotatingFileHandler):
    """The stdlib rotating file (log, .1, .2 …) with the size counted in UTF-8 bytes.

    RotatingFileHandler counts characters, and a line of Chinese is three times its
    length in bytes; with no old files kept (backups=0) it would never start afresh.
    """

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")

    def shouldRollover(self, record: logging.LogRecord) -> bool:  # noqa: N802 - stdlib name
        if self.maxBytes <= 0:
            return False
        if self.stream is None:
            self.stream = self._open()
        self.stream.seek(0, 2)
        line = len(self.format(record).encode("utf-8", "replace")) + 1
        return self.stream.tell() + line >= self.maxBytes

    def doRollover(self) -> None:  # noqa: N802 - stdlib name
        if self.backupCount == 0:
            if self.stream is not None:
                self.stream.close()
                self.stream = None
            Path(self.baseFilename).unlink(missing_ok=True)
        super().doRollover()


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
    file = log_file(folder)
    path: Path | None = file
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(SizeRotatingFileHandler(file, max_bytes, backups))
    except OSError:
        path = None
    if console and sys.stderr is not None:  # a Windows window program has no console
        handlers.append(logging.StreamHandler())
    if not handlers:
        # Without any handler Python prints warnings and tracebacks to stderr itself.
        handlers.append(logging.NullHandler())
    for handler in handlers:
        handler._retrofit_log = True  # type: ignore[attr-defined]  # our mark, read back above
        handler.addFilter(PersonalDataFilter())
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
    return path
