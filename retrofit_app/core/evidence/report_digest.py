"""A report's digest: SHA-256 over exactly the records it was built from, issued and kept (issue 20).

digest = sha256(canonical_json({"project_id": …, "records": sorted [table, uuid, record_hash]})).
Printed as a short code people can type (first 16 hex characters in groups of 4) and whole in a
QR code, with the project's id and the build time; kept in report_digests with its record list
so `verify-report` can later name what changed (core/evidence/report_digest_check.py).

A report kind gets a digest when BASES knows how to gather its records again from the scope
it was built for (the review report adds its own entry, or hands its records to
`prepare_digest` directly).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, TypeVar

from retrofit_app.core.clock import now_iso
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.evidence.canonical import (
    canonical_json,
    record_hash,
    sha256_hex,
)
from retrofit_app.core.storage import report_digest_store as store

if TYPE_CHECKING:
    from sqlite_utils import Database

    from retrofit_app.core.project import Project

Basis = Sequence[tuple[str, Mapping[str, Any]]]  # (table, row) of each record a report rests on
SHORT_HEX = 16  # characters of the code printed for typing: 64 bits
KEYWORD = "retrofit-digest:"  # how the full digest is written into the PDF's keywords
QR_PREFIX = "RETROFIT-DIGEST"
_BEIJING = timezone(timedelta(hours=8))


def _notice(db: Database, scope: Mapping[str, Any]) -> Basis:
    return store.notice_basis(db, scope["estate_uuid"], scope.get("scope_uuid"))


def _acceptance(db: Database, scope: Mapping[str, Any]) -> Basis:
    return store.acceptance_basis(db, scope["estate_uuid"], scope.get("acceptance_uuid"))


def _review(db: Database, scope: Mapping[str, Any]) -> Basis:
    return store.review_basis(
        db,
        scope["period"],
        scope.get("district", ""),
        scope.get("street", ""),
        scope.get("batch", ""),
    )


# How to gather each report kind's records from its scope: when the report is built, and again
# when it is verified (what has come into the scope since).
BASES: dict[str, Callable[[Database, Mapping[str, Any]], Basis]] = {
    "notice": _notice,
    "acceptance": _acceptance,
    "review": _review,
}


@dataclass(frozen=True)
class BasisRecord:
    table: str
    uuid: str
    hash: str
    estate: str = ""  # the estate's name when the report was built
    place: str = ""  # its flat, checklist item or file

    @property
    def key(self) -> tuple[str, str]:
        return (self.table, self.uuid)

    def as_list(self) -> list[str]:
        return [self.table, self.uuid, self.hash, self.estate, self.place]


@dataclass(frozen=True)
class ReportDigest:
    digest: str  # 64 hex characters
    project_id: str
    kind: str
    built_at: str  # ISO UTC
    records: tuple[BasisRecord, ...]
    estate_uuid: str | None = None
    doc_number: str = ""
    scope: dict[str, Any] = field(default_factory=dict)

    @property
    def short(self) -> str:
        return short_code(self.digest)

    @property
    def keyword(self) -> str:
        return KEYWORD + self.digest

    @property
    def qr_payload(self) -> str:
        """What the QR code holds: the whole digest, the project's id and the build time."""
        return f"{QR_PREFIX};D={self.digest};P={self.project_id};T={self.built_at}"

    @property
    def built_local(self) -> str:
        return local_time(self.built_at)


def short_code(digest: str) -> str:
    """ABCD-EF01-2345-6789: the first 16 hex characters, upper case, in groups of 4."""
    head = digest[:SHORT_HEX].upper()
    return "-".join(head[i : i + 4] for i in range(0, SHORT_HEX, 4))


def local_time(iso_utc: str) -> str:
    """The build time as people in Nanjing read it, with its offset: 2026-12-07 14:42:17 +08:00."""
    moment = datetime.strptime(iso_utc, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return moment.astimezone(_BEIJING).strftime("%Y-%m-%d %H:%M:%S +08:00")


def typed_digest(text: str) -> str:
    """The hex of a digest as typed from paper (dashes, spaces, either case) or scanned from the
    QR code; refused unless it holds at least the 16 characters the paper prints."""
    value = text.strip()
    found = re.search(r"D=([0-9a-fA-F]{64})", value)
    hex_text = found.group(1) if found else re.sub(r"[\s\-–—_]", "", value)
    if not re.fullmatch(r"[0-9a-fA-F]{16,64}", hex_text):
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="--digest", value=text)
    return hex_text.lower()


def digest_of(project_id: str, records: Iterable[BasisRecord]) -> str:
    triples = sorted([r.table, r.uuid, r.hash] for r in records)
    return sha256_hex(canonical_json({"project_id": project_id, "records": triples}))


def hashed(db: Database, basis: Basis) -> list[BasisRecord]:
    """Each record of `basis` (once) with its fingerprint, estate and place."""
    seen: dict[tuple[str, str], Mapping[str, Any]] = {}
    for table, row in basis:
        seen.setdefault((table, row["uuid"]), row)
    by_table: dict[str, list[str]] = {}
    for table, uuid in seen:
        by_table.setdefault(table, []).append(uuid)
    named = {t: store.places(db, t, uuids) for t, uuids in by_table.items()}
    out = []
    for (table, uuid), row in seen.items():
        where = named[table].get(uuid, {})
        out.append(
            BasisRecord(
                table,
                uuid,
                record_hash(table, row),
                where.get("estate") or "",
                where.get("place") or "",
            )
        )
    return sorted(out, key=lambda r: r.key)


def project_id(project: Project) -> str:
    return project.meta().get("project_uuid", "")


def prepare_digest(
    project: Project,
    kind: str,
    *,
    estate_uuid: str | None,
    scope: Mapping[str, Any],
    doc_number: str = "",
    basis: Basis | None = None,
) -> ReportDigest:
    """The digest of the records a `kind` report of `scope` is built from, not yet kept: call
    `issue_digest` once the PDF is written. `basis` (table, row pairs) is gathered by BASES[kind]
    when not given."""
    with project.read():
        if basis is None:
            basis = BASES[kind](project.db, scope)
        records = tuple(hashed(project.db, basis))
    pid = project_id(project)
    return ReportDigest(
        digest_of(pid, records), pid, kind, now_iso(), records, estate_uuid, doc_number, dict(scope)
    )


def issue_digest(project: Project, digest: ReportDigest) -> None:
    """Keep an issued report's digest with its record list (one write, never changed later)."""
    with project.write() as db:
        store.add_digest(
            db,
            {
                "digest": digest.digest,
                "kind": digest.kind,
                "estate_uuid": digest.estate_uuid,
                "project_id": digest.project_id,
                "doc_number": digest.doc_number,
                "scope": digest.scope,
                "built_at": digest.built_at,
                "records": [r.as_list() for r in digest.records],
            },
        )


def digest_for_report(
    project: Project,
    kind: str,
    estate_uuid: str,
    doc_number: str,
    *,
    scope_uuid: str | None = None,
    acceptance_uuid: str | None = None,
) -> ReportDigest | None:
    """The digest a notice or acceptance report prints; None for other kinds, and for a project
    opened read-only (a digest that could not be kept could never be verified)."""
    if kind not in BASES or project.readonly:
        return None
    scope = {
        "estate_uuid": estate_uuid,
        "scope_uuid": scope_uuid,
        "acceptance_uuid": acceptance_uuid,
    }
    scope = {key: value for key, value in scope.items() if value}
    return prepare_digest(
        project, kind, estate_uuid=estate_uuid, scope=scope, doc_number=doc_number
    )


def digest_for_review(
    project: Project,
    period: str,
    *,
    district: str = "",
    street: str = "",
    batch: str = "",
    doc_number: str = "",
) -> ReportDigest | None:
    """The digest a programme review of `period` (its label: 2025H1, 2025, 2021-2023) prints, for
    the estates its scope picks; None for a project opened read-only. The review builder prints
    `report_digest_print.digest_flowables(digest)`, adds `digest.keyword` to the PDF's keywords
    and calls `issue_digest` once the file is written (as build.build_report does)."""
    if project.readonly:
        return None
    scope = {"period": period, "district": district, "street": street, "batch": batch}
    scope = {key: value for key, value in scope.items() if value}
    return prepare_digest(project, "review", estate_uuid=None, scope=scope, doc_number=doc_number)


# How often a report's records are gathered again when they keep changing while it is built.
GATHERINGS = 3
T = TypeVar("T")


def gathered_steadily(
    gather: Callable[[], T], digest: Callable[[], ReportDigest | None]
) -> tuple[T, ReportDigest | None]:
    """`gather()` (what a report prints) between two takes of `digest()` (what it proves), again
    while they differ: a change made meanwhile (the window edits while a pool thread builds) would
    print one state and prove another. Refused when the records keep changing."""
    taken = digest()
    for _ in range(GATHERINGS):
        made = gather()
        before, taken = taken, digest()
        if taken is None or before is None or before.digest == taken.digest:
            return made, taken
    raise RetrofitError(ErrorCode.REPORT_DATA_CHANGED)
