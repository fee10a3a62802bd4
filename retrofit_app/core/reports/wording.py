"""Every fixed word a PDF report prints, in Simplified Chinese and English, and how dates and numbers read."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.words import has, in_language, say

LANGUAGES = ("zh", "en")
PDF_LANG_TAGS = {"zh": "zh-CN", "en": "en"}
EMPTY = "—"  # an empty cell reads the same in both languages


def normalise_language(value: str | None) -> str:
    """'zh' or 'en' from 'zh', 'zh_CN', 'en', 'en_GB' and the like; anything else is refused."""
    text = (value or "").strip().lower().replace("-", "_")
    for lang in LANGUAGES:
        if text == lang or text.startswith(lang + "_"):
            return lang
    raise RetrofitError(ErrorCode.REPORT_LANGUAGE, value=value or "")


@dataclass(frozen=True)
class Wording:
    """The report sentences in one language (catalogue in resources/i18n/core_*.po): `words("key", field=value)`."""

    lang: str = "zh"

    def __call__(self, key: str, **fields: object) -> str:
        return say(key, self.lang, **fields)

    def labels(self, keys: Iterable[str]) -> list[str]:
        """The words of several keys, as for a table's header row."""
        return [self(key) for key in keys]

    def pick(self, zh: str, en: str) -> str:
        """One of a pair that data files hold in both languages (an empty English falls back)."""
        return in_language(zh, en, self.lang)

    def date(self, day: dt.date) -> str:
        month_name = self(f"month.{day.month}")
        return self("date.long", year=day.year, day=day.day, month_name=month_name)

    def number(self, value: float, places: int = 2) -> str:
        """English groups thousands (1,234.50); Chinese documents print the plain figure."""
        return self("number.decimal", value=value, places=places)

    def count(self, value: int) -> str:
        return self("number.count", value=value)

    def area(self, value: float) -> str:
        return self("area", n=self.number(value))

    def heading(self, number: int, text: str) -> str:
        return self("heading", number=self(f"numeral.{number}"), text=text)

    def join(self, parts: list[str], kind: str = "list") -> str:
        shown = [part for part in parts if part]
        if not shown:
            return ""
        return functools.reduce(lambda left, right: self(f"join.{kind}", left=left, right=right), shown)

    def passed(self, passed: bool | None) -> str:
        """通过, 未通过, or 待核实 for a result that cannot be concluded yet (None)."""
        if passed is None:
            return self("result.undecided")
        return self("result.passed" if passed else "result.failed")

    def keyed(self, prefix: str, key: object, default: str = "") -> str:
        """The words for a stored code (a vote, a status), or `default` for a code not listed."""
        name = f"{prefix}.{'none' if key is None else key}"
        return self(name) if has(name) else default


def words_for(lang: str | None) -> Wording:
    return Wording(normalise_language("zh" if lang is None else lang))
