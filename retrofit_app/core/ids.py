"""Stable identities: random UUIDs for records, name-derived ones for places."""

from __future__ import annotations

import uuid

_PLACE_NAMESPACE = uuid.UUID("6f1f3c1e-3b59-4a55-9a57-2f0b7a3c9d10")


def new_uuid() -> str:
    return str(uuid.uuid4())


def place_uuid(*names: str) -> str:
    """The same district/street/community path gives the same uuid in every copy."""
    return str(uuid.uuid5(_PLACE_NAMESPACE, "/".join(n.strip() for n in names)))
