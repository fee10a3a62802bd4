"""What an acceptance report prints of the estate's acceptance record: parties, dates, contract, works.

A party, date or contract the estate's record lacks falls back to the report settings' defaults
(ReportOptions.parties), and the report says which; with no record at all, it says that too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from retrofit_app.core.acceptances import OPTIONAL_ROLES, ROLES, Acceptance
from retrofit_app.core.reports.options import ReportOptions
from retrofit_app.core.reports.wording import EMPTY, Wording
from retrofit_app.core.signatures import Signature
from retrofit_app.core.words import Msg, joined

# The settings' party keys by the record's roles (the settings keep street office and community
# in one field: it stands for the street office).
_FROM_SETTINGS = {"street_office": "street"}
_ALWAYS_LISTED = ("client", "designer", "contractor", "supervisor")


@dataclass(frozen=True)
class Signer:
    role: str
    name: str
    representative: str
    from_defaults: bool
    signature: Signature | None = None  # drawn on the window's pad; None: signed on paper


@dataclass(frozen=True)
class RecordFacts:
    record: Acceptance | None
    signers: list[Signer]

    def defaulted(self) -> list[str]:
        return [s.role for s in self.signers if s.from_defaults]

    def name(self, role: str) -> str:
        return next((s.name for s in self.signers if s.role == role), "")


def record_facts(
    record: Acceptance | None,
    options: ReportOptions,
    drawn: Mapping[str, Signature] | None = None,
) -> RecordFacts:
    """The signers in box order: the record's party, else the settings' default, else a blank box
    (optional roles only when the record names them); a party's signature drawn on the pad from
    `drawn` (party uuid → signature)."""
    drawn = drawn or {}
    recorded = record.parties if record is not None else {}
    signers = []
    for role in ROLES:
        if role in recorded:
            party = recorded[role]
            signature = drawn.get(party.uuid)
            signers.append(Signer(role, party.name, party.representative, False, signature))
            continue
        default = options.parties.get(_FROM_SETTINGS.get(role, role), "")
        if default:
            signers.append(Signer(role, default, "", True))
        elif role not in OPTIONAL_ROLES:
            signers.append(Signer(role, "", "", False))
    return RecordFacts(record, signers)


def signer_text(words: Wording, signer: Signer) -> str:
    if signer.representative and signer.name:
        return words("acc.signer", name=signer.name, person=signer.representative)
    return signer.name or signer.representative


def record_rows(
    words: Wording, facts: RecordFacts, options: ReportOptions
) -> list[tuple[str, object]]:
    """The overview's rows for the acceptance: kind and dates, contract, the parties."""
    record = facts.record
    rows: list[tuple[str, object]] = []
    if record is not None:
        rows += _record_rows(words, record, options)
    else:
        rows.append(("fact.contract", options.contract or EMPTY))
    # The four units the law names always; the others where someone is named (their boxes are
    # on the signature page either way).
    rows += [
        (f"party.{s.role}", signer_text(words, s) or EMPTY)
        for s in facts.signers
        if s.role in _ALWAYS_LISTED or s.name or s.representative
    ]
    return rows


def _record_rows(
    words: Wording, record: Acceptance, options: ReportOptions
) -> list[tuple[str, object]]:
    """The acceptance's kind, dates, contract and funding as recorded."""
    price = words("acc.price", amount=record.contract_price) if record.contract_price else ""
    return [
        ("fact.acceptance_kind", words(f"acc.kind.{record.kind}")),
        ("fact.inspected_on", words.join(record.inspected_on.split(",")) if record.inspected_on else EMPTY),
        ("fact.started_on", record.started_on or EMPTY),
        ("fact.completed_on", record.completed_on or EMPTY),
        ("fact.contract_name", record.contract_name or EMPTY),
        ("fact.contract_number", record.contract_number or options.contract or EMPTY),
        ("fact.contract_price", price or EMPTY),
        ("fact.funding", record.funding or EMPTY),
    ]  # fmt: skip


def record_note(words: Wording, facts: RecordFacts) -> str:
    """Where the report's parties come from when not all from the estate's record; '' when they do."""
    if facts.record is None:
        return words("acc.no_record")
    defaulted = facts.defaulted()
    if not defaulted:
        return ""
    return words("acc.parties_from_defaults", roles=joined([Msg(f"party.{r}") for r in defaulted]))
