"""Votes and consultations as records: validation, upserts with audit entries, committee review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from retrofit_app.core.consultation.rules import SCOPES, rule_set
from retrofit_app.core.consultation.tally import CHOICES
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.field_words import EMPTY, field_words, one_of
from retrofit_app.core.storage import consultation_store as store
from retrofit_app.core.storage import records, signature_store
from retrofit_app.core.text_limits import check_lengths
from retrofit_app.core.words import N_

if TYPE_CHECKING:
    from sqlite_utils import Database

METHODS = ("", "in_person", "phone", "sms", "post")
SUBJECTS = ("elevator", "retrofit_plan", "other")
REVIEW_STATES = ("", "verified", "disputed")
STATUSES = ("collecting", "notice", "no_objection", "disputed", "done")
VOTE_FIELDS = (
    "choice",
    "method",
    "asked_on",
    "objection",
    "reason",
    "cost_share",
    "proof_photo_uuid",
)

# Catalogue ids of a vote's words (the window and the reports show the same).
CHOICE_LABELS = {
    "agree": N_("choice.agree"),
    "object": N_("choice.object"),
    "abstain": N_("choice.abstain"),
    "unreached": N_("choice.unreached"),
    None: N_("choice.none"),
}
METHOD_LABELS = {
    "in_person": N_("method.in_person"),
    "phone": N_("method.phone"),
    "sms": N_("method.sms"),
    "post": N_("method.post"),
}


@dataclass(frozen=True)
class Vote:
    uuid: str
    consultation_uuid: str
    household_uuid: str
    choice: str
    method: str = ""
    asked_on: str | None = None
    objection: str = ""
    reason: str = ""
    cost_share: str = ""
    proof_photo_uuid: str | None = None
    recorded_by: str = ""
    review_state: str = ""
    reviewed_by: str = ""
    reviewed_at: str | None = None
    review_note: str = ""
    updated_at: str = ""


def vote_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Checked vote fields; dates as ISO yyyy-mm-dd."""
    values: dict[str, Any] = {}
    for key, value in fields.items():
        if key not in VOTE_FIELDS:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words(key), value=value)
        if key == "choice":
            values[key] = one_of(key, value, CHOICES)
        elif key == "method":
            values[key] = one_of(key, value or "", METHODS)
        elif key == "asked_on":
            values[key] = iso_date(value)
        elif key == "proof_photo_uuid":
            values[key] = value or None
        else:
            values[key] = str(value or "").strip()
    check_lengths(values)
    return values


def iso_date(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    try:
        return date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError as error:
        raise RetrofitError(
            ErrorCode.INVALID_VALUE, field=field_words("asked_on"), value=value
        ) from error


def _check_scope(scope_kind: str, subject: str) -> None:
    one_of("scope_kind", scope_kind, SCOPES)
    one_of("subject", subject, SUBJECTS)


def consultation_values(
    estate_uuid: str,
    scope_kind: str,
    scope_uuid: str,
    *,
    subject: str = "elevator",
    rule: str | None = None,
    title: str = "",
) -> dict[str, Any]:
    """A new consultation's row, checked (the rule set's name resolved: the default when none)."""
    _check_scope(scope_kind, subject)
    check_lengths({"title": title})
    return {
        "estate_uuid": estate_uuid,
        "subject": subject,
        "scope_kind": scope_kind,
        "scope_uuid": scope_uuid,
        "rule_set": rule_set(rule).name,
        "title": title,
    }


def ensure_consultation(
    db: Database,
    estate_uuid: str,
    scope_kind: str,
    scope_uuid: str,
    user: str,
    *,
    subject: str = "elevator",
    rule: str | None = None,
    title: str = "",
) -> str:
    """The uuid of the subject's consultation for this scope, made (with the rule's name) when missing."""
    _check_scope(scope_kind, subject)
    found = store.consultation_for(db, subject, scope_uuid)
    if found:
        return found["uuid"]
    values = consultation_values(
        estate_uuid, scope_kind, scope_uuid, subject=subject, rule=rule, title=title
    )
    return records.insert_row(db, "consultations", values, user)


def upsert_vote(
    db: Database, consultation_uuid: str, household_uuid: str, fields: dict[str, Any], user: str
) -> str:
    """Record or change a household's vote; only changed fields reach the row and the audit log."""
    values = vote_values(fields)
    current = store.vote_for(db, consultation_uuid, household_uuid)
    if current is None:
        if "choice" not in values:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words("choice"), value=EMPTY)
        return records.insert_row(
            db,
            "votes",
            {
                "consultation_uuid": consultation_uuid,
                "household_uuid": household_uuid,
                "recorded_by": user,
                **values,
            },
            user,
        )
    changed = {k: v for k, v in values.items() if current.get(k) != v}
    if changed:
        # A changed vote is no longer the one the committee checked.
        reset = {"review_state": ""} if current["review_state"] and "choice" in changed else {}
        records.update_row(
            db, "votes", current["uuid"], {**changed, **reset, "recorded_by": user}, user
        )
        if "choice" in changed:  # nor the one its owner signed on the pad: signed again, or on paper
            signature_store.withdraw_on(db, "vote_uuid", current["uuid"], user)
    return current["uuid"]


def review_vote(
    db: Database, vote_uuid: str, state: str, by: str, note: str, on: str | None, user: str
) -> None:
    one_of("review_state", state, REVIEW_STATES)
    if state and not by.strip():
        raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words("reviewed_by"), value=EMPTY)
    check_lengths({"reviewed_by": by.strip(), "review_note": note.strip()})
    records.update_row(
        db,
        "votes",
        vote_uuid,
        {"review_state": state, "reviewed_by": by.strip(), "reviewed_at": iso_date(on) if state else None,
         "review_note": note.strip()},
        user,
    )  # fmt: skip


def set_status(db: Database, consultation_uuid: str, status: str, user: str, **fields: Any) -> None:
    """Move a consultation along collecting → notice → no_objection / disputed → done."""
    one_of("status", status, STATUSES)
    values: dict[str, Any] = {"status": status}
    if "notice_start" in fields:
        values["notice_start"] = iso_date(fields["notice_start"])
    if "notice_days" in fields:
        days = fields["notice_days"]
        if days is not None and (not isinstance(days, int) or days < 1):
            raise RetrofitError(
                ErrorCode.INVALID_VALUE, field=field_words("notice_days"), value=days
            )
        values["notice_days"] = days
    for key in ("reviewed_by", "review_note"):
        if key in fields:
            values[key] = str(fields[key] or "").strip()
    check_lengths(values)
    if "reviewed_at" in fields:
        values["reviewed_at"] = iso_date(fields["reviewed_at"])
    records.update_row(db, "consultations", consultation_uuid, values, user)
