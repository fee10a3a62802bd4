"""The sentence for an error code, in the user's language (catalogue ids ``error.<code>``).

The command line prints them; the window shows them in its dialogs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from retrofit_app.core.words import has, say

if TYPE_CHECKING:
    from retrofit_app.core.errors import RetrofitError


def error_msgid(code: object) -> str:
    return f"error.{code}"


def error_sentence(error: RetrofitError, language: str = "zh") -> str:
    msgid = error_msgid(error.code)
    if not has(msgid):
        return say("error.unknown", language, code=str(error.code))
    return say(msgid, language, code=str(error.code), **error.params)
