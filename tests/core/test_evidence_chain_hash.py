"""The bulk paths of the evidence chain hash exactly as the reference functions do.

A bulk import links one chain entry per row from a template and hashes each row from a tuple
(chain.linked, canonical.row_hasher); `verify` recomputes them with entry_hash and record_hash.
Any byte of difference would make every imported record look altered, so the two are held to
the same hashes here, on values that need JSON escaping.
"""

from __future__ import annotations

import sqlite3

from retrofit_app.core.evidence.canonical import record_hash, row_hasher
from retrofit_app.core.evidence.chain import Entry, entry_hash, linked

AWKWARD = [
    "",
    "101室",
    'a "quoted" name',
    "back\\slash",
    "tab\there, newline\nthere",
    "\x00\x1f control",
    "emoji 🏠 and 𠀀 beyond the BMP",
    "\u2028 line separator",
    "ｆｕｌｌ－ｗｉｄｔｈ １２",
]


def test_linked_entries_hash_as_entry_hash_over_awkward_text():
    pending = [
        ("insert", table, record, content)
        for table in ("households", 'ta"ble')
        for record in AWKWARD
        for content in (None, "ab" * 32, record)
    ]
    for head in ((0, None), (41, "f" * 64)):
        made = linked('chain-id "x"', head, "2026-12-07T12:00:00+08:00", '张 "三"\n', pending)
        prev = head[1]
        for number, entry in enumerate(made, start=head[0] + 1):
            stored = Entry(*entry)
            assert stored.seq == number and stored.prev_hash == prev
            assert stored.entry_hash == stored.expected_hash()
            assert stored.entry_hash == entry_hash(
                stored.copy_id, number, prev, stored.at, stored.user, stored.action,
                stored.table, stored.record_uuid, stored.content_hash,
            )  # fmt: skip
            prev = stored.entry_hash


def test_row_hasher_gives_record_hash_for_every_kind_of_value():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (fid INTEGER PRIMARY KEY, uuid TEXT, zeta, alpha, geom BLOB, mid)")
    values = [*AWKWARD, None, 0, -7, 2**62, 70.25, 0.1 + 0.2, 1e-7, 123456.789, b"\x00\xffbytes"]
    for i, value in enumerate(values):
        conn.execute(
            "INSERT INTO t (uuid, zeta, alpha, geom, mid) VALUES (?, ?, ?, ?, ?)",
            [f"u{i}", value, values[-1 - i], b"GP\x00", str(value)],
        )
    cursor = conn.execute("SELECT * FROM t")
    names = [d[0] for d in cursor.description]
    digest = row_hasher("t", names)
    for row in cursor:
        assert digest(row) == record_hash("t", dict(zip(names, row, strict=True)))
    # One content column only, and a table with none besides fid.
    assert row_hasher("t", ["fid", "uuid"])((1, "u")) == record_hash("t", {"uuid": "u"})
    assert row_hasher("t", ["fid"])((1,)) == record_hash("t", {})
