"""How long a typed name or note may be: past its limit a text is refused with a sentence naming the field.

The services call `check_lengths(values)` on what they are about to write; the reports print
old, too-long texts through `shortened()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.field_words import field_words
from retrofit_app.core.limits import ADDRESS_MAX_CHARS, NAME_MAX_CHARS, NOTE_MAX_CHARS

# Column → its limit; a sentence names it by field_words(column). Columns not named here are not text a person types.
FIELDS: dict[str, int] = {
    "name": NAME_MAX_CHARS,
    "district": NAME_MAX_CHARS,
    "street": NAME_MAX_CHARS,
    "community": NAME_MAX_CHARS,
    "room": NAME_MAX_CHARS,
    "tenant_name": NAME_MAX_CHARS,
    "id_number": NAME_MAX_CHARS,
    "phone": NAME_MAX_CHARS,
    "voter_name": NAME_MAX_CHARS,
    "reviewed_by": NAME_MAX_CHARS,
    "contact": ADDRESS_MAX_CHARS,
    "address": ADDRESS_MAX_CHARS,
    "structure": ADDRESS_MAX_CHARS,
    "caption": ADDRESS_MAX_CHARS,
    "title": ADDRESS_MAX_CHARS,
    "note": NOTE_MAX_CHARS,
    "reason": NOTE_MAX_CHARS,
    "objection": NOTE_MAX_CHARS,
    "cost_share": ADDRESS_MAX_CHARS,
    "review_note": NOTE_MAX_CHARS,
    "text": NOTE_MAX_CHARS,
    "description": NOTE_MAX_CHARS,
    "answer": NOTE_MAX_CHARS,
    "responsible": ADDRESS_MAX_CHARS,
}


def check_length(field: str, value: Any) -> None:
    """Refuse `value` when it is text longer than the limit of `field` (a key of FIELDS)."""
    limit = FIELDS[field]
    if isinstance(value, str) and len(value) > limit:
        raise RetrofitError(ErrorCode.TEXT_TOO_LONG, field=field_words(field), length=len(value), limit=limit)


def check_lengths(values: Mapping[str, Any]) -> None:
    """`check_length` for every entry of `values` whose key is a known text field."""
    for field, value in values.items():
        if field in FIELDS:
            check_length(field, value)


def shortened(text: Any, limit: int) -> str:
    """`text` as it fits in `limit` characters: cut, with "…" where it was cut."""
    text = "" if text is None else str(text)
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"
