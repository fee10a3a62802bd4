"""One program at a time writes a project that sits on a network drive.

On a local disk several programs may write one project (SQLite's write-ahead log and its locks
keep them apart, issue 23). On a network drive the log cannot be used (storage/network_drive.py)
and the share's own locks are not to be trusted with more: the first program to open the
project for writing takes the lock beside it (instance_lock.py, the window's lock), and another
is told who holds it, on which machine, since when, and that it may open the project read-only.
"""

from __future__ import annotations

from pathlib import Path

from retrofit_app.core.clock import shown_minute
from retrofit_app.core.errors import ErrorCode, ProjectFileError
from retrofit_app.core.instance_lock import InstanceLock, current_holder, held_here
from retrofit_app.core.storage.network_drive import network_filesystem


def claim(path: Path, user: str) -> InstanceLock | None:
    """Before opening `path` for writing: the lock taken (release it when the project closes),
    or None where none is needed (a local disk, or this program holds it already). Raises
    NETWORK_HELD naming the holder when another program writes the project."""
    drive = network_filesystem(path)
    if not drive or held_here(path) or not Path(path).exists():
        return None
    lock = InstanceLock(path, user)
    if lock.acquire():
        return lock
    holder = current_holder(path)
    raise ProjectFileError(
        ErrorCode.NETWORK_HELD,
        path=path,
        drive=drive,
        user=holder.user if holder else "?",
        host=holder.host if holder else "?",
        since=shown_minute(holder.since) if holder and holder.since else "?",
    )
