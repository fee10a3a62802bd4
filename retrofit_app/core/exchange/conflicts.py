"""Merge conflicts: list them, and decide each for the office's or the field's value (or deletion)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.exchange.store import office_records
from retrofit_app.core.exchange.store.lane_check import kind_of
from retrofit_app.core.exchange.store.merge_work import RECORD
from retrofit_app.core.project import Project
from retrofit_app.core.storage.records import delete_row, update_row
from retrofit_app.core.words import Msg

CHOICES = ("office", "field")
# What a conflict is about: a field both sides changed, or a record one side deleted and the other edited.
EDIT, FIELD_DELETED, OFFICE_DELETED = "edit", "field_deleted", "office_deleted"


def record_name(table: str, record_uuid: str) -> Msg:
    """A conflict's record for a person (住户 1a2b3c4d), as a value of a sentence."""
    return Msg("record.short", kind=kind_of(table), short=record_uuid[:8])


def conflict_kind(field: str, office_value: Any, field_value: Any) -> str:
    if field == RECORD:
        return FIELD_DELETED  # the field deleted the record for good; the office kept it
    if field == "deleted_at" and (office_value is None) != (field_value is None):
        return FIELD_DELETED if office_value is None else OFFICE_DELETED
    return EDIT


@dataclass(frozen=True)
class Conflict:
    uuid: str
    package_uuid: str
    table: str
    record_uuid: str
    field: str
    office_value: Any
    field_value: Any
    created_at: str
    choice: str | None = None
    resolved_by: str = ""
    resolved_at: str | None = None

    @property
    def open(self) -> bool:
        return self.resolved_at is None

    @property
    def kind(self) -> str:
        return conflict_kind(self.field, self.office_value, self.field_value)


def _conflict(row: dict[str, Any]) -> Conflict:
    return Conflict(
        uuid=row["uuid"],
        package_uuid=row["package_uuid"],
        table=row["table_name"],
        record_uuid=row["record_uuid"],
        field=row["field"],
        office_value=row["office_value"],
        field_value=row["field_value"],
        created_at=row["created_at"],
        choice=row["choice"],
        resolved_by=row["resolved_by"],
        resolved_at=row["resolved_at"],
    )


def list_conflicts(project: Project, *, open_only: bool = False) -> list[Conflict]:
    with project.read():
        return [_conflict(r) for r in office_records.conflicts(project.db, open_only=open_only)]


def resolve_conflict(project: Project, conflict_uuid: str, choice: str) -> Conflict:
    """Keep the office's value or take the field's; the record's change and the choice are audited."""
    if choice not in CHOICES:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="choice", value=choice)
    with project.write() as db:
        row = office_records.conflict(db, conflict_uuid)
        if row is None:
            raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
        if row["resolved_at"]:
            raise RetrofitError(
                ErrorCode.CONFLICT_DONE, by=row["resolved_by"], at=row["resolved_at"]
            )
        if choice == "field" and row["field"] == RECORD:
            delete_row(db, row["table_name"], row["record_uuid"], project.user)
        elif choice == "field":
            update_row(
                db,
                row["table_name"],
                row["record_uuid"],
                {row["field"]: row["field_value"]},
                project.user,
            )
        office_records.mark_resolved(db, row["uuid"], choice, project.user)
        resolved = office_records.conflict(db, row["uuid"])
        assert resolved is not None  # read above, in this same transaction
        return _conflict(resolved)
