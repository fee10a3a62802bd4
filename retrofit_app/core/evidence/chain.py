"""The evidence chain's entries: what one says and the hash that links it to the one before.

How the history is kept (issue 20 point 1):
- Every change made through the program to a record of canonical.EVIDENCE_TABLES goes through
  storage/records.py, which appends an entry here (storage/evidence_store.py) in the same
  transaction as its audit entry: no caller can change evidence and forget the chain.
- An entry is {chain, seq, prev, at, user, action, table, record_uuid, content_hash}:
  content_hash is canonical.record_hash of the row after the change (None: the row is gone),
  prev the entry_hash of the entry before it in its chain (None for the first), and entry_hash
  the SHA-256 of the canonical JSON of all of that. Changing, removing or inserting an entry
  breaks the links after it; changing a record without the program leaves its hash unequal
  to the last entry's content_hash.
- A file writes its own chain, named by app_meta chain_id. A field copy starts a chain of its
  own: a "fork" entry naming the office chain's head, then a "genesis" entry per evidence record
  it was given (the state it left with), written after the office's base snapshot of the package,
  so a merge brings the field chain in whole (a table of the copy, append-only like the audit
  log: exchange/store/lane_check.py; entries merged before fold by uuid), then enters in the office's chain a
  "merge" entry naming the field chain's head and a "merged" entry per evidence record the
  merge changed. An older file gets a "genesis" entry per record by its migration (the state
  found): verifiable from then on.
- A photo's bytes are held by their SHA-256 (photos.sha256, hashed by the importer from the
  original file's bytes), which is part of the photo's record; verify checks the bytes too.
- A new evidence table (signatures, issue 20 point 4) is chained by adding it to
  canonical.EVIDENCE_TABLES (and naming its records in evidence_store._PLACES): its writes go
  through records.py like every other.
- Known gap: an evidence record removed by an ON DELETE CASCADE of a parent the program deleted
  has no entry of its own and is reported as deleted outside the program.
"""

from __future__ import annotations

from dataclasses import dataclass
from json.encoder import encode_basestring

from retrofit_app.core.evidence.canonical import canonical_json, sha256_hex

# Actions of entries that record no change of one record but a link between chains.
FORK, MERGE = "fork", "merge"
# An entry for the state of a record as found (a migration, a field copy made) or as a merge left it.
GENESIS, MERGED = "genesis", "merged"
# The actions of records.py's audited writes: each has an audit entry with the same time.
WRITES = ("insert", "update", "delete", "restore")


@dataclass(frozen=True)
class Entry:
    """One entry of a chain, as stored."""

    copy_id: str
    seq: int
    at: str
    user: str
    action: str
    table: str
    record_uuid: str
    content_hash: str | None
    prev_hash: str | None
    entry_hash: str

    def expected_hash(self) -> str:
        """The entry_hash its fields give: unequal to entry_hash when the entry was altered."""
        return entry_hash(
            self.copy_id, self.seq, self.prev_hash, self.at, self.user,
            self.action, self.table, self.record_uuid, self.content_hash,
        )  # fmt: skip


def entry_hash(
    copy_id: str,
    seq: int,
    prev: str | None,
    at: str,
    user: str,
    action: str,
    table: str,
    record_uuid: str,
    content_hash: str | None,
) -> str:
    """SHA-256 of the canonical JSON of an entry's fields (its own hash left out)."""
    return sha256_hex(
        canonical_json(
            {
                "chain": copy_id,
                "seq": seq,
                "prev": prev,
                "at": at,
                "user": user,
                "action": action,
                "table": table,
                "record_uuid": record_uuid,
                "content_hash": content_hash,
            }
        )
    )


# (action, table, record_uuid, content_hash) of an entry still to be linked.
Pending = tuple[str, str, str, str | None]
# An entry as linked: Entry's fields in its order (a bulk import links one per row written).
Linked = tuple[str, int, str, str, str, str, str, str | None, str | None, str]


def _text(value: str | None) -> str:
    """One value of an entry as canonical_json writes it (a string as the JSON encoder escapes it)."""
    return "null" if value is None else encode_basestring(value)


def linked(
    copy_id: str, head: tuple[int, str | None], at: str, user: str, pending: list[Pending]
) -> list[Linked]:
    """`pending` as entries following `head` (the chain's last seq and entry_hash), in order.

    Each entry_hash is entry_hash()'s: the same canonical JSON (keys in sorted order, no spaces,
    strings escaped by the JSON encoder), written from the parts every entry of the batch shares
    rather than through a dict sorted per entry. tests/core/test_evidence_chain_hash.py holds the two
    to the same bytes."""
    seq, prev = head
    middle = f',"at":{encode_basestring(at)},"chain":{encode_basestring(copy_id)},"content_hash":'
    tail = f',"user":{encode_basestring(user)}}}'
    made: list[Linked] = []
    for action, table, record_uuid, content in pending:
        seq += 1
        text = (
            f'{{"action":{encode_basestring(action)}{middle}{_text(content)},"prev":{_text(prev)},'
            f'"record_uuid":{encode_basestring(record_uuid)},"seq":{int.__repr__(seq)},'
            f'"table":{encode_basestring(table)}{tail}'
        )
        digest = sha256_hex(text.encode("utf-8"))
        made.append((copy_id, seq, at, user, action, table, record_uuid, content, prev, digest))
        prev = digest
    return made
