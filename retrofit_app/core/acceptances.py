"""An estate's acceptances (first inspection, re-inspections): dates, contract, works, parties, 文号."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.field_words import field_words
from retrofit_app.core.limits import ADDRESS_MAX_CHARS, NAME_MAX_CHARS, NOTE_MAX_CHARS
from retrofit_app.core.storage import acceptance_store as store

if TYPE_CHECKING:
    from retrofit_app.core.access import ProjectAccess

KINDS = ("first", "reinspection")
# Who signs, in the order their boxes print: the four units the law names (条例 Art. 16) with the
# surveyor, the street office and the community committee apart, the residents' representatives
# (they sign, no seal), then the optional quality supervision body and the property company.
ROLES = (
    "client", "surveyor", "designer", "contractor", "supervisor",
    "street_office", "community", "residents", "quality", "property",
)  # fmt: skip
OPTIONAL_ROLES = ("surveyor", "quality", "property")
DATE_FIELDS = ("inspected_on", "started_on", "completed_on")
TEXT_FIELDS = ("contract_name", "contract_number", "contract_price", "funding", "works", "note")
FIELDS = ("kind", *DATE_FIELDS, *TEXT_FIELDS)
_LIMITS = {"works": NOTE_MAX_CHARS, "note": NOTE_MAX_CHARS, "funding": ADDRESS_MAX_CHARS,
           "contract_name": ADDRESS_MAX_CHARS}  # fmt: skip
_SEQ_LIMIT = 999  # 文号 tried before the pattern is said to give no new number


@dataclass(frozen=True)
class Party:
    role: str
    name: str
    representative: str
    # Its record's uuid (a signature drawn on the pad names it); not part of what a party is.
    uuid: str = field(default="", compare=False)


@dataclass(frozen=True)
class Acceptance:
    uuid: str
    estate_uuid: str
    number: int  # 1 for the estate's first acceptance record, 2 for the next, …
    kind: str
    inspected_on: str
    started_on: str
    completed_on: str
    contract_name: str
    contract_number: str
    contract_price: str
    funding: str
    works: str
    doc_number: str
    note: str
    parties: dict[str, Party] = field(default_factory=dict)

    def works_list(self) -> list[str]:
        return [line.strip() for line in self.works.splitlines() if line.strip()]

    def as_dict(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in ("number", "uuid", "doc_number", *FIELDS)}
        values["works"] = self.works_list()
        values["parties"] = {
            role: {"name": p.name, "representative": p.representative}
            for role, p in self.parties.items()
        }
        return values


def _refused(key: str, value: object) -> RetrofitError:
    return RetrofitError(ErrorCode.INVALID_VALUE, field=field_words(key), value=str(value)[:60])


def _stored(key: str, value: Any) -> str:
    """A field's value as stored; refused when it cannot be one."""
    if key not in FIELDS:
        raise _refused(key, value)
    text = str(value or "").strip()
    if key == "kind" and text not in KINDS:
        raise _refused(key, value)
    if key in DATE_FIELDS and text:
        text = _dates(key, text, value)
    if key == "contract_price" and text:
        text = _price(key, text, value)
    return _within(key, text, _LIMITS.get(key, NAME_MAX_CHARS))


def _dates(key: str, text: str, value: Any) -> str:
    """ISO dates separated by commas (full-width ones too); several only on inspected_on."""
    days = [d.strip() for d in text.replace("，", ",").split(",") if d.strip()]
    try:
        parsed = [dt.date.fromisoformat(d) for d in days]
    except ValueError as error:
        raise _refused(key, value) from error
    if key != "inspected_on" and len(parsed) > 1:
        raise _refused(key, value)
    return ",".join(d.isoformat() for d in parsed)


def _price(key: str, text: str, value: Any) -> str:
    """A price of yuan to the fen, thousands separators allowed; not negative."""
    try:
        price = Decimal(text.replace(",", ""))
    except InvalidOperation as error:
        raise _refused(key, value) from error
    if not price.is_finite() or price < 0:
        raise _refused(key, value)
    return f"{price:.2f}"


def _within(key: str, text: str, limit: int) -> str:
    if len(text) > limit:
        raise RetrofitError(
            ErrorCode.TEXT_TOO_LONG, field=field_words(key), length=len(text), limit=limit
        )
    return text


class AcceptanceService:
    def __init__(self, project: ProjectAccess) -> None:
        self.project = project

    def of_estate(self, estate_uuid: str) -> list[Acceptance]:
        """The estate's acceptances, first recorded first."""
        with self.project.read():
            found = store.acceptance_rows(self.project.db, estate_uuid)
            parties = store.party_rows(self.project.db, [r["uuid"] for r in found])
        by_acceptance: dict[str, dict[str, Party]] = {}
        for p in sorted(parties, key=lambda p: ROLES.index(p["role"])):
            party = Party(p["role"], p["name"], p["representative"], p["uuid"])
            by_acceptance.setdefault(p["acceptance_uuid"], {})[p["role"]] = party
        return [
            Acceptance(
                uuid=r["uuid"], estate_uuid=estate_uuid, number=i + 1,
                **{name: r[name] for name in ("doc_number", *FIELDS)},
                parties=by_acceptance.get(r["uuid"], {}),
            )
            for i, r in enumerate(found)
        ]  # fmt: skip

    def chosen(self, estate_uuid: str, number: int | None = None) -> Acceptance | None:
        """Acceptance `number` of the estate (1, 2, …), or its latest; None when it has none."""
        found = self.of_estate(estate_uuid)
        if number is None:
            return found[-1] if found else None
        if not 1 <= number <= len(found):
            raise _refused("acceptance", number)
        return found[number - 1]

    def add(self, estate_uuid: str, **fields: Any) -> Acceptance:
        """A new acceptance of the estate; its kind defaults to re-inspection after the first."""
        earlier = self.of_estate(estate_uuid)
        fields.setdefault("kind", "reinspection" if earlier else "first")
        values = {key: _stored(key, value) for key, value in fields.items()}
        with self.project.write() as db:
            store.add_acceptance(db, estate_uuid, values, self.project.user)
        return self.of_estate(estate_uuid)[-1]

    def change(self, acceptance: Acceptance, **fields: Any) -> Acceptance:
        values = {key: _stored(key, value) for key, value in fields.items()}
        with self.project.write() as db:
            store.change_acceptance(db, acceptance.uuid, values, self.project.user)
        return self.of_estate(acceptance.estate_uuid)[acceptance.number - 1]

    def set_parties(
        self, acceptance: Acceptance, parties: dict[str, tuple[str, str]]
    ) -> Acceptance:
        """role → (name, representative) for each party given, in one action; ('', '') removes one."""
        for role, (name, person) in parties.items():
            if role not in ROLES:
                raise _refused("role", role)
            _within("name", name.strip(), NAME_MAX_CHARS)
            _within("representative", person.strip(), ADDRESS_MAX_CHARS)
        with self.project.write() as db:
            for role, (name, person) in parties.items():
                store.set_party(
                    db, acceptance.uuid, role, name.strip(), person.strip(), self.project.user
                )
        return self.of_estate(acceptance.estate_uuid)[acceptance.number - 1]

    def doc_number(self, acceptance: Acceptance, make: Callable[[int], str]) -> str:
        """The acceptance's 文号: the one its first report got, else the first `make(seq)` no
        other acceptance of the project holds, kept (a read-only project only computes it)."""
        if acceptance.doc_number:
            return acceptance.doc_number
        with self.project.read():
            for seq in range(1, _SEQ_LIMIT + 1):
                number = make(seq)
                if make(seq + 1) == number:  # a pattern without {seq}: count on after it
                    number = number if seq == 1 else f"{number}-{seq}"
                if not store.doc_number_taken(self.project.db, number):
                    break
            else:
                raise _refused("doc_number", make(1))
        if not self.project.readonly:
            with self.project.write() as db:
                store.change_acceptance(
                    db, acceptance.uuid, {"doc_number": number}, self.project.user
                )
        return number
