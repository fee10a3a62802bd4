"""Record uuids: standard version 7 UUIDs, unique, in the order they were made."""

from __future__ import annotations

import sqlite3
import time
import uuid

from retrofit_app.core.ids import UUID_SQL, new_uuid


def _millisecond(text: str) -> int:
    return int(text.replace("-", "")[:12], 16)


def test_new_uuids_are_version_7_unique_and_ordered_by_the_time_they_were_made():
    before = time.time_ns() // 1_000_000
    made = [new_uuid() for _ in range(20_000)]
    after = time.time_ns() // 1_000_000
    assert len(set(made)) == len(made)
    for text in made[:100]:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 7 and parsed.variant == uuid.RFC_4122
    assert all(before <= _millisecond(t) <= after for t in made)
    # A later millisecond sorts later: the index of a bulk import grows at its end.
    times = [_millisecond(t) for t in made]
    assert times == sorted(times)
    time.sleep(0.002)
    assert new_uuid() > max(made)


def test_sqlite_makes_the_same_kind_of_uuid():
    conn = sqlite3.connect(":memory:")
    before = time.time_ns() // 1_000_000
    made = [
        r[0]
        for r in conn.execute(
            f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) SELECT {UUID_SQL} FROM n"
        )
    ]
    after = time.time_ns() // 1_000_000
    assert len(set(made)) == len(made)
    for text in made[:100]:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 7 and parsed.variant == uuid.RFC_4122
    assert all(before - 1 <= _millisecond(t) <= after + 1 for t in made)
