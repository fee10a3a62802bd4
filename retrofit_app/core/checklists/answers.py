"""Answer values: check one against its item, encode it for the file, decode it back."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from retrofit_app.core.checklists.template_model import AnswerType, Item
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.words import Bilingual, Msg, joined


def _refuse(item: Item, value: Any, expected: Msg) -> RetrofitError:
    return RetrofitError(
        ErrorCode.INVALID_ANSWER, item=Bilingual(item.zh, item.en), value=value, expected=expected
    )


def clean_value(item: Item, value: Any) -> Any:
    """The value as stored, or None to clear; a value the item cannot take is refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    kind = item.answer_type
    if kind in (AnswerType.YES_NO_NA, AnswerType.CHOICE):
        allowed = [o.value for o in item.options]
        if value not in allowed:
            raise _refuse(item, value, Msg("answer_expected.choice", allowed=joined(allowed)))
        return value
    if kind is AnswerType.NUMBER:
        return _number(item, value)
    if kind is AnswerType.DATE:
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError as error:
            raise _refuse(item, value, Msg("answer_expected.date")) from error
    return str(value).strip()


def _number(item: Item, value: Any) -> float | int:
    try:
        number = float(str(value).strip().replace("，", "").replace(",", ""))
    except ValueError as error:
        raise _refuse(item, value, Msg("answer_expected.number")) from error
    low = item.minimum if item.minimum is not None else float("-inf")
    high = item.maximum if item.maximum is not None else float("inf")
    if not low <= number <= high:
        expected = Msg("answer_expected.range", minimum=item.minimum, maximum=item.maximum)
        raise _refuse(item, value, expected)
    return int(number) if number.is_integer() else number


def encode(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def decode(text: str | None) -> Any:
    return None if text is None else json.loads(text)
