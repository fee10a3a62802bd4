"""Every sentence outside the window's widgets, in Chinese and English, from gettext catalogues.

Core code returns codes and parameters; the words live in
``resources/i18n/core_zh_CN.po`` and ``core_en.po`` (compiled to ``.mo`` by
``python tools/core_words.py compile``), one entry per message id such as
``error.not_found`` or ``title.acceptance``. ``say(msgid, lang, **params)`` fills
one in; ``N_("id")`` marks an id kept in a table so the tools find it.
The window's widgets translate with Qt's ``tr()`` instead (resources/i18n/*.ts).
"""

from __future__ import annotations

import functools
import gettext
import logging
from collections.abc import Sequence

from retrofit_app.core.resources import resources_dir

LANGUAGES = ("zh", "en")
CATALOGUE_NAMES = {"zh": "core_zh_CN", "en": "core_en"}
# A value typed or read from a file may be a megabyte long; a sentence shows its start.
_VALUE_MAX_CHARS = 500


class Msg(str):
    """A message id given as a parameter of another sentence: filled in the sentence's language,
    with values of its own if it has some (``Msg("skip.too_many_points", limit=5000)``)."""

    params: dict[str, object]

    def __new__(cls, msgid: str, /, **params: object) -> Msg:
        message = super().__new__(cls, msgid)
        message.params = params
        return message


class Bilingual(str):
    """Words a data file gives in both languages (a checklist item's name) as a sentence's value:
    filled in the sentence's language. Reads as the Chinese where no language is known."""

    en: str

    def __new__(cls, zh: str, en: str) -> Bilingual:
        words = super().__new__(cls, zh)
        words.en = en
        return words


def in_language(zh: str, en: str, lang: str) -> str:
    """One of the two texts a data file gives (a template's name, an item, a unit); an empty
    English falls back to the Chinese. Code's own words come from the catalogue instead."""
    return (en or zh) if language_of(lang) == "en" else zh


def joined(values: Sequence[str], join: str = "join.list") -> str:
    """Several values (ids given as Msg, Bilingual or plain text) as one value of a sentence,
    joined the way the catalogue's `join` says in each language: 甲、乙 / A, B."""
    result = values[0] if values else ""
    for value in values[1:]:
        result = Msg(join, left=result, right=value)
    return result


def N_(msgid: str) -> str:  # noqa: N802 (the gettext convention for "mark, translate later")
    """Marks a message id kept in a table; returns it unchanged."""
    return msgid


def language_of(value: str | None) -> str:
    """'zh' or 'en' from 'zh', 'zh_CN', 'en', 'en-GB' and the like; anything else reads Chinese."""
    text = (value or "").strip().lower()
    return "en" if text.startswith("en") else "zh"


@functools.cache
def catalogue(lang: str) -> gettext.NullTranslations:
    path = resources_dir("i18n", CATALOGUE_NAMES[language_of(lang)] + ".mo")
    try:
        with path.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except OSError:  # a broken install: ids read as themselves rather than crash
        return gettext.NullTranslations()


def has(msgid: str) -> bool:
    """Whether the catalogues hold `msgid` (a code not listed reads as a default instead)."""
    return catalogue("zh").gettext(msgid) != msgid


def say(msgid: str, lang: str = "zh", /, **params: object) -> str:
    """The sentence `msgid` in `lang`, its {fields} filled from `params` (Msg values translated too)."""
    template = catalogue(lang).gettext(msgid)
    if not params:
        return template
    filled = {key: _shown(value, lang) for key, value in params.items()}
    try:
        return template.format(**filled)
    except (KeyError, IndexError, ValueError):
        # A catalogue edited by hand may name a value the code does not give: show the
        # sentence unfilled rather than fail the whole command; tests/test_catalogues.py
        # catches it before it ships.
        logging.getLogger(__name__).warning(
            "sentence %s is missing a value: %s", msgid, sorted(params)
        )
        return template


def _shown(value: object, lang: str) -> object:
    if isinstance(value, Msg):
        return say(value, lang, **value.params)
    if isinstance(value, Bilingual):
        value = in_language(str.__str__(value), value.en, lang)
    if isinstance(value, str) and len(value) > _VALUE_MAX_CHARS:
        return value[: _VALUE_MAX_CHARS - 1] + "…"
    return value
