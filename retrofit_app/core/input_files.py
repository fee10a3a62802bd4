"""The check every reader of a user's file makes before opening it: a regular file, not too large.

A FIFO or a device would hang `open()` or `read()` forever, and a huge file would
take minutes and gigabytes before any row is checked; both are refused with a
sentence instead. Use `regular_file(path, limit)` before opening a file the user
chose, or `read_limited(path, limit)` to check and read it in one call.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.storage.connection import is_open_here
from retrofit_app.core.words import N_, Msg

# What a path is when it is not a regular file: catalogue ids.
_KINDS: tuple[tuple[int, str], ...] = (
    (stat.S_IFDIR, N_("file_kind.folder")),
    (stat.S_IFIFO, N_("file_kind.fifo")),
    (stat.S_IFCHR, N_("file_kind.device")),
    (stat.S_IFBLK, N_("file_kind.device")),
    (stat.S_IFSOCK, N_("file_kind.socket")),
)


def size_text(size: int) -> str:
    """Bytes as people read them: 812 KB, 50 MB, 1.5 GB."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} B"


def special_kind(path: str | os.PathLike[str]) -> Msg | None:
    """Msg("file_kind.not_ordinary") ("it is a named pipe (FIFO), not an ordinary file") for a FIFO,
    device or socket; None for a regular file, a folder or nothing there (each reader already
    says what it says for those). For readers that report a file's failure in their own words."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) and is_open_here(path):  # its close would drop the project's locks
        return Msg("file_kind.open_project")
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return Msg("file_kind.not_ordinary", kind=_kind(mode))


def _kind(mode: int) -> Msg:
    return Msg(next((k for bits, k in _KINDS if stat.S_IFMT(mode) == bits), "file_kind.special"))


def regular_file(path: str | os.PathLike[str], limit: int | None = None) -> Path:
    """`path` as a Path when it names a regular file (symlinks followed) of at most `limit` bytes.

    Raises RetrofitError: NO_SUCH_FILE when nothing is there, NOT_REGULAR_FILE for a
    folder, FIFO, device or socket (checked without opening it), FILE_TOO_LARGE
    when larger than `limit`. Nothing is opened.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError as error:
        raise RetrofitError(ErrorCode.NO_SUCH_FILE, path=path) from error
    except OSError as error:
        raise RetrofitError(
            ErrorCode.CANNOT_READ, path=path, detail=error.strerror or str(error)
        ) from error
    if not stat.S_ISREG(info.st_mode):
        raise RetrofitError(ErrorCode.NOT_REGULAR_FILE, path=path, kind=_kind(info.st_mode))
    if is_open_here(path):  # closing our handle would drop the open project's SQLite locks
        raise RetrofitError(ErrorCode.OPEN_PROJECT_AS_INPUT, path=path)
    if limit is not None and info.st_size > limit:
        _too_large(path, info.st_size, limit)
    return path


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (also when it grows while read)."""
    path = regular_file(path, limit)
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        raise RetrofitError(
            ErrorCode.CANNOT_READ, path=path, detail=error.strerror or str(error)
        ) from error
    if len(data) > limit:
        _too_large(path, len(data), limit)
    return data


def _too_large(path: Path, size: int, limit: int) -> None:
    raise RetrofitError(
        ErrorCode.FILE_TOO_LARGE, path=path, size=size_text(size), limit=size_text(limit)
    )
