"""The evidence chain's SQL: append entries, read the chains back, and the records they describe."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from retrofit_app.core.evidence.canonical import EVIDENCE_TABLES, row_hasher
from retrofit_app.core.evidence.chain import (
    FORK,
    GENESIS,
    MERGE,
    MERGED,
    Entry,
    Pending,
    linked,
)
from retrofit_app.core.ids import UUID_SQL, new_uuid
from retrofit_app.core.storage.queries import batches
from retrofit_app.core.words import Bilingual

CHAIN_KEY = "chain_id"  # app_meta: the chain this file writes
_EVIDENCE = frozenset(EVIDENCE_TABLES)
_ENTRIES_PER_INSERT = 500  # 5,000 parameters, within SQLite's limit of 32,766
_COLUMNS = "copy_id, seq, at, user_name, action, table_name, record_uuid, content_hash, prev_hash, entry_hash"


def _conn(db: Any) -> sqlite3.Connection:
    """The sqlite3 connection of a sqlite-utils Database, or the connection itself."""
    return getattr(db, "conn", db)


def own_chain(db: Any) -> str:
    """The id of the chain this file writes; made (in the caller's transaction) on first use."""
    conn = _conn(db)
    found = conn.execute("SELECT value FROM app_meta WHERE key = ?", [CHAIN_KEY]).fetchone()
    if found:
        return found[0]
    made = new_uuid()
    conn.execute("INSERT INTO app_meta (key, value) VALUES (?, ?)", [CHAIN_KEY, made])
    return made


def chain_of_file(db: Any) -> str | None:
    found = _conn(db).execute("SELECT value FROM app_meta WHERE key = ?", [CHAIN_KEY]).fetchone()
    return found[0] if found else None


def head(db: Any, copy_id: str) -> tuple[int, str | None]:
    """The last seq and entry_hash of chain `copy_id`; (0, None) while it is empty."""
    found = (
        _conn(db)
        .execute(
            "SELECT seq, entry_hash FROM evidence_chain WHERE copy_id = ? ORDER BY seq DESC LIMIT 1",
            [copy_id],
        )
        .fetchone()
    )
    return (found[0], found[1]) if found else (0, None)


def append(db: Any, user: str, at: str, pending: list[Pending], copy_id: str | None = None) -> None:
    """Link `pending` onto the end of chain `copy_id` (this file's own when None)."""
    if not pending:
        return
    conn = _conn(db)
    copy_id = copy_id or own_chain(conn)
    entries = linked(copy_id, head(conn, copy_id), at, user, pending)
    # Many entries per statement, each uuid made by SQLite: a bulk import enters one per row.
    marks = f"({UUID_SQL}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    for chunk in batches(entries, _ENTRIES_PER_INSERT):
        conn.execute(
            f"INSERT INTO evidence_chain (uuid, {_COLUMNS}) VALUES {', '.join([marks] * len(chunk))}",
            list(chain.from_iterable(chunk)),
        )


def record_hashes(
    db: Any, table: str, where: str = "", params: Iterable[Any] = ()
) -> Iterator[tuple[str, str]]:
    """(uuid, canonical.record_hash) of the rows of `table` chosen by `where`."""
    cursor = _conn(db).execute(f"SELECT * FROM [{table}] {where}", list(params))
    names = [d[0] for d in cursor.description]
    digest, at = row_hasher(table, names), names.index("uuid")
    for row in cursor:
        yield row[at], digest(row)


def enter_change(db: Any, user: str, at: str, action: str, table: str, uuid: str) -> None:
    """records.py's hook: one audited write of an evidence record, entered with the row as it is now."""
    if table not in _EVIDENCE:
        return
    found = next(record_hashes(db, table, "WHERE uuid = ?", [uuid]), None)
    append(db, user, at, [(action, table, uuid, found[1] if found else None)])


def enter_inserted(db: Any, user: str, at: str, table: str, after_fid: int) -> None:
    """records.insert_rows' hook: the rows above `after_fid`, one "insert" entry each, in fid order."""
    if table not in _EVIDENCE:
        return
    rows = record_hashes(db, table, "WHERE fid > ? ORDER BY fid", [after_fid])
    append(db, user, at, [("insert", table, uuid, digest) for uuid, digest in rows])


def present_tables(db: Any) -> list[str]:
    """The evidence tables the file has (an older file lacks the later ones)."""
    made = {r[0] for r in _conn(db).execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return [t for t in EVIDENCE_TABLES if t in made]


def genesis_pending(db: Any, action: str = GENESIS) -> list[Pending]:
    """An entry per evidence record the file holds: the state found."""
    conn = _conn(db)
    return [
        (action, table, uuid, digest)
        for table in present_tables(conn)
        for uuid, digest in record_hashes(conn, table, "ORDER BY fid")
    ]


def enter_genesis(db: Any, user: str, at: str) -> None:
    """The state found, entered in this file's chain (a migration, a first open)."""
    append(db, user, at, genesis_pending(db))


def start_copy_chain(db: Any, parent: str, parent_head: str | None, user: str, at: str) -> str:
    """A field copy's own chain: a fork entry naming the office chain's head, then the records
    it was given; returns its id (this file's chain from now on)."""
    conn = _conn(db)
    made = new_uuid()
    conn.execute(
        "INSERT INTO app_meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [CHAIN_KEY, made],
    )
    append(conn, user, at, [(FORK, "", parent, parent_head), *genesis_pending(conn)], made)
    return made


def uuid_at(db: Any, table: str, fid: int) -> str | None:
    found = _conn(db).execute(f"SELECT uuid FROM [{table}] WHERE fid = ?", [fid]).fetchone()
    return found[0] if found else None


def enter_merge(
    db: Any, user: str, at: str, other: str, touched: Iterable[tuple[str, str]]
) -> None:
    """A merge: the field chain `other`'s head, then each evidence record the merge changed
    ((table, uuid) pairs) as it is now."""
    conn = _conn(db)
    pending: list[Pending] = [(MERGE, "", other, head(conn, other)[1])]
    for table, uuid in dict.fromkeys(touched):
        if table in _EVIDENCE:
            found = next(record_hashes(conn, table, "WHERE uuid = ?", [uuid]), None)
            pending.append((MERGED, table, uuid, found[1] if found else None))
    append(conn, user, at, pending)


def entries(db: Any) -> Iterator[Entry]:
    """Every entry of every chain the file holds, chain by chain in seq order."""
    cursor = _conn(db).execute(f"SELECT {_COLUMNS} FROM evidence_chain ORDER BY copy_id, seq")
    for row in cursor:
        yield Entry(*row)


def audited_writes(db: Any) -> list[tuple[str, str, str, str]]:
    """(table, record_uuid, action, at) of every audit entry of an evidence record, oldest first."""
    tables = ", ".join(f"'{t}'" for t in EVIDENCE_TABLES)
    cursor = _conn(db).execute(
        f"""SELECT table_name, record_uuid, action, at FROM audit_log
            WHERE table_name IN ({tables}) ORDER BY fid"""
    )
    return [tuple(row) for row in cursor]  # plain tuples, whatever the connection's row factory


def audited_values(db: Any, table: str, uuid: str) -> dict[str, Any]:
    """A record's fields as its audit entries last gave them (each write's new values folded in
    order; personal numbers masked, as the log keeps them); {} when the log has none."""
    known: dict[str, Any] = {}
    cursor = _conn(db).execute(
        "SELECT new_values FROM audit_log WHERE table_name = ? AND record_uuid = ? ORDER BY fid",
        [table, uuid],
    )
    for (text,) in cursor:
        try:
            values = json.loads(text) if text else None
        except ValueError:  # an entry edited by hand: it says nothing reliable
            continue
        if isinstance(values, dict):
            known.update(values)
    return known


def current_row(db: Any, table: str, uuid: str) -> dict[str, Any] | None:
    cursor = _conn(db).execute(f"SELECT * FROM [{table}] WHERE uuid = ?", [uuid])
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None


def photos_with_other_bytes(db: Any) -> list[str]:
    """The uuids of photos whose original bytes no longer have the SHA-256 the photo records."""
    # Read as bytes whatever sqlite3 left there: `original || x'00'` stores text, not a blob.
    cursor = _conn(db).execute(
        """SELECT p.uuid, p.sha256, CAST(d.original AS BLOB) FROM photos p
           JOIN photo_data d ON d.photo_uuid = p.uuid"""
    )
    return [
        uuid for uuid, sha, original in cursor if hashlib.sha256(original or b"").hexdigest() != sha
    ]


# A checklist item's names in its template: an answer or a defect is named by its item as the
# checklist shows it, not by the item's code.
_ITEMS = """SELECT t.uuid AS template_uuid, json_extract(j.value, '$.id') AS id,
                   json_extract(j.value, '$.zh') AS zh, json_extract(j.value, '$.en') AS en
            FROM checklist_templates t, json_each(t.body, '$.items') j"""


def _flat(household: str = "h") -> str:
    """A flat as people name it, 3幢2单元201 (building b, unit u, the household's alias)."""
    return f"coalesce(b.name, '') || coalesce(u.name, '') || {household}.room"


# Where a record of each evidence table is and what a person calls it: (title, estate name, code
# [, the title in English where the data gives one]).
_PLACES = {
    "votes": f"""SELECT {_flat()}, e.name, e.code FROM votes r
                 LEFT JOIN households h ON h.uuid = r.household_uuid
                 LEFT JOIN units u ON u.uuid = h.unit_uuid
                 LEFT JOIN buildings b ON b.uuid = u.building_uuid
                 LEFT JOIN consultations c ON c.uuid = r.consultation_uuid
                 LEFT JOIN estates e ON e.uuid = c.estate_uuid WHERE r.uuid = ?""",
    "consultations": """SELECT r.title, e.name, e.code FROM consultations r
                        LEFT JOIN estates e ON e.uuid = r.estate_uuid WHERE r.uuid = ?""",
    "opinions": f"""SELECT coalesce({_flat()}, r.kind), e.name, e.code FROM opinions r
                    LEFT JOIN households h ON h.uuid = r.household_uuid
                    LEFT JOIN units u ON u.uuid = h.unit_uuid
                    LEFT JOIN buildings b ON b.uuid = u.building_uuid
                    LEFT JOIN estates e ON e.uuid = r.estate_uuid WHERE r.uuid = ?""",
    "checklist_answers": f"""SELECT coalesce(i.zh, r.item_id), e.name, e.code, i.en
                             FROM checklist_answers r
                             LEFT JOIN checklists c ON c.uuid = r.checklist_uuid
                             LEFT JOIN estates e ON e.uuid = c.estate_uuid
                             LEFT JOIN ({_ITEMS}) i
                               ON i.template_uuid = c.template_uuid AND i.id = r.item_id
                             WHERE r.uuid = ?""",
    "defects": f"""SELECT coalesce(i.zh, nullif(r.item_id, ''), r.description), e.name, e.code, i.en
                   FROM defects r
                   LEFT JOIN estates e ON e.uuid = r.estate_uuid
                   LEFT JOIN checklists c ON c.uuid = r.checklist_uuid
                   LEFT JOIN ({_ITEMS}) i
                     ON i.template_uuid = c.template_uuid AND i.id = r.item_id
                   WHERE r.uuid = ?""",
    "acceptances": """SELECT coalesce(nullif(r.doc_number, ''), r.kind), e.name, e.code FROM acceptances r
                      LEFT JOIN estates e ON e.uuid = r.estate_uuid WHERE r.uuid = ?""",
    "acceptance_parties": """SELECT coalesce(nullif(r.name, ''), r.role), e.name, e.code
                             FROM acceptance_parties r
                             LEFT JOIN acceptances a ON a.uuid = r.acceptance_uuid
                             LEFT JOIN estates e ON e.uuid = a.estate_uuid WHERE r.uuid = ?""",
    "signatures": f"""SELECT coalesce(nullif(p.name, ''), p.role, {_flat()}) || ' ' || r.signer,
                             e.name, e.code FROM signatures r
                      LEFT JOIN acceptance_parties p ON p.uuid = r.party_uuid
                      LEFT JOIN votes v ON v.uuid = r.vote_uuid
                      LEFT JOIN households h ON h.uuid = v.household_uuid
                      LEFT JOIN units u ON u.uuid = h.unit_uuid
                      LEFT JOIN buildings b ON b.uuid = u.building_uuid
                      LEFT JOIN estates e ON e.uuid = r.estate_uuid WHERE r.uuid = ?""",
    "photos": """SELECT r.file_name, e.name, e.code FROM photos r
                 LEFT JOIN estates e ON e.uuid = r.estate_uuid WHERE r.uuid = ?""",
    "households": f"""SELECT {_flat("r")}, e.name, e.code FROM households r
                     LEFT JOIN units u ON u.uuid = r.unit_uuid
                     LEFT JOIN buildings b ON b.uuid = u.building_uuid
                     LEFT JOIN estates e ON e.uuid = b.estate_uuid WHERE r.uuid = ?""",
    "household_owners": f"""SELECT {_flat()}, e.name, e.code FROM household_owners r
                           LEFT JOIN households h ON h.uuid = r.household_uuid
                           LEFT JOIN units u ON u.uuid = h.unit_uuid
                           LEFT JOIN buildings b ON b.uuid = u.building_uuid
                           LEFT JOIN estates e ON e.uuid = b.estate_uuid WHERE r.uuid = ?""",
}


Place = tuple[str | None, str | None, str | None]


def place(db: Any, table: str, uuid: str) -> Place | None:
    """(title, estate name, estate code) of a record still in the file; None when it is gone.
    A title the data gives in both languages (a checklist item) comes as words.Bilingual."""
    sql = _PLACES.get(table)
    if sql is None:
        return None
    return _placed(_conn(db).execute(sql, [uuid]).fetchone())


def place_of_gone(db: Any, table: str, uuid: str) -> Place | None:
    """place() of a record no longer in the file, from its values as the audit log last gave
    them (a vote deleted with sqlite3 still names its flat and estate); None when unknown."""
    sql = _PLACES.get(table)
    known = audited_values(db, table, uuid)
    if sql is None or not known:
        return None
    conn = _conn(db)
    names = [row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")]
    # The record as the log knew it, under the table's own name: the same place query reads it.
    as_known = ", ".join(f"? AS [{name}]" for name in names)
    values = [uuid if name == "uuid" else known.get(name) for name in names]
    found = conn.execute(f"WITH [{table}] AS (SELECT {as_known}) {sql}", [*values, uuid])
    return _placed(found.fetchone())


def _placed(found: Any) -> Place | None:
    if found is None:
        return None
    title = found[0]
    if len(found) > 3 and title is not None and found[3]:
        title = Bilingual(title, found[3])
    return (title, found[1], found[2])
