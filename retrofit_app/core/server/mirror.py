"""The mirror: a project file beside a laptop's copy holding what the server held at the last
sync. The copy is a field copy of the mirror (core/exchange), so a sync merges it with the
field merge's rules; the mirror is then what gets compared with the server to push.

Refreshing rewrites the mirror's app tables from the server in one SQLite transaction, keeping
the server's fids (so a base snapshot and the server agree on keys) and each photo's bytes
once: bytes the mirror has are never fetched again (they are never updated).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retrofit_app.core.evidence.chain import FORK, MERGE, MERGED
from retrofit_app.core.server.rows import Row, down, insert_file_rows, server_select
from retrofit_app.core.server.tables import Table, _q, qualified
from retrofit_app.core.storage import evidence_store
from retrofit_app.core.storage.connection import connect as connect_file

PHOTO_BYTES = "photo_data"


@dataclass
class Pulled:
    """What the server held at `revision`: each table's rows by uuid (file-ready values, no fid);
    for photo bytes only their uuids."""

    revision: int
    rows: dict[str, dict[str, Row]] = field(default_factory=dict)
    photo_bytes: set[str] = field(default_factory=set)


def _uuid_index(table: Table) -> int:
    return table.names.index("uuid")


def refresh(server: Any, schema: str, revision: int, tables: list[Table], mirror: Path) -> Pulled:
    """Make the mirror's app tables what the server holds (read in the caller's transaction)."""
    pulled = Pulled(revision)
    conn = connect_file(mirror)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("BEGIN IMMEDIATE")
        for table in tables:
            if table.name == PHOTO_BYTES:
                _refresh_photo_bytes(server, schema, table, conn, pulled)
                continue
            rows = [
                (r[0], down(table, r[1:])) for r in server.execute(server_select(schema, table))
            ]
            _make_same(conn, table, rows)
            key = _uuid_index(table)
            pulled.rows[table.name] = {values[key]: values for _, values in rows}
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    return pulled


def _make_same(conn: sqlite3.Connection, table: Table, rows: list[tuple[int, Row]]) -> None:
    """The mirror's `table` made to hold exactly `rows` (fid and values): only the rows that
    differ are deleted and written again."""
    key = _uuid_index(table)
    cols = ", ".join(["fid", *(_q(c) for c in table.names)])
    here = {
        r[key + 1]: (r[0], tuple(r[1:]))
        for r in conn.execute(f"SELECT {cols} FROM {_q(table.name)}")
    }
    wanted = {values[key]: (fid, values) for fid, values in rows}
    stale = [uuid for uuid, found in here.items() if wanted.get(uuid) != found]
    conn.executemany(f"DELETE FROM {_q(table.name)} WHERE uuid = ?", [(u,) for u in stale])
    gone = set(stale)
    insert_file_rows(
        conn, table, [row for uuid, row in wanted.items() if uuid not in here or uuid in gone]
    )


def _refresh_photo_bytes(
    server: Any, schema: str, table: Table, conn: sqlite3.Connection, pulled: Pulled
) -> None:
    """Photo bytes the server has and the mirror lacks come down; those the server dropped go."""
    on_server = {r[0] for r in server.execute(f"SELECT uuid FROM {qualified(schema, table.name)}")}
    here = {r[0] for r in conn.execute(f"SELECT uuid FROM {_q(table.name)}")}
    gone = sorted(here - on_server)
    conn.executemany(f"DELETE FROM {_q(table.name)} WHERE uuid = ?", [(u,) for u in gone])
    missing = sorted(on_server - here)
    if missing:
        query = server_select(schema, table) + " WHERE uuid = ANY(%s)"
        rows = [(r[0], down(table, r[1:])) for r in server.execute(query, (missing,))]
        # The mirror's own fid for a row another photo row holds there: let SQLite choose.
        taken = {r[0] for r in conn.execute(f"SELECT fid FROM {_q(table.name)}")}
        insert_file_rows(conn, table, [(None if fid in taken else fid, v) for fid, v in rows])  # type: ignore[misc]
    pulled.photo_bytes = on_server


@dataclass
class Changes:
    """What the mirror holds that the server did not at the pull: rows by table."""

    inserted: dict[str, list[Row]] = field(default_factory=dict)
    updated: dict[str, list[Row]] = field(default_factory=dict)
    deleted: dict[str, list[str]] = field(default_factory=dict)

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for kind, found in (
            ("inserted", self.inserted),
            ("updated", self.updated),
            ("deleted", self.deleted),
        ):
            for table, rows in found.items():
                if rows:
                    out.setdefault(table, {})[kind] = len(rows)
        return out

    def __bool__(self) -> bool:
        return any(any(v.values()) for v in (self.inserted, self.updated, self.deleted))


def changes_since(pulled: Pulled, tables: list[Table], mirror: Path) -> Changes:
    """The mirror's rows against what was pulled, matched by uuid."""
    found = Changes()
    conn = connect_file(mirror, readonly=True)
    try:
        for table in tables:
            key = _uuid_index(table)
            cols = ", ".join(_q(c) for c in table.names)
            if table.name == PHOTO_BYTES:
                here = {r[0] for r in conn.execute(f"SELECT uuid FROM {_q(table.name)}")}
                new = sorted(here - pulled.photo_bytes)
                found.inserted[table.name] = [
                    tuple(
                        conn.execute(
                            f"SELECT {cols} FROM {_q(table.name)} WHERE uuid = ?", (u,)
                        ).fetchone()
                    )
                    for u in new
                ]
                found.deleted[table.name] = sorted(pulled.photo_bytes - here)
                continue
            before = pulled.rows.get(table.name, {})
            now = {r[key]: tuple(r) for r in conn.execute(f"SELECT {cols} FROM {_q(table.name)}")}
            found.inserted[table.name] = [v for u, v in now.items() if u not in before]
            found.updated[table.name] = [
                v for u, v in now.items() if u in before and before[u] != v
            ]
            found.deleted[table.name] = sorted(set(before) - set(now))
    finally:
        conn.close()
    return found


_CHAIN_COLUMNS = "uuid, copy_id, seq, at, user_name, action, table_name, record_uuid, content_hash, prev_hash, entry_hash"


def continue_chain(old_copy: Path, fresh: Path, user: str, at: str) -> None:
    """The fresh hand-out of a copy keeps writing the copy's own evidence chain.

    export_package starts a new chain in every copy it writes, with a genesis entry per
    evidence record (issue 20); a copy handed out again at every sync would push all of
    those each time. Instead the fresh copy takes the old copy's chain back (its entries, all
    on the server already) and enters only the records whose state it has not seen: those
    others changed, added or removed since (a "merged" entry each, like a merge's).
    """
    old = connect_file(old_copy, readonly=True)
    try:
        chain_id = evidence_store.chain_of_file(old)
        rows = old.execute(
            f"SELECT {_CHAIN_COLUMNS} FROM evidence_chain WHERE copy_id = ? ORDER BY seq",
            [chain_id],
        ).fetchall()
    finally:
        old.close()
    if not chain_id or not rows:
        return
    conn = connect_file(fresh)
    try:
        conn.execute("BEGIN IMMEDIATE")
        started = evidence_store.chain_of_file(conn)
        conn.execute("DELETE FROM evidence_chain WHERE copy_id = ?", [started])
        conn.executemany(
            f"INSERT INTO evidence_chain ({_CHAIN_COLUMNS}) VALUES ({', '.join('?' * 11)})",
            [tuple(r) for r in rows],
        )
        conn.execute(
            "UPDATE app_meta SET value = ? WHERE key = ?", [chain_id, evidence_store.CHAIN_KEY]
        )
        evidence_store.append(conn, user, at, _unseen(conn, rows), chain_id)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()


def _unseen(conn: sqlite3.Connection, rows: list[Any]) -> list[tuple[str, str, str, str | None]]:
    """A "merged" entry for each evidence record whose state the chain's last entry does not hold."""
    last: dict[tuple[str, str], str | None] = {}
    for r in rows:
        if r[5] not in (FORK, MERGE):
            last[r[6], r[7]] = r[8]
    pending: list[tuple[str, str, str, str | None]] = []
    present = set()
    for table in evidence_store.present_tables(conn):
        for uuid, digest in evidence_store.record_hashes(conn, table):
            present.add((table, uuid))
            if last.get((table, uuid), "") != digest:
                pending.append((MERGED, table, uuid, digest))
    pending += [
        (MERGED, t, u, None)
        for (t, u), kept in last.items()
        if kept is not None and (t, u) not in present
    ]
    return pending
