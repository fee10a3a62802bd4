"""`verify`: each chain whole, and every evidence record as its chain last saw it.

Findings, one sentence each, naming the estate and the record where there is one:
a record changed or deleted outside the program, a record the chain never saw, an entry
missing (a chain or audit entry deleted: a seq gap, a broken link, a write without its
other half), an entry altered (chain broken), a merged chain whose head is gone, and a
photo whose bytes are no longer those its SHA-256 was taken of.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import TYPE_CHECKING, Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.evidence.chain import FORK, MERGE, WRITES, Entry
from retrofit_app.core.evidence.report_digest import local_time
from retrofit_app.core.exchange.store.lane_check import kind_of
from retrofit_app.core.field_words import field_words
from retrofit_app.core.privacy import mask_values
from retrofit_app.core.storage import evidence_store as store
from retrofit_app.core.words import Msg, has, joined, say

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


# One code in --json for a record changed outside the program, whether or not the sentence can
# name its fields (those are in "fields").
_KIND = {"verify.changed_fields": "changed_outside"}


@dataclass(frozen=True)
class Finding:
    """One thing `verify` found: a catalogue sentence, its values, and the record it is about."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    table: str = ""
    record_uuid: str = ""
    estate: str | None = None  # the estate's code, when the record is still there
    fields: tuple[str, ...] = ()  # the columns found changed, where the audit log knows them

    def sentence(self, lang: str = "zh") -> str:
        return say(self.code, lang, **self.params)

    def as_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "code": _KIND.get(self.code, self.code.removeprefix("verify.")),
            "table": self.table,
            "record_uuid": self.record_uuid,
            "estate": self.estate,
            "fields": list(self.fields),
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


Progress = Callable[[int, int], None]
_STEPS = 4  # the chains' links, the records, the audit log, the photos' bytes


def verify_project(
    project: Project, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
) -> Verification:
    """verify_chain on an open project, in one read (the window's check and the command line)."""
    with project.read():
        return verify_chain(project.conn, progress, cancelled)


def verify_chain(
    db: Any, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
) -> Verification:
    """Every finding in the open project file behind `db` (read only); `progress(done, total)`
    after each of its steps, RetrofitError CANCELLED between them once `cancelled()`."""

    def step(done: int) -> None:
        if cancelled is not None and cancelled():
            raise RetrofitError(ErrorCode.CANCELLED)
        if progress is not None:
            progress(done, _STEPS)

    step(0)
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
    step(1)
    present, differing = _records(db, mine)
    step(2)
    halves = _audit_halves(db, chains, mine)
    step(3)
    # A record whose audited write lost its chain entry was written through the program: said
    # once, as the entry missing, not also as a record the program never wrote.
    unchained = {(f.table, f.record_uuid) for f in halves if f.code == "verify.entry_missing_for"}
    found += [
        f
        for f in differing
        if f.code != "verify.not_in_chain" or (f.table, f.record_uuid) not in unchained
    ]
    found += halves
    found += [
        _about(db, "verify.photo_bytes", "photos", u) for u in store.photos_with_other_bytes(db)
    ]
    step(4)
    return Verification(found, sum(len(e) for e in chains.values()), present)


def _links(copy_id: str, entries: list[Entry]) -> list[Finding]:
    """A chain's own wholeness: seq 1, 2, 3 … each linked to the one before, none altered."""
    found = []
    chain = copy_id[:8]
    seq, prev = 0, None
    for entry in entries:
        if entry.expected_hash() != entry.entry_hash:
            found.append(Finding("verify.entry_altered", {"chain": chain, "seq": entry.seq}))
        if entry.seq == seq + 2:
            found.append(Finding("verify.entry_deleted", {"chain": chain, "seq": seq + 1}))
        elif entry.seq != seq + 1:
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
        _about(db, "verify.entry_missing_for", table, uuid, at=_when(at))
        for table, uuid, action, at in audited
        if begun is not None and at >= begun and (table, uuid, action, at) not in writes
    ]
    return found


def _when(at: str) -> str:
    """An entry's time as people in Nanjing read it; as stored when it is not clock.now_iso's."""
    try:
        return local_time(at)
    except ValueError:
        return at


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
                found.append(_changed(db, table, uuid))
    for (table, uuid), kept in last.items():
        if kept is not None and (table, uuid) not in present:
            found.append(_about(db, "verify.deleted_outside", table, uuid))
    return len(present), found


def _changed(db: Any, table: str, uuid: str) -> Finding:
    """A record changed outside the program, with what differs from its last audited values
    where the audit log knows them (the chain holds hashes only: the hash decides, this names)."""
    differing = _differing(db, table, uuid)
    if not differing:
        return _about(db, "verify.changed_outside", table, uuid)
    fields = joined(
        [
            Msg(
                "verify.field_was",
                field=field_words(name),
                was=_shown(name, was),
                now=_shown(name, now),
            )
            for name, was, now in differing
        ]
    )
    finding = _about(db, "verify.changed_fields", table, uuid, fields=fields)
    return replace(finding, fields=tuple(name for name, _was, _now in differing))


def _differing(db: Any, table: str, uuid: str) -> list[tuple[str, Any, Any]]:
    """(field, audited value, value now) of each field that differs from the audit log's."""
    row = store.current_row(db, table, uuid)
    known = store.audited_values(db, table, uuid)
    if row is None or not known:
        return []
    now = mask_values(table, row)
    if table == "checklist_answers":  # an answer is stored as JSON text: "good" shown as good
        known = {k: _answer(v) if k == "value" else v for k, v in known.items()}
        now["value"] = _answer(now.get("value"))
    return [
        (name, was, now[name])
        for name, was in known.items()
        if name in now and name not in _UNSHOWN and not _same(was, now[name])
    ]


# Stamps the program sets itself, and blobs: a difference there is no one's answer.
_UNSHOWN = frozenset({"updated_at", "created_at", "geom"})


def _answer(stored: Any) -> Any:
    try:
        return json.loads(stored) if isinstance(stored, str) else stored
    except ValueError:
        return stored


def _same(audited: Any, now: Any) -> bool:
    """Equal as the audit log writes values (JSON: numbers may come back as reals, others as text)."""
    if audited == now:
        return True
    if isinstance(audited, int | float) and isinstance(now, int | float):
        return abs(float(audited) - float(now)) < 1e-9
    return audited is not None and now is not None and str(audited) == str(now)


def _shown(name: str, value: Any) -> Any:
    """A value as the window shows it: a coded one in words (choice.agree: 同意), none as （空）."""
    if value is None or value == "":
        return Msg("field.empty")
    if isinstance(value, str) and has(f"{name}.{value}"):
        return Msg(f"{name}.{value}")
    return value


def _about(db: Any, code: str, table: str, uuid: str, **params: Any) -> Finding:
    """A finding about one record, named as a person knows it: 表决“3-201”（小区“颐和新村” GL-0001）."""
    where = store.place(db, table, uuid) or store.place_of_gone(db, table, uuid)
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
