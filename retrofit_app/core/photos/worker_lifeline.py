"""A decoding worker ends itself soon after the process that started it dies (killed, crashed).

Nothing else would end it: a pool worker waits on its job queue, whose pipe the
other workers keep open, so after a kill the workers used to sleep for hours,
each holding the project file open. The pool runs `watch_parent` as each
worker's initializer; a daemon thread then looks at the parent every quarter second.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

INTERVAL = 0.25  # seconds between looks: a worker outlives its parent by about this much


def watch_parent(parent_pid: int, interval: float = INTERVAL) -> None:
    """Start the watch in this worker; `parent_pid` is the process that made the pool."""
    gone = _parent_gone_check(parent_pid)

    def watch() -> None:
        while not gone():
            time.sleep(interval)
        os._exit(1)  # no clean-up to run: the work it did is abandoned with its parent

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _parent_gone_check(parent_pid: int) -> Callable[[], bool]:
    if os.name == "nt":
        return _windows_check(parent_pid)
    first_parent = os.getppid()  # the pool's process, or a forkserver that dies with it

    def gone() -> bool:
        return os.getppid() != first_parent or not _posix_alive(parent_pid)

    return gone


def _posix_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # Linux: a killed parent not yet reaped by its own parent is a zombie, not alive
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[:1] != ["Z"]


def _windows_check(pid: int) -> Callable[[], bool]:
    """A handle to the parent, opened now: its state says when it ends, even if the pid is reused."""
    import ctypes

    # typeshed declares WinDLL on Windows only; mypy checks this file as on Linux.
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.OpenProcess.restype = ctypes.c_void_p  # a HANDLE is pointer-sized
    kernel32.OpenProcess.argtypes = [ctypes.c_uint32, ctypes.c_int, ctypes.c_uint32]
    kernel32.WaitForSingleObject.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
    synchronize, wait_object_0 = 0x00100000, 0
    handle = kernel32.OpenProcess(synchronize, False, pid)
    if not handle:
        return lambda: True  # already gone

    def gone() -> bool:
        return kernel32.WaitForSingleObject(handle, 0) == wait_object_0

    return gone
