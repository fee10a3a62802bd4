"""The errors core services raise: a code the front ends turn into a sentence."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    IS_DIRECTORY = "is_directory"
    NOT_SQLITE = "not_sqlite"
    NOT_PROJECT = "not_project"
    TOO_NEW = "too_new"
    LOCKED = "locked"
    READ_ONLY = "read_only"
    EXISTS = "exists"
    CORRUPT = "corrupt"
    DISK_FULL = "disk_full"
    NO_SUCH_ESTATE = "no_such_estate"
    AMBIGUOUS_ESTATE = "ambiguous_estate"
    DUPLICATE_CODE = "duplicate_code"
    INVALID_VALUE = "invalid_value"
    NO_SUCH_RECORD = "no_such_record"
    STAGE_BLOCKED = "stage_blocked"
    CANNOT_WRITE = "cannot_write"


class RetrofitError(Exception):
    """An error a user can act on; `code` picks the sentence, `params` fill it."""

    def __init__(self, code: ErrorCode, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")

    def sentence(self, language: str = "zh") -> str:
        from retrofit_app.core.messages import error_sentence

        return error_sentence(self, language)


class ProjectFileError(RetrofitError):
    """The project file cannot be opened or written as asked."""
