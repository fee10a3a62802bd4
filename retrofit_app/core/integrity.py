"""`check`: SQLite's own checks, the GeoPackage rules we rely on, and the app's invariants."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from retrofit_app.core import check_record
from retrofit_app.core.geo.geometry_check import (
    far_from_their_estates,
    far_outside_their_districts,
    geometry_problems,
)
from retrofit_app.core.orphan_repair import deleted_elsewhere
from retrofit_app.core.storage import integrity_queries as q
from retrofit_app.core.words import N_, say

if TYPE_CHECKING:
    from sqlite_utils import Database

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


@dataclass(frozen=True)
class Checked:
    """What a check found, and what a quick one did not look at (said in its output)."""

    problems: list[Problem]
    quick: bool = False
    photos_hashed: int = 0
    photos_not_hashed: int = 0  # quick: hashed whole at an earlier check, not hashed again
    last_full_check: str = ""  # quick: local time of the last full check recorded ("" none)
    earlier_check: bool = False  # quick: an earlier check of this file was recorded here


def check_project(project: Project, *, deep: bool = True) -> list[Problem]:
    """Every problem found, in the user's words; the file is checked as it is on its own."""
    return run_check(project, deep=deep).problems


def run_check(project: Project, *, deep: bool = True, quick: bool = False) -> Checked:
    """The check: SQLite's integrity check (quick: its quick check), foreign keys, the
    GeoPackage rules we rely on, the app's invariants and every photo's SHA-256 (quick: the
    photos added since the last check recorded on this computer; deep=False: none).

    The write-ahead log is folded into the file first (and emptied), so the checks
    below read the .gpkg itself, not changes only its -wal holds (issue 23: a copy
    of the .gpkg alone was malformed though `check` passed). The photos are hashed by threads
    of their own while SQLite checks the file (a file on disk; in memory, after the rest).
    """
    db = project.db
    problems = _log_problems(project)
    on_disk = Path(project.path).is_file()
    earlier = check_record.earlier(Path(project.path)) if quick and on_disk else None
    unread = ""  # why the photos could not be listed: a broken page SQLite's check names
    with project.read():
        try:
            if earlier is not None and not _still_there(db, earlier):
                earlier = None
            photos = q.photos_to_hash(db, earlier.photos_upto if earlier else 0) if deep else []
            all_photos = q.photo_count(db)
        except sqlite3.DatabaseError as error:
            photos, all_photos, unread = [], 0, str(error)
    hashing = q.PhotoHashing(Path(project.path), photos) if photos and on_disk else None
    try:
        with project.read():
            messages = q.integrity_messages(db, quick=quick)
            messages += [unread] if unread else []
            problems += [Problem("integrity", {"detail": d}) for d in messages]
            try:
                problems += _record_problems(db)
                wrong = (
                    q.photos_with_wrong_hash(project.conn, photos) if photos and not hashing else []
                )
            except sqlite3.DatabaseError as error:
                if not messages:
                    raise
                # SQLite's check named the broken pages; the checks of records stop where they are
                if str(error) not in messages:
                    problems.append(Problem("integrity", {"detail": str(error)}))
                wrong = []
        if hashing is not None:
            wrong = hashing.wrong()
    except BaseException:
        if hashing is not None:
            hashing.stop()
        raise
    problems += [Problem("photo_hash", {"uuid": p.uuid, "name": p.name}) for p in wrong]
    if messages:  # a broken file: nothing more is read, and no check is remembered
        return Checked(problems, quick=quick, photos_hashed=len(photos))
    problems += _exchange_problems(project)
    full_at = check_record.now() if not quick else earlier.full_at if earlier else ""
    if deep and on_disk:
        _remember(project, photos, wrong, earlier, full_at)
    return Checked(
        problems,
        quick=quick,
        photos_hashed=len(photos),
        photos_not_hashed=max(all_photos - len(photos), 0) if deep else all_photos,
        last_full_check=full_at,
        earlier_check=earlier is not None,
    )


def _record_problems(db: Database) -> list[Problem]:
    """Foreign keys, records deleted elsewhere, the GeoPackage rules we rely on, geometries and
    photos without their bytes."""
    problems = [Problem("foreign_key", row) for row in q.foreign_key_violations(db)]
    problems += [Problem("deleted_elsewhere", v) for v in deleted_elsewhere(db)]
    if q.application_id(db) != 0x47504B47:
        problems.append(Problem("application_id"))
    problems += [Problem("unregistered", {"table": t}) for t in q.unregistered_tables(db)]
    problems += [Problem(code, values) for code, values in geometry_problems(q.geometries(db))]
    found = far_from_their_estates(q.parts_and_their_estates(db))
    found += far_outside_their_districts(q.estates_with_their_districts(db))
    problems += [Problem(code, values) for code, values in found]
    problems += [Problem("photo_without_data", row) for row in q.photos_without_data(db)]
    return problems


def _still_there(db: Database, earlier: check_record.CheckRecord) -> bool:
    """The photo rows the record speaks of are this file's (the same row, the same uuid)."""
    return q.photo_data_uuid(db, earlier.photos_upto) == earlier.upto_uuid


def _remember(
    project: Project,
    photos: list[q.PhotoToHash],
    wrong: list[q.PhotoToHash],
    earlier: check_record.CheckRecord | None,
    full_at: str,
) -> None:
    """The rows hashed whole so far, up to the first wrong one (a wrong photo is hashed again)."""
    whole = [p for p in photos if not wrong or p.fid < wrong[0].fid]
    last = whole[-1] if whole else None
    if last is not None:
        upto, uuid = last.fid, q.photo_data_uuid(project.db, last.fid) or ""
    elif earlier is not None:  # nothing new, or the first new one is wrong
        upto, uuid = earlier.photos_upto, earlier.upto_uuid
    else:
        upto, uuid = 0, ""
    path = Path(project.path)
    check_record.remember(
        path, check_record.CheckRecord(check_record.identity(path), upto, uuid, full_at)
    )


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
