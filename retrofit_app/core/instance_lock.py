"""Which program has a project open for writing: an OS file lock beside the project.

The operating system drops the lock when the holder exits or is killed, so a
crash never leaves the project locked. A second window that cannot take the
lock opens the project read-only and names who holds it.

The lock is flock() on POSIX and msvcrt.locking() on Windows, as the filelock
package does; those few lines are written here because importing filelock
costs about 35 ms of the window's start-up.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import platform  # platform.node(), not socket: socket costs the window ~5 ms to import
import sys
from dataclasses import dataclass
from pathlib import Path

from retrofit_app.core.clock import now_iso

if sys.platform == "win32":  # (not os.name: mypy checks one platform's branch only)
    import msvcrt
else:
    import fcntl

# Each retry means another holder came and went meanwhile: a few are plenty.
_RETRIES = 20


class OsLock:
    """An exclusive, non-blocking lock on one file, held through an open handle.

    `create=False` only tries an existing lock file (FileNotFoundError when there is none).
    """

    def __init__(self, path: Path, *, mode: int = 0o644, create: bool = True) -> None:
        self.path = path
        self._mode = mode
        self._create = create
        self._fd: int | None = None

    @property
    def is_locked(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """True when taken; False when another handle holds it. OSError when the file cannot be made."""
        if self._fd is not None:
            return True
        flags = os.O_RDWR | (os.O_CREAT if self._create else 0)
        for _ in range(_RETRIES):
            fd = os.open(self.path, flags, self._mode)
            try:
                if sys.platform == "win32":
                    msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                else:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                return False
            if self._still_named(fd):
                self._fd = fd
                return True
            # The holder we waited for removed the file before letting go: what we hold is a
            # file nobody else will ever open. Lock the one now at the path instead.
            self._unlock(fd)
        return False

    def _still_named(self, fd: int) -> bool:
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            return False
        held = os.fstat(fd)
        return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)

    def release(self, *, remove: bool = False) -> None:
        """Let go; `remove` also deletes the lock file (while still holding it, see acquire)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if remove and os.name != "nt":
            with contextlib.suppress(OSError):
                self.path.unlink()
        self._unlock(fd)
        if remove and os.name == "nt":  # Windows removes no open file; another opener keeps it
            with contextlib.suppress(OSError):
                self.path.unlink()

    @staticmethod
    def _unlock(fd: int) -> None:
        try:
            if sys.platform == "win32":
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            else:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int
    since: str = ""  # ISO time it was opened ("" from an older program)


# Projects this process holds the lock of (their real paths): a second Project or a background
# job of the same program on the same file is the same writer, not another one.
_HELD_HERE: dict[str, int] = {}


def held_here(project: Path) -> bool:
    return _HELD_HERE.get(os.path.realpath(project), 0) > 0


def _paths(project: Path) -> tuple[Path, Path]:
    project = Path(project).absolute()
    return project.with_name(project.name + ".lock"), project.with_name(project.name + ".owner")


class InstanceLock:
    """Hold it while a window has the project open for writing; release on close."""

    def __init__(self, project: Path, user: str = "") -> None:
        self.lock_path, self.owner_path = _paths(project)
        self._lock = OsLock(self.lock_path)
        self._key = os.path.realpath(project)
        self.user = user

    def acquire(self) -> bool:
        """True when we now hold the lock; False when another program does."""
        try:
            if not self._lock.acquire():
                return False
        except OSError:
            return True  # a folder we cannot write: the project itself will open read-only
        _HELD_HERE[self._key] = _HELD_HERE.get(self._key, 0) + 1
        try:
            who = {
                "user": self.user or getpass.getuser(),
                "host": platform.node(),
                "pid": os.getpid(),
                "since": now_iso(),
            }
            self.owner_path.write_text(json.dumps(who, ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass
        return True

    def release(self) -> None:
        if self._lock.is_locked:
            _HELD_HERE[self._key] -= 1
            if _HELD_HERE[self._key] <= 0:
                del _HELD_HERE[self._key]
            self.owner_path.unlink(missing_ok=True)
            self._lock.release(remove=True)

    @property
    def held(self) -> bool:
        return self._lock.is_locked


def current_holder(project: Path) -> Holder | None:
    """Who holds the project open, as they wrote it down (None when unknown)."""
    _, owner = _paths(project)
    try:
        data = json.loads(owner.read_text(encoding="utf-8"))
        return Holder(
            str(data["user"]), str(data["host"]), int(data["pid"]), str(data.get("since", ""))
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
