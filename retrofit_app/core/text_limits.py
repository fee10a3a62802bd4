"""How long a typed name or note may be: past its limit a text is refused with a sentence naming the field.

The services call `check_lengths(values)` on what they are about to write; the reports print
old, too-long texts through `shortened()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.limits import ADDRESS_MAX_CHARS, NAME_MAX_CHARS, NOTE_MAX_CHARS

# Column → (limit, Chinese field name, English field name). Columns not named here are not text a person types.
FIELDS: dict[str, tuple[int, str, str]] = {
    "name": (NAME_MAX_CHARS, "名称", "name"),
    "district": (NAME_MAX_CHARS, "区名", "district"),
    "street": (NAME_MAX_CHARS, "街道名", "street"),
    "community": (NAME_MAX_CHARS, "社区名", "community"),
    "room": (NAME_MAX_CHARS, "房号", "room"),
    "tenant_name": (NAME_MAX_CHARS, "租户姓名", "tenant's name"),
    "id_number": (NAME_MAX_CHARS, "身份证号", "ID number"),
    "phone": (NAME_MAX_CHARS, "联系电话", "phone number"),
    "voter_name": (NAME_MAX_CHARS, "表决人姓名", "voter's name"),
    "reviewed_by": (NAME_MAX_CHARS, "核实人", "reviewer"),
    "contact": (ADDRESS_MAX_CHARS, "联系方式", "contact"),
    "address": (ADDRESS_MAX_CHARS, "地址", "address"),
    "structure": (ADDRESS_MAX_CHARS, "结构", "structure"),
    "caption": (ADDRESS_MAX_CHARS, "照片说明", "caption"),
    "title": (ADDRESS_MAX_CHARS, "标题", "title"),
    "note": (NOTE_MAX_CHARS, "备注", "note"),
    "reason": (NOTE_MAX_CHARS, "理由", "reason"),
    "objection": (NOTE_MAX_CHARS, "异议", "objection"),
    "cost_share": (ADDRESS_MAX_CHARS, "费用分摊", "cost share"),
    "review_note": (NOTE_MAX_CHARS, "核实说明", "review note"),
    "text": (NOTE_MAX_CHARS, "意见内容", "opinion"),
    "description": (NOTE_MAX_CHARS, "问题描述", "description"),
    "answer": (NOTE_MAX_CHARS, "答案", "answer"),
    "responsible": (ADDRESS_MAX_CHARS, "责任单位", "responsible party"),
}


def check_length(field: str, value: Any) -> None:
    """Refuse `value` when it is text longer than the limit of `field` (a key of FIELDS)."""
    limit, zh, en = FIELDS[field]
    if isinstance(value, str) and len(value) > limit:
        raise RetrofitError(ErrorCode.TEXT_TOO_LONG, field=(zh, en), length=len(value), limit=limit)


def check_lengths(values: Mapping[str, Any]) -> None:
    """`check_length` for every entry of `values` whose key is a known text field."""
    for field, value in values.items():
        if field in FIELDS:
            check_length(field, value)


def shortened(text: Any, limit: int) -> str:
    """`text` as it fits in `limit` characters: cut, with "…" where it was cut."""
    text = "" if text is None else str(text)
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"
