"""Uuids: records get random ones (version 4); the logs' rows, made by SQLite in bulk, time-ordered
ones (version 7)."""

from __future__ import annotations

import os
import sqlite3
import time
import uuid

import pytest

from retrofit_app.core.ids import UUID_SQL, new_uuid


def _millisecond(text: str) -> int:
    return int(text.replace("-", "")[:12], 16)


def test_record_uuids_are_random_from_their_first_character():
    made = [new_uuid() for _ in range(20_000)]
    assert len(set(made)) == len(made)
    for text in made[:100]:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 4 and parsed.variant == uuid.RFC_4122
    # The short name people see (the first 8 characters) tells records made together apart.
    assert len({t[:8] for t in made}) > 19_900


def test_sqlite_makes_time_ordered_uuids_for_the_logs():
    conn = sqlite3.connect(":memory:")
    numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
    before = time.time_ns() // 1_000_000
    made = [r[0] for r in conn.execute(f"{numbers} SELECT {UUID_SQL} FROM n")]
    time.sleep(0.002)
    (later,) = conn.execute(f"SELECT {UUID_SQL}").fetchone()
    after = time.time_ns() // 1_000_000
    assert len(set(made)) == len(made)
    for text in made[:100]:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 7 and parsed.variant == uuid.RFC_4122
    assert all(before - 1 <= _millisecond(t) <= after + 1 for t in made)
    assert later > max(made)  # a later batch sorts after: the log's index grows at its end


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_a_forked_child_makes_other_uuids_than_its_parent():
    """Random bytes are read ahead; a child process must not make the parent's next uuids."""
    new_uuid()  # the parent holds bytes read ahead
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its next uuids, to the parent
        os.write(writer, " ".join(new_uuid() for _ in range(10)).encode())
        os._exit(0)
    os.close(writer)
    os.waitpid(pid, 0)
    child = os.read(reader, 10_000).decode().split()
    os.close(reader)
    parent = [new_uuid() for _ in range(10)]
    assert len(child) == 10 and not set(child) & set(parent)
