"""Every sentence of core, command line and reports has Chinese and English text, and the .mo files are in step."""

from __future__ import annotations

import gettext
import re
import string

import pytest
from catalogue_files import core_words, texts

from retrofit_app.core.errors import ErrorCode
from retrofit_app.core.messages import error_msgid
from retrofit_app.core.words import Msg, has, say

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
QUOTED = re.compile(r"“[^”]*”")
ZH, EN = texts("zh"), texts("en")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("msgid", sorted(ZH))
def test_each_sentence_names_the_same_values_in_both_languages(msgid: str) -> None:
    zh, en = ZH[msgid], EN.get(msgid, "")
    assert zh.strip() and en.strip(), msgid
    # A field missing in one language would print a hole (or raise) in that language only.
    assert fields(zh) == fields(en), msgid
    # Chinese inside “…” is an example of what to type (“1幢2单元”), not untranslated text.
    assert not CJK.search(QUOTED.sub("", en)), f"{msgid}: Chinese left in the English text: {en}"


def test_every_id_the_code_uses_has_chinese_and_english_text() -> None:
    assert core_words.missing() == []


def test_every_error_code_has_a_sentence() -> None:
    assert [code for code in ErrorCode if not has(error_msgid(code))] == []


def test_the_compiled_catalogues_say_what_the_po_files_say() -> None:
    for lang in core_words.CATALOGUES:
        with core_words.mo_path(lang).open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        for message in core_words.load(lang):
            if message.id:
                assert compiled.gettext(message.id) == message.string, (
                    f"{message.id}: run python tools/core_words.py compile"
                )


def test_a_message_id_given_as_a_value_is_read_in_the_sentences_language() -> None:
    sentence = "error.text_too_long"
    assert say(sentence, "en", field=Msg("field.name"), length=90, limit=80).startswith(
        "The name is too long"
    )
    assert say(sentence, "zh", field=Msg("field.name"), length=90, limit=80).startswith("名称太长")


def test_a_number_reads_as_each_language_writes_it() -> None:
    assert say("number.decimal", "en", value=1234.5, places=2) == "1,234.50"
    assert say("number.decimal", "zh", value=1234.5, places=2) == "1234.50"
