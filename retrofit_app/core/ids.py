"""Stable identities: time-ordered random UUIDs for records, name-derived ones for places, estate codes."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterable

# app_meta key of a field copy: the estate codes its office had when it was handed out.
OFFICE_CODES_KEY = "office_estate_codes"
_PLACE_NAMESPACE = uuid.UUID("6f1f3c1e-3b59-4a55-9a57-2f0b7a3c9d10")
_CHECKLIST_NAMESPACE = uuid.UUID("0c6f2a8e-5d1b-4b7e-9a43-7e2f1c9b5a61")
# The variant nibble of an RFC 9562 UUID is 10xx: 8, 9, a or b.
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def new_uuid() -> str:
    """A time-ordered (version 7, RFC 9562) UUID as text: the Unix time in milliseconds, then
    74 random bits. Rows made one after another get neighbouring keys, so a bulk import adds to
    the end of each uuid index instead of all over it; two copies working offline still never
    make the same one. Made without the UUID object: bulk imports make tens of thousands."""
    ms = time.time_ns() // 1_000_000
    h = os.urandom(10).hex()
    return f"{ms >> 16:08x}-{ms & 0xFFFF:04x}-7{h[:3]}-{_VARIANT[h[3]]}{h[4:7]}-{h[8:]}"


# new_uuid made by SQLite, for rows an INSERT makes many at a time: the time from julianday('now')
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
