"""Save a copy of a project file elsewhere (SQLite's online backup API: consistent while open)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from retrofit_app.core.errors import ErrorCode, ProjectFileError
from retrofit_app.core.storage import work_folder
from retrofit_app.core.storage.connection import file_uri
from retrofit_app.core.storage.create import private_file
from retrofit_app.core.storage.sqlite_errors import translated

_PAGES_PER_STEP = 256


class _Stopped(Exception):
    pass


def save_copy(
    source: Path,
    target: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path | None:
    """Copy the project at `source` to `target` (replacing it); None if cancelled.

    Opens its own connection, so it may run on a worker thread. The copy is written
    beside `target` first and renamed at the end: a failed or cancelled copy never
    leaves a half-written file under the chosen name.
    """
    source, target = Path(source).absolute(), Path(target).absolute()
    if target.exists() and target.resolve() == source.resolve():
        raise ProjectFileError(ErrorCode.EXISTS, path=target)
    if target.is_dir():
        raise ProjectFileError(ErrorCode.IS_DIRECTORY, path=target)

    def step(_status: int, remaining: int, total: int) -> None:
        if cancelled and cancelled():
            raise _Stopped
        if progress:
            progress(total - remaining, total)

    # The temporary name is recorded in the project's folder: a copy killed half-way is
    # removed when the project is next opened (work_folder.tidy).
    with work_folder.partial_file(source, target) as partial:
        src = sqlite3.connect(file_uri(source, "ro"), uri=True, timeout=5)
        try:
            with translated(target):
                private_file(partial)  # owner-only, as every project file (issue 23)
                dst = sqlite3.connect(partial)
                try:
                    src.backup(dst, pages=_PAGES_PER_STEP, progress=step)
                    # The copy is a plain single file: no -wal beside it to lose when it is mailed.
                    dst.execute("PRAGMA journal_mode = DELETE")
                finally:
                    dst.close()
            os.replace(partial, target)
        except _Stopped:
            return None
        except OSError as error:
            raise ProjectFileError(
                ErrorCode.CANNOT_WRITE, path=target, detail=error.strerror
            ) from error
        finally:
            src.close()
    return target
