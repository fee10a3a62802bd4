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


def linked(
    copy_id: str, head: tuple[int, str | None], at: str, user: str, pending: list[Pending]
) -> list[Entry]:
    """`pending` as entries following `head` (the chain's last seq and entry_hash), in order."""
    seq, prev = head
    made = []
    for action, table, record_uuid, content in pending:
        seq += 1
        digest = entry_hash(copy_id, seq, prev, at, user, action, table, record_uuid, content)
        made.append(
            Entry(copy_id, seq, at, user, action, table, record_uuid, content, prev, digest)
        )
        prev = digest
    return made
