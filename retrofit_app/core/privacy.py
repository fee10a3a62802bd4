"""Masking of personal information for anything published: phones, ID numbers, names."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

_DIGITS = re.compile(r"\d")
_MASKED_PHONE = re.compile(r"\d{3}\*{4}\d{4}")


def mask_phone(phone: str) -> str:
    """138****1234 for a mobile number; other numbers keep only their last 4 digits."""
    text = re.sub(r"[\s-]", "", phone or "")
    if not text or _MASKED_PHONE.fullmatch(text):
        return text  # empty, or masked already: masking twice changes nothing
    if len(text) == 11 and text.isdigit():
        return f"{text[:3]}****{text[-4:]}"
    if len(text) <= 4:
        return "*" * len(text)
    return "*" * (len(text) - 4) + text[-4:]


def mask_id_number(id_number: str) -> str:
    """First 6 + ******** + last 4 for an 18-character ID; shorter codes keep only the ends.

    Masking a masked number changes nothing.
    """
    text = (id_number or "").strip().upper()
    if not text:
        return ""
    if len(text) >= 15:
        return f"{text[:6]}********{text[-4:]}"
    if len(text) <= 2:
        return "*" * len(text)
    return text[0] + "*" * (len(text) - 2) + text[-1]


def mask_name(name: str) -> str:
    """张*明 for three or more characters, 张* for two; an organisation's name stays readable.

    Organisations (companies, offices) are not natural persons, so the law on personal
    information does not ask for their names to be hidden and a notice must name them.
    """
    text = (name or "").strip()
    if not text:
        return ""
    if is_organisation(text):
        return text
    if len(text) == 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    if text.isascii():
        return text[0] + "*" * (len(text) - 1)
    return text[0] + "*" * (len(text) - 2) + text[-1]


_ORGANISATION_WORDS = (
    "公司",
    "有限",
    "集团",
    "中心",
    "局",
    "委员会",
    "办事处",
    "事务所",
    "学校",
    "医院",
    "银行",
)


def is_organisation(name: str) -> bool:
    return len(name) > 4 and any(word in name for word in _ORGANISATION_WORDS)


def _masker(mask: Callable[[str], str]) -> Callable[[object], object]:
    return lambda value: mask(value) if isinstance(value, str) else value


# The personal numbers the project stores, by (table, column), with their mask.
# Packages carry them masked (or blank); the audit log stores them masked.
PERSONAL_NUMBERS: dict[tuple[str, str], Callable[[object], object]] = {
    ("owners", "id_number"): _masker(mask_id_number),
    ("owners", "phone"): _masker(mask_phone),
}

# The usual shape of each personal number as an SQLite GLOB pattern, and its mask in SQL ({c}:
# the column): the same text the mask above gives for a value of that shape (an 18-character ID
# number of ASCII digits ending in a digit or X; an 11-digit mobile number), so a bulk write's
# audit entries mask most values in SQL without a call back into Python per value.
PERSONAL_NUMBERS_SQL: dict[tuple[str, str], tuple[str, str]] = {
    ("owners", "id_number"): (
        "[0-9]" * 17 + "[0-9X]",
        "substr({c}, 1, 6) || '********' || substr({c}, -4)",
    ),
    ("owners", "phone"): ("[0-9]" * 11, "substr({c}, 1, 3) || '****' || substr({c}, -4)"),
}

# An owner's drawn signature is personal too: a copy without personal data carries the fact of
# the signature, not the drawing. (table, column) -> what stands for it, and the rows it is for
# (an official's, an acceptance party's, goes whole).
OWNER_DRAWINGS: dict[tuple[str, str], tuple[str, str]] = {
    ("signatures", "strokes"): ("[]", "vote_uuid IS NOT NULL"),
}


def mask_personal(table: str, column: str, value: Any) -> Any:
    """`value` of table.column with its personal number masked (SQL functions call this)."""
    return PERSONAL_NUMBERS[table, column](value)


def mask_values(table: str, values: dict[str, object]) -> dict[str, object]:
    """`values` (a record's fields) with the personal numbers of `table` masked."""
    return {
        k: PERSONAL_NUMBERS[table, k](v) if (table, k) in PERSONAL_NUMBERS else v
        for k, v in values.items()
    }


def mask_values_json(table: str, text: str | None) -> str | None:
    """An audit entry's JSON object of values with the personal numbers of `table` masked."""
    if not text or not any(t == table for t, _ in PERSONAL_NUMBERS):
        return text
    try:
        values = json.loads(text)
    except ValueError:
        return text
    if not isinstance(values, dict):
        return text
    masked = mask_values(table, values)
    return text if masked == values else json.dumps(masked, ensure_ascii=False)
