"""A record's fields as a sentence names them (catalogue ids ``field.<key>``), not by their column names."""

from __future__ import annotations

from typing import Any, TypeVar

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.words import Msg, has

T = TypeVar("T")

EMPTY = Msg("field.empty")  # the value shown for a required field left empty


def field_words(key: str) -> str:
    """How a sentence names the field `key`: the message id of its words, or the key itself."""
    msgid = f"field.{key}"
    return Msg(msgid) if has(msgid) else key


def one_of(field: str, value: T, allowed: tuple[Any, ...]) -> T:
    """`value` when it is one of the `allowed` codes; else refused with a sentence naming the field."""
    if value not in allowed:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words(field), value=value)
    return value
