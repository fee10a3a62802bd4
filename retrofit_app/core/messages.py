"""The sentence for an error code, in the user's language (catalogue ids ``error.<code>``).

The command line prints them; the window shows them in its dialogs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from retrofit_app.core.words import has, say


class WordedError(Protocol):
    """A RetrofitError, named by shape: core/errors.py imports this module, not the reverse."""

    @property
    def code(self) -> object: ...

    @property
    def params(self) -> Mapping[str, object]: ...


def error_msgid(code: object) -> str:
    return f"error.{code}"


def error_sentence(error: WordedError, language: str = "zh") -> str:
    msgid = error_msgid(error.code)
    if not has(msgid):
        return say("error.unknown", language, code=str(error.code))
    # An error's own parameters may name a `code` (an estate's): theirs wins.
    return say(msgid, language, **{"code": str(error.code), **error.params})
