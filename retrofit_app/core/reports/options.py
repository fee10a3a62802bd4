"""What a user sets for reports: issuing office, parties, document number pattern, photo grid, language."""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass, field
from typing import Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.limits import DOC_NUMBER_MAX_CHARS
from retrofit_app.core.reports.wording import Wording
from retrofit_app.core.text_limits import shortened
from retrofit_app.core.words import Msg, joined, say

KINDS = ("acceptance", "notice", "survey", "feasibility")
KIND_LETTERS = {"acceptance": "YS", "notice": "GS", "survey": "DC", "feasibility": "KX"}
# The acceptance report's sections a user may leave out; the cover, conclusion and signatures stay.
ACCEPTANCE_SECTIONS = ("overview", "inspection", "problems", "elevators", "map", "photos")
GRID_SIZES = (2, 4, 6)
SAVED_FIELDS = (
    "issuing_office",
    "doc_number_pattern",
    "photo_grid",
    "notice_days",
    "objection_contact",
)

# The parties who sign an acceptance report, in the order their boxes appear (key, Chinese name);
# a report prints the name in its own language from the wording catalogue ("party.<key>").
PARTY_KEYS = ("client", "designer", "contractor", "supervisor", "street", "residents")
PARTY_ROLES = tuple((key, say(f"party.{key}")) for key in PARTY_KEYS)
DEFAULT_OFFICE = say("default.office")
# The fields a document number pattern may name; nothing else is looked up (no {date.__class__}).
DOC_NUMBER_FIELDS = ("code", "kind", "date", "year", "seq")
_WIDTH = re.compile(r"\d+")


@dataclass
class ReportOptions:
    issuing_office: str = DEFAULT_OFFICE
    # Fields: {code} estate code, {kind} YS/GS/DC, {date:%Y%m%d}, {year}, {seq} (1 for a single report).
    doc_number_pattern: str = "宁房改〔{year}〕{code}-{kind}-{seq:02d}"
    parties: dict[str, str] = field(default_factory=dict)  # role key → party name
    photo_grid: int = 4
    notice_days: int = 10  # Chengdu: at least 10 days; Guangzhou (older rule): 20
    objection_contact: str = ""  # where residents send written, real-name objections
    conclusion: str = ""  # the acceptance team's conclusion; a standard sentence when empty
    contract: str = ""  # contract number and amount, for the overview
    date: dt.date | None = None  # the report's date; today when None
    language: str = "zh"  # "zh" or "en": the words, dates and numbers the report prints
    acceptance: int | None = None  # which of the estate's acceptances (1, 2, …); None: the latest
    photo_choice: str = "default"  # default, all or none (reports/photo_choice.py)
    photo_uuids: tuple[str, ...] = ()  # photos picked one by one: these and no others
    sections: tuple[str, ...] = ACCEPTANCE_SECTIONS  # the acceptance sections printed

    @classmethod
    def from_saved(cls, saved: dict | None, **overrides: Any) -> ReportOptions:
        """Options from what Settings.report holds; unknown or mistyped entries are ignored."""
        options = cls(**overrides)
        saved = saved if isinstance(saved, dict) else {}
        for name in SAVED_FIELDS:
            value = saved.get(name)
            if isinstance(value, type(getattr(options, name))) and name not in overrides:
                setattr(options, name, value)
        if isinstance(saved.get("parties"), dict) and "parties" not in overrides:
            options.parties = {
                k: str(v) for k, v in saved["parties"].items() if k in PARTY_KEYS and v
            }
        return options

    def to_saved(self) -> dict:
        """What is worth keeping between sessions (not the date, conclusion or contract)."""
        return {
            **{name: getattr(self, name) for name in SAVED_FIELDS},
            "parties": dict(self.parties),
        }

    def office(self, words: Wording) -> str:
        """The issuing office as typed; the untouched default prints in the report's language."""
        if self.issuing_office in ("", DEFAULT_OFFICE):
            return words("default.office")
        return self.issuing_office

    def report_date(self) -> dt.date:
        return self.date or dt.date.today()

    def doc_number(self, kind: str, code: str, seq: int = 1) -> str:
        """The pattern with its fields filled in; a pattern that does more is refused with a sentence."""
        day = self.report_date()
        values = {
            "code": code,
            "kind": KIND_LETTERS[kind],
            "date": day,
            "year": day.year,
            "seq": seq,
        }
        return fill_doc_number(self.doc_number_pattern, values)


def _refuse_pattern(pattern: str, reason: Msg) -> RetrofitError:
    return RetrofitError(
        ErrorCode.DOC_NUMBER_PATTERN, pattern=shortened(pattern, 60), reason=reason
    )


def fill_doc_number(pattern: str, values: dict[str, object]) -> str:
    """Substitute only the named fields of DOC_NUMBER_FIELDS, each with at most a format spec.

    str.format would also follow attributes and indexes ({date.__class__.__mro__}); here each
    field is parsed with string.Formatter and formatted on its own.
    """
    known = joined([f"{{{name}}}" for name in DOC_NUMBER_FIELDS])
    if len(pattern) > DOC_NUMBER_MAX_CHARS:
        raise _refuse_pattern(pattern, Msg("doc_pattern.too_long", limit=DOC_NUMBER_MAX_CHARS))
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as error:
        raise _refuse_pattern(pattern, Msg("doc_pattern.braces")) from error
    text = []
    for literal, name, spec, conversion in parts:
        text.append(literal)
        if name is not None:
            text.append(_field(pattern, values, known, name, spec or "", conversion))
    return "".join(text)


def _field(
    pattern: str,
    values: dict[str, object],
    known: str,
    name: str,
    spec: str,
    conversion: str | None,
) -> str:
    """One {name:spec} of the pattern filled in; refused unless it is a plain known field."""
    if re.split(r"[.\[]", name)[0] in DOC_NUMBER_FIELDS and name not in DOC_NUMBER_FIELDS:
        raise _refuse_pattern(pattern, Msg("doc_pattern.reaches_in", name=name, known=known))
    if name not in DOC_NUMBER_FIELDS:
        raise _refuse_pattern(pattern, Msg("doc_pattern.unknown_field", name=name, known=known))
    too_wide = name != "date" and any(int(w) > 20 for w in _WIDTH.findall(spec))
    if conversion or "{" in spec or too_wide:
        raise _refuse_pattern(pattern, Msg("doc_pattern.bad_format", name=name))
    try:
        return format(values[name], spec)
    except (TypeError, ValueError) as error:
        reason = Msg("doc_pattern.unsuited_format", name=name, spec=spec)
        raise _refuse_pattern(pattern, reason) from error
