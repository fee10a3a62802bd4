"""`verify`: each chain whole, and every evidence record as its chain last saw it.

Findings, one sentence each, naming the estate and the record where there is one:
a record changed or deleted outside the program, a record the chain never saw, an entry
missing (a chain or audit entry deleted: a seq gap, a broken link, a write without its
other half), an entry altered (chain broken), a merged chain whose head is gone, and a
photo whose bytes are no longer those its SHA-256 was taken of.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING, Any

from retrofit_app.core.evidence.chain import FORK, MERGE, WRITES, Entry
from retrofit_app.core.exchange.store.lane_check import kind_of
from retrofit_app.core.storage import evidence_store as store
from retrofit_app.core.words import Msg, say

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


@dataclass(frozen=True)
class Finding:
    """One thing `verify` found: a catalogue sentence, its values, and the record it is about."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    table: str = ""
    record_uuid: str = ""
    estate: str | None = None  # the estate's code, when the record is still there

    def sentence(self, lang: str = "zh") -> str:
        return say(self.code, lang, **self.params)

    def as_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "code": self.code.removeprefix("verify."),
            "table": self.table,
            "record_uuid": self.record_uuid,
            "estate": self.estate,
            "sentence": self.sentence(lang),
        }


@dataclass
class Verification:
    """What `verify` found, and how much it checked."""

    findings: list[Finding]
    entries: int  # chain entries read, every chain
    records: int  # evidence records checked

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "records": self.records,
            "findings": [f.as_json(lang) for f in self.findings],
        }


def verify_project(project: Project) -> Verification:
    """verify_chain on an open project, in one read (the window's check and the command line)."""
    with project.read():
        return verify_chain(project.conn)


def verify_chain(db: Any) -> Verification:
    """Every finding in the open project file behind `db` (read only)."""
    chains = {
        copy_id: list(group)
        for copy_id, group in groupby(store.entries(db), key=lambda e: e.copy_id)
    }
    found: list[Finding] = []
    for copy_id, entries in chains.items():
        found += _links(copy_id, entries)
    own = store.chain_of_file(db)
    mine = chains.get(own or "", [])
    found += _merged_heads(mine, chains)
    present, differing = _records(db, mine)
    found += differing
    found += _audit_halves(db, chains, mine)
    found += [
        _about(db, "verify.photo_bytes", "photos", u) for u in store.photos_with_other_bytes(db)
    ]
    return Verification(found, sum(len(e) for e in chains.values()), present)


def _links(copy_id: str, entries: list[Entry]) -> list[Finding]:
    """A chain's own wholeness: seq 1, 2, 3 … each linked to the one before, none altered."""
    found = []
    chain = copy_id[:8]
    seq, prev = 0, None
    for entry in entries:
        if entry.expected_hash() != entry.entry_hash:
            found.append(Finding("verify.entry_altered", {"chain": chain, "seq": entry.seq}))
        if entry.seq != seq + 1:
            found.append(
                Finding(
                    "verify.entries_missing",
                    {"chain": chain, "first": seq + 1, "last": entry.seq - 1},
                )
            )
        elif entry.prev_hash != prev:
            found.append(Finding("verify.chain_broken", {"chain": chain, "seq": entry.seq}))
        seq, prev = entry.seq, entry.entry_hash
    return found


def _audit_halves(db: Any, chains: dict[str, list[Entry]], mine: list[Entry]) -> list[Finding]:
    """A write through the program leaves an audit entry and a chain entry with the same time:
    one without the other is an entry deleted (audit entries older than this file's chain aside)."""
    writes = {
        (e.table, e.record_uuid, e.action, e.at): e
        for entries in chains.values()
        for e in entries
        if e.action in WRITES
    }
    audited = store.audited_writes(db)
    held = set(audited)
    found = [
        _about(db, "verify.audit_missing", e.table, e.record_uuid, chain=e.copy_id[:8], seq=e.seq)
        for key, e in writes.items()
        if key not in held
    ]
    begun = mine[0].at if mine else None
    found += [
        _about(db, "verify.entry_missing_for", table, uuid, at=at)
        for table, uuid, action, at in audited
        if begun is not None and at >= begun and (table, uuid, action, at) not in writes
    ]
    return found


def _merged_heads(mine: list[Entry], chains: dict[str, list[Entry]]) -> list[Finding]:
    """Each merge names the field chain's head then: that entry must still be in the file."""
    found = []
    for entry in mine:
        if entry.action not in (MERGE,) or entry.content_hash is None:
            continue
        held = {e.entry_hash for e in chains.get(entry.record_uuid, [])}
        if entry.content_hash not in held:
            found.append(Finding("verify.merged_chain_missing", {"chain": entry.record_uuid[:8]}))
    return found


def _records(db: Any, mine: list[Entry]) -> tuple[int, list[Finding]]:
    """Every evidence record against the last entry for it in this file's chain."""
    last: dict[tuple[str, str], str | None] = {}
    for entry in mine:
        if entry.action not in (FORK, MERGE):
            last[entry.table, entry.record_uuid] = entry.content_hash
    found = []
    present: set[tuple[str, str]] = set()
    for table in store.present_tables(db):
        for uuid, digest in store.record_hashes(db, table):
            present.add((table, uuid))
            if (table, uuid) not in last:
                found.append(_about(db, "verify.not_in_chain", table, uuid))
            elif last[table, uuid] != digest:
                found.append(_about(db, "verify.changed_outside", table, uuid))
    for (table, uuid), kept in last.items():
        if kept is not None and (table, uuid) not in present:
            found.append(_about(db, "verify.deleted_outside", table, uuid))
    return len(present), found


def _about(db: Any, code: str, table: str, uuid: str, **params: Any) -> Finding:
    """A finding about one record, named as a person knows it: 表决“3-201”（小区“颐和新村” GL-0001）."""
    where = store.place(db, table, uuid)
    kind = kind_of(table)
    if where is None:
        record = Msg("record.short", kind=kind, short=uuid[:8])
        return Finding(code, {**params, "record": record}, table, uuid)
    title, name, code_ = where
    record = (
        Msg("record.titled", kind=kind, title=title)
        if title
        else Msg("record.short", kind=kind, short=uuid[:8])
    )
    if name is not None:
        record = Msg("record.in_estate", record=record, name=name, code=code_)
    return Finding(code, {**params, "record": record}, table, uuid, code_)
