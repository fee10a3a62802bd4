"""JSON from a user's file, kept in bounds: nesting depth and number size are refused with a reason."""

from __future__ import annotations

import json
import math
from typing import Any

from retrofit_app.core.limits import JSON_MAX_DEPTH, JSON_MAX_NUMBER_CHARS
from retrofit_app.core.words import Msg, say


class JsonRefused(ValueError):
    """Valid JSON this program will not read; `reason` is a catalogue sentence (Msg) saying why."""

    def __init__(self, reason: Msg) -> None:
        super().__init__(say(reason, "en", **reason.params))
        self.reason = reason


def _too_long(number: str) -> JsonRefused:
    head = number if len(number) <= 20 else number[:12] + "…"
    return JsonRefused(
        Msg("json.number_too_long", number=head, length=len(number), limit=JSON_MAX_NUMBER_CHARS)
    )


def _int(text: str) -> int:
    # Checked before int(): Python refuses more than 4,300 digits with a ValueError of its own.
    if len(text) > JSON_MAX_NUMBER_CHARS:
        raise _too_long(text)
    return int(text)


def _float(text: str) -> float:
    if len(text) > JSON_MAX_NUMBER_CHARS:
        raise _too_long(text)
    value = float(text)
    if not math.isfinite(value):
        raise JsonRefused(Msg("json.number_out_of_range", number=text))
    return value


def _constant(name: str) -> float:
    raise JsonRefused(Msg("json.not_a_number", name=name))


def _too_deep() -> JsonRefused:
    return JsonRefused(Msg("json.too_deep", limit=JSON_MAX_DEPTH))


def check_depth(value: Any, limit: int = JSON_MAX_DEPTH) -> None:
    """Refuse arrays and objects nested more than `limit` deep (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = (
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        )
        if children and depth > limit:
            raise _too_deep()
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def parse_bounded(text: str, *, allow_nan: bool = False) -> Any:
    """`json.loads(text)` within bounds.

    Raises json.JSONDecodeError for text that is not JSON (with line and column), and
    JsonRefused for numbers longer than JSON_MAX_NUMBER_CHARS, NaN/Infinity, numbers
    beyond a float, and nesting deeper than JSON_MAX_DEPTH. With `allow_nan`, NaN and
    Infinity read as floats for the caller to refuse where they stand (GeoJSON: per feature).
    """
    constant = float if allow_nan else _constant
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=constant)
    except RecursionError as error:  # thousands of "[" : the parser gives up before we can count
        raise _too_deep() from error
    check_depth(value)
    return value
