"""Verify a report against the project: do the records its digest was built from still hold? (issue 20)

The digest comes from the PDF's keywords (written by the report builder) or is typed from a
printed notice; the project's report_digests row names the records, and each is compared with
what the project holds now: changed, removed (or no longer in the report's scope), or added to
the scope since.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.evidence.canonical import record_hash
from retrofit_app.core.evidence.report_digest import (
    BASES,
    KEYWORD,
    BasisRecord,
    digest_of,
    hashed,
    local_time,
    short_code,
    typed_digest,
)
from retrofit_app.core.storage import report_digest_store as store
from retrofit_app.core.words import has, say

if TYPE_CHECKING:
    from retrofit_app.core.project import Project

STATES = ("changed", "removed", "added")


@dataclass(frozen=True)
class Finding:
    state: str  # changed, removed or added
    record: BasisRecord

    def sentence(self, lang: str = "zh") -> str:
        r = self.record
        kind = say(f"record_kind.{r.table}", lang) if has(f"record_kind.{r.table}") else r.table
        return say(
            f"verify_report.record_{self.state}",
            lang,
            estate=r.estate,
            record=kind,
            place=place_words(r.table, r.place, lang) or r.uuid[:8],
        )


# The codes a record's place is written in (a fund's source and kind, a work, a party's role),
# said in words: the catalogue prefixes to try for each word of the place.
_PLACE_CODES = {
    "estate_funds": ("programme.source.", "programme.fund_kind."),
    "estate_works": ("programme.work.",),
    "estate_management": ("programme.property_mode.",),
    "acceptance_parties": ("party.",),
}


def place_words(table: str, place: str, lang: str = "zh") -> str:
    """`place` with each code in it said in `lang` ("central budget 2022-12-31" → "中央 预算 2022-12-31")."""
    prefixes = _PLACE_CODES.get(table, ())

    def word(code: str) -> str:
        key = next((p + code for p in prefixes if has(p + code)), "")
        return say(key, lang) if key else code

    return " ".join(word(code) for code in place.split(" ")) if prefixes else place


@dataclass(frozen=True)
class DigestCheck:
    issued: dict[str, Any]  # the report_digests row
    findings: tuple[Finding, ...]
    list_altered: bool = False  # the kept record list no longer gives the digest

    @property
    def unchanged(self) -> bool:
        return not self.findings and not self.list_altered

    def _fields(self, lang: str) -> dict[str, object]:
        row = self.issued
        return {
            "number": row["doc_number"] or "—",
            "kind": say(f"title.{row['kind']}", lang),
            "time": local_time(row["built_at"]),
            "code": short_code(row["digest"]),
        }

    def sentences(self, lang: str = "zh") -> list[str]:
        """The verdict, then one sentence per record that differs."""
        fields = self._fields(lang)
        if self.unchanged:
            return [
                say("verify_report.unchanged", lang, count=len(self.issued["records"]), **fields)
            ]
        lines = [say("verify_report.changed", lang, n=len(self.findings), **fields)]
        if self.list_altered:
            lines.append(say("verify_report.list_altered", lang))
        return lines + [f.sentence(lang) for f in self.findings]

    def as_json(self, lang: str = "zh") -> dict[str, Any]:
        row = self.issued
        return {
            "unchanged": self.unchanged,
            "digest": row["digest"],
            "code": short_code(row["digest"]),
            "kind": row["kind"],
            "doc_number": row["doc_number"],
            "project_id": row["project_id"],
            "built_at": row["built_at"],
            "records": len(row["records"]),
            "list_altered": self.list_altered,
            "findings": [
                {
                    "state": f.state,
                    "table": f.record.table,
                    "uuid": f.record.uuid,
                    "estate": f.record.estate,
                    "place": f.record.place,
                    "sentence": f.sentence(lang),
                }
                for f in self.findings
            ],  # fmt: skip
            "sentences": self.sentences(lang),
        }


def digest_in_pdf(path: Path) -> str:
    """The full digest a report builder wrote into the PDF's keywords (a signed PDF keeps them)."""
    import pikepdf

    path = Path(path)
    try:
        with pikepdf.open(path) as pdf:
            keywords = str(pdf.docinfo.get("/Keywords", ""))
            with pdf.open_metadata() as xmp:
                keywords += " " + str(xmp.get("pdf:Keywords", ""))
    except FileNotFoundError:
        raise RetrofitError(ErrorCode.NOT_FOUND, path=path) from None
    except pikepdf.PdfError:
        raise RetrofitError(ErrorCode.NO_DIGEST_IN_PDF, path=path) from None
    found = re.search(re.escape(KEYWORD) + r"([0-9a-f]{64})", keywords)
    if not found:
        raise RetrofitError(ErrorCode.NO_DIGEST_IN_PDF, path=path)
    return found.group(1)


def _issued(project: Project, text: str) -> dict[str, Any]:
    prefix = typed_digest(text)
    with project.read():
        found = store.digests_starting(project.db, prefix)
    if not found:
        raise RetrofitError(ErrorCode.DIGEST_NOT_ISSUED, digest=text.strip())
    return found[0]


def verify_digest(project: Project, text: str) -> DigestCheck:
    """Compare the records of the report whose digest is (or starts with) `text` with the project now."""
    issued = _issued(project, text)
    kept = [BasisRecord(*item) for item in issued["records"]]
    altered = digest_of(issued["project_id"], kept) != issued["digest"]
    findings: list[Finding] = []
    with project.read():
        db = project.db
        current: dict[tuple[str, str], BasisRecord] | None = None
        if issued["kind"] in BASES:
            current = {r.key: r for r in hashed(db, BASES[issued["kind"]](db, issued["scope"]))}
        for record in kept:
            now = _now(db, record, current)
            if now is None:
                findings.append(Finding("removed", record))
            elif now != record.hash:
                findings.append(Finding("changed", _renamed(db, record)))
        issued_keys = {r.key for r in kept}
        for key, record in sorted((current or {}).items()):
            if key not in issued_keys:
                findings.append(Finding("added", record))
    return DigestCheck(issued, tuple(findings), altered)


def _now(
    db: Any, record: BasisRecord, current: dict[tuple[str, str], BasisRecord] | None
) -> str | None:
    """The record's fingerprint now; None when it is gone or out of the report's scope."""
    if current is not None:
        found = current.get(record.key)
        return found.hash if found else None
    rows = store.rows_of(db, record.table, [record.uuid])
    return record_hash(record.table, rows[0]) if rows else None


def _renamed(db: Any, record: BasisRecord) -> BasisRecord:
    """A changed record named as the report knew it, or as it is now when it had no name then."""
    if record.place and record.estate:
        return record
    where = store.places(db, record.table, [record.uuid]).get(record.uuid, {})
    return BasisRecord(record.table, record.uuid, record.hash, record.estate or where.get("estate", ""),
                       record.place or where.get("place", ""))  # fmt: skip


def verify_pdf(project: Project, path: Path) -> DigestCheck:
    return verify_digest(project, digest_in_pdf(path))


@dataclass(frozen=True)
class IssuedReport:
    """A report this project issued (kept in report_digests): what the list of issued reports shows."""

    digest: str
    kind: str
    doc_number: str
    built_at: str  # ISO UTC
    estate: str  # '' for a report of several estates
    records: int

    @property
    def code(self) -> str:
        return short_code(self.digest)

    def line(self, lang: str = "zh") -> str:
        return say("verify_report.issued_line", lang, time=local_time(self.built_at),
                   kind=say(f"title.{self.kind}", lang), number=self.doc_number or "—",
                   estate=self.estate or "—", code=self.code, count=self.records)  # fmt: skip


def issued_reports(project: Project) -> list[IssuedReport]:
    """Every report the project issued with a digest, the latest first."""
    with project.read():
        return [IssuedReport(**row) for row in store.issued(project.db)]
