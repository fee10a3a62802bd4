"""The audit trail: who changed what, when, with the old and new values."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from retrofit_app.core.storage import queries
from retrofit_app.core.storage.rows import from_row

if TYPE_CHECKING:
    from retrofit_app.core.access import ProjectAccess


@dataclass(frozen=True)
class AuditEntry:
    at: str
    user: str
    action: str
    table: str
    record_uuid: str
    old: dict[str, Any]
    new: dict[str, Any]


def _values(text: str | None) -> dict[str, Any]:
    return json.loads(text) if text else {}


def entry_from_row(row: dict[str, Any]) -> AuditEntry:
    """An entry from an audit_log row (other services read the vote history with their own queries)."""
    columns = {"user": "user_name", "table": "table_name", "old": "old_values", "new": "new_values"}
    return from_row(AuditEntry, row, columns=columns, convert={"old": _values, "new": _values})


class AuditService:
    def __init__(self, project: ProjectAccess) -> None:
        self.project = project

    def history(self, record_uuid: str) -> list[AuditEntry]:
        with self.project.read():
            return [entry_from_row(r) for r in queries.audit_history(self.project.db, record_uuid)]
