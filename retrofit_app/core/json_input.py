"""JSON from a user's file, kept in bounds: nesting depth and number size are refused with a reason."""

from __future__ import annotations

import json
import math
from typing import Any

from retrofit_app.core.limits import JSON_MAX_DEPTH, JSON_MAX_NUMBER_CHARS


class JsonRefused(ValueError):
    """Valid JSON this program will not read; `reason` is a (Chinese, English) pair for a sentence."""

    def __init__(self, reason: tuple[str, str]) -> None:
        super().__init__(reason[1])
        self.reason = reason


def _too_long(number: str) -> JsonRefused:
    head = number if len(number) <= 20 else number[:12] + "…"
    return JsonRefused(
        (
            f"数字 {head} 太长（{len(number)} 个字符，最多 {JSON_MAX_NUMBER_CHARS} 个）",
            f"the number {head} is too long ({len(number)} characters, at most {JSON_MAX_NUMBER_CHARS})",
        )
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
        raise JsonRefused(
            (
                f"数字 {text} 超出了可以计算的范围",
                f"the number {text} is out of the range that can be computed",
            )
        )
    return value


def _constant(name: str) -> float:
    raise JsonRefused(
        (
            f"{name} 不是数字（JSON 里没有这个值）",
            f"{name} is not a number (JSON has no such value)",
        )
    )


def _too_deep() -> JsonRefused:
    return JsonRefused(
        (
            f"嵌套层数太多（最多 {JSON_MAX_DEPTH} 层）",
            f"it is nested too deeply (at most {JSON_MAX_DEPTH} levels)",
        )
    )


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


def parse_bounded(text: str) -> Any:
    """`json.loads(text)` within bounds.

    Raises json.JSONDecodeError for text that is not JSON (with line and column), and
    JsonRefused for numbers longer than JSON_MAX_NUMBER_CHARS, NaN/Infinity, numbers
    beyond a float, and nesting deeper than JSON_MAX_DEPTH.
    """
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except RecursionError as error:  # thousands of "[" : the parser gives up before we can count
        raise _too_deep() from error
    check_depth(value)
    return value
