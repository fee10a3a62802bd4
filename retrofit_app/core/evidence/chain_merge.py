"""A merge in the evidence chain: which evidence records the field's changeset touched.

The changeset is written by exchange/store/changeset_apply.py, not through records.py, so the
merge enters its own entries afterwards (evidence_store.enter_merge): the field chain's head,
then each touched record as the merge left it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from retrofit_app.core.evidence.canonical import EVIDENCE_TABLES
from retrofit_app.core.exchange.store.changeset_apply import INSERT, Change, Row
from retrofit_app.core.storage import evidence_store
from retrofit_app.core.storage.table_info import columns


class MergeTrace:
    """Collects (table, uuid) of the evidence records a changeset changes, as it is applied."""

    def __init__(self, conn: sqlite3.Connection, changes: Iterable[Change]) -> None:
        self.conn = conn
        self.touched: list[tuple[str, str]] = []
        for change in changes:  # read before the changeset changes or removes them
            if change.kind != INSERT and change.table in EVIDENCE_TABLES:
                uuid = evidence_store.uuid_at(conn, change.table, change.key)
                if uuid is not None:
                    self.touched.append((change.table, uuid))

    def rows(self, inserted: Iterable[Row]) -> Iterator[Row]:
        """`inserted` passed through, the uuid of each new evidence row noted."""
        where: dict[str, int] = {}
        for table, values in inserted:
            if table in EVIDENCE_TABLES:
                at = where.setdefault(table, columns(self.conn, table).index("uuid"))
                self.touched.append((table, values[at]))
            yield table, values

    def enter(self, db: Any, user: str, at: str, field_chain: str | None) -> None:
        """The merge's entries in the office chain (after the changeset is applied)."""
        evidence_store.enter_merge(db, user, at, field_chain or "", self.touched)
