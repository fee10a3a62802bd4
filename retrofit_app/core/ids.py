"""Stable identities: random UUIDs for records, name-derived ones for places, estate codes."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable

# app_meta key of a field copy: the estate codes its office had when it was handed out.
OFFICE_CODES_KEY = "office_estate_codes"
_PLACE_NAMESPACE = uuid.UUID("6f1f3c1e-3b59-4a55-9a57-2f0b7a3c9d10")
_CHECKLIST_NAMESPACE = uuid.UUID("0c6f2a8e-5d1b-4b7e-9a43-7e2f1c9b5a61")
# The variant nibble of a random UUID is 10xx: 8, 9, a or b.
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


# Random bytes for the next uuids, as hex, 16 bytes each: one read of the system's random source
# per 256 uuids instead of one each (a 20,000-row roster makes 80,000). A forked child starts
# with none, so it never makes a uuid its parent made.
_RANDOM_AHEAD: list[str] = []
_UUIDS_PER_READ = 256
if hasattr(os, "register_at_fork"):  # Windows has no fork
    os.register_at_fork(after_in_child=_RANDOM_AHEAD.clear)


def new_uuid() -> str:
    """A random (version 4) UUID as text, as str(uuid.uuid4()) gives it, made without the UUID
    object: bulk imports make tens of thousands of these. Random from the first character on:
    people see a record's first 8 characters as its short name (conflicts, verify findings), and
    temporary files take them as a unique suffix."""
    try:
        h = _RANDOM_AHEAD.pop()  # atomic: two threads never take the same bytes
    except IndexError:
        read = os.urandom(16 * _UUIDS_PER_READ).hex()
        _RANDOM_AHEAD.extend(read[i : i + 32] for i in range(32, len(read), 32))
        h = read[:32]
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"


# A time-ordered (version 7, RFC 9562) uuid made by SQLite, for the log rows an INSERT makes many
# at a time (audit_log, evidence_chain): each batch adds to the end of the log's uuid index
# instead of all over it; nobody reads these by a short name. The time from julianday('now')
# (unixepoch's milliseconds need SQLite 3.42), 74 bits from SQLite's random() (a ChaCha20
# stream), formatted in one printf (cheaper than hex and substr).
_MS_SQL = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
UUID_SQL = (
    f"printf('%08x-%04x-7%03x-%04x-%012x', {_MS_SQL} >> 16, {_MS_SQL} & 65535,"
    " random() & 4095, (random() & 16383) | 32768, random() & 281474976710655)"
)


def place_uuid(*names: str) -> str:
    """The same district/street/community path gives the same uuid in every copy."""
    return str(uuid.uuid5(_PLACE_NAMESPACE, "/".join(n.strip() for n in names)))


def stable_uuid(*parts: object) -> str:
    """Templates, checklists and answers get uuids derived from what they are, so two field copies
    that both start the same checklist or answer the same item agree on the record's identity and
    a merge meets one record (and, for answers, a conflict a person decides), not two."""
    return str(uuid.uuid5(_CHECKLIST_NAMESPACE, "/".join(str(p) for p in parts)))


def next_code(prefix: str, taken: Iterable[str]) -> str:
    """The estate code after the highest numbered `prefix-NNNN` among `taken`."""
    numbers = [
        int(tail)
        for code in taken
        if code.startswith(f"{prefix}-") and (tail := code.rsplit("-", 1)[1]).isdigit()
    ]
    return f"{prefix}-{max(numbers, default=0) + 1:04d}"
