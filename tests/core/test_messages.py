"""Every error the program can report has its sentence in Simplified Chinese and in English."""

from __future__ import annotations

import re
import string

import pytest

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.messages import error_msgid, error_sentence
from retrofit_app.core.words import catalogue, has

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
QUOTED = re.compile(r"“[^”]*”")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", list(ErrorCode), ids=str)
def test_each_error_code_has_a_chinese_and_an_english_sentence(code: ErrorCode) -> None:
    msgid = error_msgid(code)
    assert has(msgid), f"{code} has no sentence"
    zh, en = catalogue("zh").gettext(msgid), catalogue("en").gettext(msgid)
    assert CJK.search(zh), f"{code}: the Chinese sentence is not Chinese"
    # Chinese inside “…” is an example of what to type (“1幢2单元”), not untranslated text.
    assert en.strip() and not CJK.search(QUOTED.sub("", en)), f"{code}: {en}"
    assert _fields(zh) == _fields(en), f"{code}: the two sentences name different values"


def test_a_sentence_is_read_in_the_language_asked_for() -> None:
    error = RetrofitError(ErrorCode.NOT_FOUND, path="/tmp/没有的项目.gpkg")
    assert error_sentence(error, "zh") == "找不到项目文件：/tmp/没有的项目.gpkg。"
    assert error_sentence(error, "en") == "The project file /tmp/没有的项目.gpkg does not exist."
