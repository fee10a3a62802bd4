"""A record's fields as a sentence names them (catalogue ids ``field.<key>``), not by their column names."""

from __future__ import annotations

from retrofit_app.core.words import Msg, has

EMPTY = Msg("field.empty")  # the value shown for a required field left empty


def field_words(key: str) -> str:
    """How a sentence names the field `key`: the message id of its words, or the key itself."""
    msgid = f"field.{key}"
    return Msg(msgid) if has(msgid) else key
