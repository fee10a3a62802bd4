"""Residents' opinions besides votes: suggestions, complaints, objections during a notice, satisfaction."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from functools import reduce
from typing import TYPE_CHECKING, Any

from retrofit_app.core.consultation.public_notice import NoticeState, notice_state
from retrofit_app.core.consultation.votes import iso_date
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.field_words import EMPTY, field_words
from retrofit_app.core.storage import consultation_store as store
from retrofit_app.core.storage import records
from retrofit_app.core.storage.rows import from_row
from retrofit_app.core.text_limits import check_lengths
from retrofit_app.core.words import N_, say

if TYPE_CHECKING:
    from retrofit_app.core.access import ProjectAccess

KINDS = ("suggestion", "complaint", "notice_objection", "satisfaction")
RATINGS = ("satisfied", "basically_satisfied", "dissatisfied")
# What residents ask to have retrofitted (or complain about): code → message id of its words.
CATEGORIES: dict[str, str] = {
    "elevator": N_("opinion.category.elevator"),
    "parking": N_("opinion.category.parking"),
    "ebike_charging": N_("opinion.category.ebike_charging"),
    "lighting": N_("opinion.category.lighting"),
    "drainage": N_("opinion.category.drainage"),
    "water_power_gas": N_("opinion.category.water_power_gas"),
    "roads": N_("opinion.category.roads"),
    "greening": N_("opinion.category.greening"),
    "security": N_("opinion.category.security"),
    "fire_safety": N_("opinion.category.fire_safety"),
    "elderly": N_("opinion.category.elderly"),
    "property_management": N_("opinion.category.property_management"),
    "refuse": N_("opinion.category.refuse"),
    "other": N_("opinion.category.other"),
}


def category_words(code: str, lang: str = "zh") -> str:
    """What a category code reads as (停车, parking); an unknown code reads as itself."""
    return say(CATEGORIES[code], lang) if code in CATEGORIES else code


def asked_words(asked: list[tuple[str, int]], lang: str = "zh") -> str:
    """Categories with their counts in a line: 停车 3、照明 2 (parking 3, lighting 2)."""
    items = [f"{category_words(c, lang)} {n}" for c, n in asked]
    if not items:
        return ""
    return reduce(lambda left, right: say("join.list", lang, left=left, right=right), items)


FIELDS = ("household_uuid", "consultation_uuid", "category", "rating", "text", "received_on")


@dataclass(frozen=True)
class Opinion:
    uuid: str
    estate_uuid: str
    kind: str
    category: str = ""
    rating: str = ""
    text: str = ""
    received_on: str | None = None
    household_uuid: str | None = None  # None: anonymous
    consultation_uuid: str | None = None
    place: str = ""  # building, unit and room of the household ("" when anonymous)
    recorded_by: str = ""


@dataclass(frozen=True)
class SatisfactionSummary:
    """The co-evaluation (共评) of an estate's finished retrofit."""

    total: int
    counts: dict[str, int]
    satisfied_share: Fraction | None  # satisfied + basically satisfied, of all answers
    reasons: list[str] = field(default_factory=list)  # what dissatisfied residents said


def _values(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    if kind not in KINDS:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words("kind"), value=kind)
    values = {key: _stored(key, value) for key, value in fields.items()}
    check_lengths(values)
    if values.get("category") and values["category"] not in CATEGORIES:
        raise RetrofitError(
            ErrorCode.INVALID_VALUE, field=field_words("category"), value=values["category"]
        )
    rating = values.get("rating", "")
    # A satisfaction answer needs one of the three ratings; nothing else carries a rating.
    if rating not in (RATINGS if kind == "satisfaction" else ("",)):
        raise RetrofitError(
            ErrorCode.INVALID_VALUE, field=field_words("rating"), value=rating or EMPTY
        )
    if kind == "notice_objection" and not values.get("consultation_uuid"):
        raise RetrofitError(
            ErrorCode.INVALID_VALUE, field=field_words("consultation_uuid"), value=EMPTY
        )
    return values


def _stored(key: str, value: Any) -> Any:
    """An opinion's field as stored; an unknown field is refused."""
    if key not in FIELDS:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words(key), value=value)
    if key == "received_on":
        return iso_date(value)
    if key in ("household_uuid", "consultation_uuid"):
        return value or None
    return str(value or "").strip()


class OpinionService:
    def __init__(self, project: ProjectAccess) -> None:
        self.project = project

    def add(self, estate_uuid: str, kind: str, text: str = "", **fields: Any) -> Opinion:
        values = _values(kind, {"text": text, **fields})
        with self.project.write() as db:
            records.get_row(db, "estates", estate_uuid)
            uuid = records.insert_row(
                db, "opinions", {"estate_uuid": estate_uuid, "kind": kind, "recorded_by": self.project.user, **values},
                self.project.user,
            )  # fmt: skip
        return self.get(uuid)

    def get(self, uuid: str) -> Opinion:
        with self.project.read():
            row = records.get_row(self.project.db, "opinions", uuid)
            found = [
                r
                for r in store.opinions_of(self.project.db, row["estate_uuid"])
                if r["uuid"] == uuid
            ]
        if not found:
            raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
        return from_row(Opinion, found[0])

    def delete(self, uuid: str) -> None:
        with self.project.write() as db:
            records.trash_row(db, "opinions", uuid, self.project.user)

    def of_estate(self, estate_uuid: str, kind: str | None = None) -> list[Opinion]:
        with self.project.read():
            return [
                from_row(Opinion, r) for r in store.opinions_of(self.project.db, estate_uuid, kind)
            ]

    def most_asked(self, estate_uuid: str) -> list[tuple[str, int]]:
        """Categories of suggestions and complaints, the most frequent first (ties in category order)."""
        counts = Counter(
            o.category or "other"
            for o in self.of_estate(estate_uuid)
            if o.kind in ("suggestion", "complaint")
        )
        order = list(CATEGORIES)
        return sorted(counts.items(), key=lambda item: (-item[1], order.index(item[0])))

    def _objections(self, consultation_uuid: str) -> tuple[dict[str, Any], list[Opinion]]:
        with self.project.read():
            row = dict(records.get_row(self.project.db, "consultations", consultation_uuid))
        found = [
            o
            for o in self.of_estate(row["estate_uuid"], "notice_objection")
            if o.consultation_uuid == consultation_uuid
        ]
        return row, found

    def notice_objections(self, consultation_uuid: str) -> tuple[list[Opinion], list[Opinion]]:
        """Written objections to a consultation: (received during its public notice, received outside it).
        The period is the rule set's (Civil Code Arts. 201, 203); an undated objection counts as inside."""
        row, found = self._objections(consultation_uuid)
        period = notice_state(row, ()).period
        if period is None:
            return [], found
        inside = [o for o in found if period.receives(o.received_on)]
        return inside, [o for o in found if o not in inside]

    def notice_state(self, consultation_uuid: str) -> NoticeState:
        """The consultation's status as every screen and report prints it (public_notice.notice_state)."""
        row, found = self._objections(consultation_uuid)
        return notice_state(row, [o.received_on for o in found])

    def satisfaction(self, estate_uuid: str) -> SatisfactionSummary:
        answers = self.of_estate(estate_uuid, "satisfaction")
        counts = {r: sum(1 for a in answers if a.rating == r) for r in RATINGS}
        share = (
            Fraction(counts["satisfied"] + counts["basically_satisfied"], len(answers))
            if answers
            else None
        )
        reasons = [a.text for a in answers if a.rating == "dissatisfied" and a.text]
        return SatisfactionSummary(len(answers), counts, share, reasons)
