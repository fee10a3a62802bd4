"""One writer per project file: the second program is told who has it open."""

from __future__ import annotations

import os
import signal

from retrofit_app.core.storage.instance_lock import InstanceLock, current_holder


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
