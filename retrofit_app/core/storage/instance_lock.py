"""Which program has a project open for writing: an OS file lock beside the project.

The operating system drops the lock when the holder exits or is killed, so a
crash never leaves the project locked. A second window that cannot take the
lock opens the project read-only and names who holds it.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int


def _paths(project: Path) -> tuple[Path, Path]:
    project = Path(project).absolute()
    return project.with_name(project.name + ".lock"), project.with_name(project.name + ".owner")


class InstanceLock:
    """Hold it while a window has the project open for writing; release on close."""

    def __init__(self, project: Path, user: str = "") -> None:
        self.lock_path, self.owner_path = _paths(project)
        self._lock = FileLock(self.lock_path, timeout=0)
        self.user = user

    def acquire(self) -> bool:
        """True when we now hold the lock; False when another program does."""
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return False
        except OSError:
            return True  # a folder we cannot write: the project itself will open read-only
        try:
            who = {
                "user": self.user or getpass.getuser(),
                "host": socket.gethostname(),
                "pid": os.getpid(),
            }
            self.owner_path.write_text(json.dumps(who, ensure_ascii=False), encoding="utf-8")
        except OSError:
            pass
        return True

    def release(self) -> None:
        if self._lock.is_locked:
            self.owner_path.unlink(missing_ok=True)
            self._lock.release()
            self.lock_path.unlink(missing_ok=True)

    @property
    def held(self) -> bool:
        return self._lock.is_locked


def current_holder(project: Path) -> Holder | None:
    """Who holds the project open, as they wrote it down (None when unknown)."""
    _, owner = _paths(project)
    try:
        data = json.loads(owner.read_text(encoding="utf-8"))
        return Holder(str(data["user"]), str(data["host"]), int(data["pid"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
