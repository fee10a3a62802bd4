"""Upgrades of older project files, one step per schema version."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from retrofit_app.core.clock import now_iso
from retrofit_app.core.storage import evidence_store
from retrofit_app.core.storage.polygon_layers import declare_multipolygon
from retrofit_app.core.storage.qgis_schema import describe_for_qgis
from retrofit_app.core.storage.records import mask_audit_entries
from retrofit_app.core.storage.schema import schema_sql


def _mask_audited_numbers(conn: sqlite3.Connection) -> None:
    """1 → 2: the audit log's old and new values keep personal numbers masked (issue 23).

    Entries written before kept every owner's full ID and phone number for good;
    the schema itself does not change.
    """
    mask_audit_entries(conn)


def _household_problems(conn: sqlite3.Connection) -> None:
    """2 → 3: households.problems, the codes of a roster row kept as it came (issue 15).

    Added last, as db/schema.sql has it, so a migrated file and a new one match column for column.
    """
    columns = [row[1] for row in conn.execute("PRAGMA table_info(households)")]
    if "problems" not in columns:  # a file told it is older than it is (tests) has it already
        conn.execute("ALTER TABLE households ADD COLUMN problems TEXT")


def _identity_decisions(conn: sqlite3.Connection) -> None:
    """3 → 4: identity_decisions, the committee's answers to identity questions (issue 15)."""
    _tables_from_schema(conn, "identity decisions (issue 15)", ("identity_decisions",))


def _describe_for_qgis(conn: sqlite3.Connection) -> None:
    """4 → 5: field aliases, value lists and read-only overview layers for QGIS (issue 25)."""
    describe_for_qgis(conn)


def _acceptances(conn: sqlite3.Connection) -> None:
    """5 → 6: acceptances and acceptance_parties, an estate's acceptance records (issue 16)."""
    _tables_from_schema(conn, "acceptances (issue 16)", ("acceptances", "acceptance_parties"))


def _programme(conn: sqlite3.Connection) -> None:
    """6 → 7: plan, money, contracts, works, elevators and long-term management (issue 19)."""
    _tables_from_schema(
        conn,
        "programme plan and management (issue 19)",
        ("estate_plans", "estate_funds", "estate_contracts", "estate_works", "elevators",
         "elevator_cost_shares", "estate_management", "governance_meetings", "plan_targets"),
    )


def _report_digests(conn: sqlite3.Connection) -> None:
    """8 → 9: report_digests, the records each issued report was built from (issue 20)."""
    _tables_from_schema(conn, "report digests (issue 20)", ("report_digests",))


def _evidence_chain(conn: sqlite3.Connection) -> None:
    """7 → 8: evidence_chain, the tamper-evident history (issue 20); each evidence record the file
    holds is entered as found ("genesis"), so the file is verifiable from then on."""
    _tables_from_schema(conn, "evidence chain (issue 20)", ("evidence_chain",))
    if evidence_store.head(conn, evidence_store.own_chain(conn)) == (0, None):
        evidence_store.enter_genesis(conn, "", now_iso())


def _signatures_and_multipolygons(conn: sqlite3.Connection) -> None:
    """9 → 10: signatures, drawn on the window's pad for a vote or an acceptance party (issue 20);
    estate boundaries declared MULTIPOLYGON, their polygons made MultiPolygons of one part, so
    QGIS draws the layer even while it is empty (issue 25)."""
    _tables_from_schema(conn, "signatures (issue 20)", ("signatures",))
    declare_multipolygon(conn)


def _tables_from_schema(conn: sqlite3.Connection, part: str, tables: tuple[str, ...]) -> None:
    """Make `tables` from db/schema.sql's own text for them (the part headed `part`) and list them
    in gpkg_contents, so a migrated file and a new one match word for word; a file told it is
    older than it is (tests) has them already."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (tables[0],)).fetchone():
        return
    marker = f"-- {'-' * 64} {part}\n"
    text = schema_sql().split(marker, 1)[1].split("\n-- ----", 1)[0]
    for statement in text.split(";\n")[:-1]:
        conn.execute(statement)
    for table in tables:
        conn.execute(
            "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description)"
            " VALUES (?, 'attributes', ?, '')",
            (table, table),
        )


# MIGRATIONS[n] upgrades a file at schema version n to n + 1. Each step runs
# inside the transaction that also records the new version.
Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[int, Migration] = {
    1: _mask_audited_numbers,
    2: _household_problems,
    3: _identity_decisions,
    4: _describe_for_qgis,
    5: _acceptances,
    6: _programme,
    7: _evidence_chain,
    8: _report_digests,
    9: _signatures_and_multipolygons,
}


def migrate(conn: sqlite3.Connection, found: int, target: int) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(found, target):
            MIGRATIONS[version](conn)
        if found >= 5:  # QGIS's styles (layer_styles) came after step 4: as a new file has them
            describe_for_qgis(conn)
        conn.execute("UPDATE app_meta SET value = ? WHERE key = 'schema_version'", (str(target),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def upgrade_copy(path: Path, target: int) -> int:
    """Bring a closed scratch copy (a merge's base or field copy) to schema `target` by the same
    steps as a project file; returns the version it had. A copy at `target` or later is left alone.

    A field copy handed out before an upgrade comes back upgraded by the new program, while the
    office's snapshot of it (the base) is still as it was handed out.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        found = int(conn.execute(
            "SELECT value FROM app_meta WHERE key = 'schema_version'"
        ).fetchone()[0])  # fmt: skip
        if found < target:
            migrate(conn, found, target)
        return found
    finally:
        conn.close()
