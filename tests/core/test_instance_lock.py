"""One writer per project file: the second program is told who has it open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from retrofit_app.core.instance_lock import InstanceLock, current_holder


def test_second_program_cannot_take_the_lock_and_learns_who_has_it(project_path, lock_holder):
    proc = lock_holder(project_path)
    try:
        mine = InstanceLock(project_path, user="李工")
        assert mine.acquire() is False
        holder = current_holder(project_path)
        assert holder is not None and holder.user == "王工" and holder.pid == proc.pid
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
    assert mine.acquire() is True
    mine.release()


def test_a_killed_holder_does_not_leave_the_project_locked(project_path, lock_holder):
    proc = lock_holder(project_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    lock = InstanceLock(project_path)
    assert lock.acquire() is True
    lock.release()
    assert not lock.lock_path.exists()


_RACER = """
import os, sys, time
from retrofit_app.core.instance_lock import InstanceLock
project, token, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
held = clashes = 0
end = time.monotonic() + seconds
while time.monotonic() < end:
    lock = InstanceLock(project, user=str(os.getpid()))
    if not lock.acquire():
        continue
    held += 1
    try:  # only one holder at a time may make the token
        os.close(os.open(token, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        clashes += 1
    else:
        os.unlink(token)
    lock.release()
print(held, clashes)
"""


@pytest.mark.skipif(os.name != "posix", reason="the race is between flock() and unlink()")
def test_three_processes_racing_for_the_lock_never_hold_it_together(project_path, tmp_path):
    """Each takes and releases the lock as fast as it can for 3 s; while holding it, each makes
    a token file that must not exist yet. Before the fix: 50 to 320 double holds per run."""
    token = tmp_path / "token"
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", _RACER, str(project_path), str(token), "3"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    counts = [tuple(map(int, r.communicate(timeout=60)[0].split())) for r in racers]
    assert all(held > 0 for held, _ in counts), counts  # each won the lock some of the time
    assert sum(held for held, _ in counts) > 100, counts  # and they really raced
    assert [clashes for _, clashes in counts] == [0, 0, 0], counts
    assert not project_path.with_name(project_path.name + ".lock").exists()


@pytest.mark.skipif(os.name != "posix", reason="the race is between flock() and unlink()")
def test_a_lock_taken_on_a_file_its_holder_removed_is_given_up(project_path, monkeypatch):
    """The interleaving of the race, step by step: we open the lock file, its holder lets go
    and removes it, we lock the old file; a third program then makes a new one."""
    from retrofit_app.core import instance_lock

    holder = InstanceLock(project_path, user="王工")
    assert holder.acquire()
    real_flock, calls = instance_lock.fcntl.flock, []

    def holder_leaves_first(fd: int, operation: int) -> None:
        if operation & instance_lock.fcntl.LOCK_EX and not calls:
            calls.append(fd)
            holder.release()  # between our open() and our flock()
        real_flock(fd, operation)

    monkeypatch.setattr(instance_lock.fcntl, "flock", holder_leaves_first)
    second = InstanceLock(project_path, user="李工")
    assert second.acquire() is True
    monkeypatch.setattr(instance_lock.fcntl, "flock", real_flock)
    third = InstanceLock(project_path, user="张工")
    assert third.acquire() is False  # before the fix: True, two holders
    holder_now = current_holder(project_path)
    assert holder_now is not None and holder_now.user == "李工"
    second.release()
