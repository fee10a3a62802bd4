"""What a user sets for reports: issuing office, parties, document number pattern, photo grid, language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from retrofit_app.core.reports.wording import TEXT, Wording

KINDS = ("acceptance", "notice", "survey")
KIND_LETTERS = {"acceptance": "YS", "notice": "GS", "survey": "DC"}
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
PARTY_ROLES = tuple((key, TEXT[f"party.{key}"][0]) for key in PARTY_KEYS)
DEFAULT_OFFICE = TEXT["default.office"][0]


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

    @classmethod
    def from_saved(cls, saved: dict | None, **overrides: object) -> ReportOptions:
        """Options from what Settings.report holds; unknown or mistyped entries are ignored."""
        options = cls(**overrides)  # type: ignore[arg-type]
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
        day = self.report_date()
        try:
            return self.doc_number_pattern.format(
                code=code, kind=KIND_LETTERS[kind], date=day, year=day.year, seq=seq
            )
        except (KeyError, ValueError, IndexError):
            # A pattern the user mistyped still gives a usable, unique number.
            return f"{code}-{KIND_LETTERS[kind]}-{day:%Y%m%d}-{seq:02d}"
