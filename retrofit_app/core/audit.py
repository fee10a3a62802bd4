"""The audit trail: who changed what, when, with the old and new values."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from retrofit_app.core.storage import queries

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


@dataclass(frozen=True)
class AuditEntry:
    at: str
    user: str
    action: str
    table: str
    record_uuid: str
    old: dict[str, Any]
    new: dict[str, Any]


def _entry(row: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        at=row["at"],
        user=row["user_name"],
        action=row["action"],
        table=row["table_name"],
        record_uuid=row["record_uuid"],
        old=json.loads(row["old_values"]) if row["old_values"] else {},
        new=json.loads(row["new_values"]) if row["new_values"] else {},
    )


# Other services (vote history) build entries from their own audit queries.
entry_from_row = _entry


class AuditService:
    def __init__(self, project: Project) -> None:
        self.project = project

    def history(self, record_uuid: str) -> list[AuditEntry]:
        with self.project.read():
            return [_entry(r) for r in queries.audit_history(self.project.db, record_uuid)]

    def recent(self, limit: int = 200) -> list[AuditEntry]:
        with self.project.read():
            return [_entry(r) for r in queries.audit_recent(self.project.db, limit)]
