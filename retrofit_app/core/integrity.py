"""`check`: SQLite's own checks, the GeoPackage rules we rely on, and the app's invariants."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from retrofit_app.core.geo.geometry_check import (
    far_from_their_estates,
    far_outside_their_districts,
    geometry_problems,
)
from retrofit_app.core.orphan_repair import deleted_elsewhere
from retrofit_app.core.storage import integrity_queries as q
from retrofit_app.core.words import N_, say

if TYPE_CHECKING:
    from retrofit_app.core.project import Project

# Each problem's sentence: a catalogue id.
_SENTENCES = {
    "integrity": N_("check.integrity"),
    "foreign_key": N_("check.foreign_key"),
    "deleted_elsewhere": N_("check.deleted_elsewhere"),
    "application_id": N_("check.application_id"),
    "unregistered": N_("check.unregistered"),
    "bad_geometry": N_("check.bad_geometry"),
    "invalid_geometry": N_("check.invalid_geometry"),
    "unreadable_geometry": N_("check.unreadable_geometry"),
    "out_of_range_geometry": N_("check.out_of_range_geometry"),
    "far_from_estate": N_("check.far_from_estate"),
    "far_from_district": N_("check.far_from_district"),
    "photo_without_data": N_("check.photo_without_data"),
    "photo_hash": N_("check.photo_hash"),
    "log_not_folded": N_("check.log_not_folded"),
    "log_read_only": N_("check.log_read_only"),
    "log_in_use": N_("check.log_in_use"),
    "package_snapshot_missing": N_("check.package_snapshot_missing"),
}


@dataclass(frozen=True)
class Problem:
    """One problem found: a code of _SENTENCES and the values its sentence names."""

    code: str
    params: dict = field(default_factory=dict)

    def sentence(self, language: str = "zh") -> str:
        return say(_SENTENCES[self.code], language, **self.params)


def check_project(project: Project, *, deep: bool = True) -> list[Problem]:
    """Every problem found, in the user's words; the file is checked as it is on its own.

    The write-ahead log is folded into the file first (and emptied), so the checks
    below read the .gpkg itself, not changes only its -wal holds (issue 23: a copy
    of the .gpkg alone was malformed though `check` passed).
    """
    db = project.db
    problems = _log_problems(project)
    hashing = ThreadPoolExecutor(1) if deep and Path(project.path).is_file() else None
    hashed = hashing.submit(q.photo_hash_mismatches, Path(project.path)) if hashing else None
    with project.read():
        problems += [Problem("integrity", {"detail": d}) for d in q.integrity_messages(db)]
        problems += [Problem("foreign_key", row) for row in q.foreign_key_violations(db)]
        problems += [Problem("deleted_elsewhere", v) for v in deleted_elsewhere(db)]
        if q.application_id(db) != 0x47504B47:
            problems.append(Problem("application_id"))
        problems += [Problem("unregistered", {"table": t}) for t in q.unregistered_tables(db)]
        problems += [Problem(code, values) for code, values in geometry_problems(q.geometries(db))]
        found = far_from_their_estates(q.parts_and_their_estates(db))
        found += far_outside_their_districts(q.estates_with_their_districts(db))
        problems += [Problem(code, values) for code, values in found]
        for row in q.photos_without_data(db):
            problems.append(Problem("photo_without_data", row))
        if deep and hashed is None:  # not a file on disk: hashed here, after the rest
            problems += [Problem("photo_hash", row) for row in q.photos_with_wrong_hash(db)]
    if hashing is not None and hashed is not None:
        problems += [Problem("photo_hash", row) for row in hashed.result()]
        hashing.shutdown()
    problems += _exchange_problems(project)
    return problems


def _log_problems(project: Project) -> list[Problem]:
    wal = f"{project.path}-wal"
    folded = q.fold_log_in(project.conn, project.path)
    if folded.read_only:
        return [Problem("log_read_only", {"wal": wal})]
    if folded.error:
        return [Problem("log_not_folded", {"wal": wal, "detail": folded.error})]
    if folded.frames_left:
        return [Problem("log_in_use", {"wal": wal, "frames": folded.frames_left})]
    return []


def _exchange_problems(project: Project) -> list[Problem]:
    """Field copies handed out whose merge base is gone (issue 8)."""
    from retrofit_app.core.exchange.files import base_file
    from retrofit_app.core.exchange.store import office_records

    with project.read():
        handed_out = office_records.packages(project.db)
    bases = [(p["uuid"], base_file(project.path, p["base_file"])) for p in handed_out]
    return [
        Problem("package_snapshot_missing", {"package": uuid, "base": base})
        for uuid, base in bases
        if not base.exists()
    ]
