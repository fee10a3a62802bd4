"""Merge a field copy back into the office project, all or nothing.

Who does what. pygeodiff is the engine, as in Mergin Maps: it makes the
changeset of the field's work (the package's base snapshot → the field copy)
and rebases it onto what the office did meanwhile (the base → the office as
it is now, exchange/store/merge_work.py build_office_view), which moves the field's new
rows whose fids the office took to free fids. Before that, in SQL on scratch
copies, records added on both sides are folded into one (so merging twice adds
nothing) and fields changed on both sides keep the office's value, recorded as
conflicts (exchange/store/merge_work.py). The rebased changeset is then read by
pygeodiff (changesets.py) and applied through the app's own connection in one
transaction (exchange/store/changeset_apply.py): pygeodiff never writes the office
file, because it bundles its own SQLite, and two SQLite copies with one file
open break each other's locks.

Photos travel apart: the scratch copies hold a key in place of each photo rendition, and the
bytes of the photos the office lacks are read from the package as they are written, each
original checked against its SHA-256 (exchange/store/photo_keys.py). The logs a package only
appends to (audit log, evidence chain) are read from the settled field copy by SQL, not through
pygeodiff's changeset.

A package stays in its lane: before any of that, its schema must be the one
it left with (exchange/store/package_schema.py: no trigger of its own ever runs) and
its changes must keep to the estates it was given (exchange/store/lane_check.py:
no other estate, no shared list, the audit log only appended to). Anything
else refuses the whole merge with a sentence naming it.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retrofit_app.core.clock import now_iso
from retrofit_app.core.errors import ErrorCode, ProjectFileError, RetrofitError
from retrofit_app.core.evidence.chain_merge import MergeTrace
from retrofit_app.core.exchange import changesets as geo
from retrofit_app.core.exchange.conflicts import conflict_kind
from retrofit_app.core.exchange.files import (
    BASE_HASH_KEY,
    ORIGIN_KEY,
    PACKAGE_KEY,
    base_path,
    sha256_file,
    snapshot,
    work_folder,
)
from retrofit_app.core.exchange.masked_columns import restore_office_values
from retrofit_app.core.exchange.retired import remove_unneeded_snapshots
from retrofit_app.core.exchange.store import office_records, photo_keys
from retrofit_app.core.exchange.store.changeset_apply import (
    Change,
    ChangesetMismatch,
    Row,
    apply_entries,
    has_effect,
)
from retrofit_app.core.exchange.store.lane_check import (
    APPENDED,
    CHAIN,
    Lane,
    LaneCheck,
    LaneViolation,
    kind_of,
    summarize,
)
from retrofit_app.core.exchange.store.merge_work import (
    FieldConflict,
    build_office_view,
    clashing_new_estates,
    estate_codes,
    fold_twins,
    keep_edited_records,
    keep_office_values,
    set_estate_code,
    shared_tables,
    working_on,
)
from retrofit_app.core.exchange.store.package_schema import schema_differences
from retrofit_app.core.exchange.store.photo_keys import PhotoBytes, lean_copy
from retrofit_app.core.exchange.store.scratch_copies import file_meta
from retrofit_app.core.ids import OFFICE_CODES_KEY, next_code
from retrofit_app.core.project import Project
from retrofit_app.core.storage.backup_sets import BackupStopped
from retrofit_app.core.storage.backups import Keep, make_backup, prune_backups
from retrofit_app.core.storage.connection import file_uri
from retrofit_app.core.storage.evidence_store import CHAIN_KEY
from retrofit_app.core.storage.migrations import upgrade_copy
from retrofit_app.core.storage.schema import SCHEMA_VERSION
from retrofit_app.core.storage.table_info import columns

_STEPS = 6


@dataclass(frozen=True)
class Recoded:
    """A new field estate whose code the office gave another estate meanwhile: it got `new_code`."""

    name: str
    old_code: str
    new_code: str


@dataclass
class MergeResult:
    package: Path
    package_uuid: str
    already_merged: bool = False
    # Records changed, by table: what the field did (inserted, updated, deleted).
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    # Entries the merge appended to the audit log and the evidence chain: the field's history
    # brought along, no record of its own (not "changes" to a person reading the summary).
    logged: dict[str, int] = field(default_factory=dict)
    conflicts: list[FieldConflict] = field(default_factory=list)
    recoded: list[Recoded] = field(default_factory=list)
    backup: Path | None = None
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "package": str(self.package),
            "package_uuid": self.package_uuid,
            "already_merged": self.already_merged,
            "counts": self.counts,
            "logged": self.logged,
            "conflicts": [_conflict_json(c) for c in self.conflicts],
            "recoded": [vars(r) for r in self.recoded],
            "backup": str(self.backup) if self.backup else None,
            "seconds": round(self.seconds, 3),
        }


def _conflict_json(c: FieldConflict) -> dict[str, Any]:
    def show(value: Any) -> Any:
        return f"<{len(value)} bytes>" if isinstance(value, bytes) else value

    return {
        "table": c.table,
        "record_uuid": c.record_uuid,
        "kind": conflict_kind(c.field, c.office_value, c.field_value),
        "field": c.field,
        "office_value": show(c.office_value),
        "field_value": show(c.field_value),
    }


def package_meta(path: Path) -> dict[str, str]:
    """The app_meta of a package, after making sure the file is whole (its records: each photo
    the merge takes is read and checked against its SHA-256 when written, photo_keys.py)."""
    try:
        with Project(path, readonly=True) as package:
            meta = package.meta()
            check = _records_check(package)
    except ProjectFileError as error:
        if error.code in (ErrorCode.CORRUPT, ErrorCode.NOT_SQLITE):
            raise RetrofitError(
                ErrorCode.PACKAGE_DAMAGED, path=path, detail=error.sentence()
            ) from error
        raise
    except sqlite3.DatabaseError as error:
        raise RetrofitError(ErrorCode.PACKAGE_DAMAGED, path=path, detail=str(error)) from error
    if check != "ok":
        raise RetrofitError(ErrorCode.PACKAGE_DAMAGED, path=path, detail=check)
    if PACKAGE_KEY not in meta:
        raise RetrofitError(ErrorCode.NOT_A_PACKAGE, path=path)
    return meta


def _records_check(package: Project) -> str:
    """SQLite's quick check of every table and index but the photo bytes' (photo_data), which
    hold nearly all of a package's pages and of which the merge reads only the photos the office
    lacks; "ok" or the first problem found. The whole file's quick check where SQLite cannot check
    one table (before 3.33)."""
    if sqlite3.sqlite_version_info < (3, 33, 0):
        return package.quick_check()
    names = package.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name != ?"
        " AND sql NOT LIKE 'CREATE VIRTUAL%'",
        [photo_keys.TABLE],
    ).fetchall()
    for (name,) in names:
        found = package.conn.execute(f"PRAGMA quick_check([{name}])").fetchone()[0]
        if found != "ok":
            return str(found)
    return "ok"


def _base_of(project: Project, path: Path, meta: dict[str, str]) -> tuple[Path, dict[str, Any]]:
    """The office's snapshot of the package as it left, and the office's record of handing it out."""
    if meta.get(ORIGIN_KEY) != project.meta()["project_uuid"]:
        raise RetrofitError(ErrorCode.FOREIGN_PACKAGE, path=path)
    base = base_path(project.path, meta[PACKAGE_KEY])
    with project.read():
        known = office_records.package(project.db, meta[PACKAGE_KEY])
    if known is None or not base.exists() or sha256_file(base) != known["base_sha256"]:
        raise RetrofitError(ErrorCode.PACKAGE_BASE_MISSING, path=path, base=base)
    if meta.get(BASE_HASH_KEY) not in (None, known["base_sha256"]):
        raise RetrofitError(ErrorCode.PACKAGE_BASE_MISSING, path=path, base=base)
    return base, known


def _never() -> bool:
    return False


def merge_package(
    project: Project,
    package: Path,
    *,
    keep_backups: Keep | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> MergeResult:
    """Bring the field's changes in `package` into `project`; the office's own changes stay.

    All the preparing happens on scratch copies; the office file changes in one
    transaction at the end (the field's changeset, the conflicts and the merge
    record together), so a failure or a cancel leaves it as it was.
    """
    started = time.perf_counter()
    package = Path(package).absolute()
    if project.readonly:
        raise ProjectFileError(ErrorCode.READ_ONLY, path=project.path)
    meta = package_meta(package)
    base, known = _base_of(project, package, meta)
    result = MergeResult(package, meta[PACKAGE_KEY])

    def step(n: int) -> None:
        if cancelled and cancelled():
            raise RetrofitError(ErrorCode.CANCELLED)
        if progress:
            progress(n, _STEPS)

    with work_folder(project.path) as work:
        # Records only: each photo rendition a key (photo_keys.py), its bytes read when applied.
        base_w = lean_copy(base, work / "base.gpkg")
        field_w = _field_copy(package, work / "field.gpkg")
        # Handed out before an upgrade: the base as the new program made the field copy, then
        # (the field copy checked) both as the office is now.
        handed_out = _log_ends(base_w)
        upgrade_copy(base_w, int(file_meta(field_w).get("schema_version") or 0))
        _check_schema(project, package, field_w, base_w)  # before any SQL writes the field copy
        for copy in (base_w, field_w):
            upgrade_copy(copy, SCHEMA_VERSION)
        _drop_upgrade_entries(base_w, handed_out)
        restore_office_values(base_w, field_w, project.path)  # masked numbers: masked_columns.py
        tables = shared_tables(project.conn, base_w)
        step(1)
        lane = _lane_of(known, base_w)
        try:
            _settle_in_field_copy(project, field_w, base_w, tables, lane, result)
        except LaneViolation as violation:
            raise RetrofitError(
                ErrorCode.PACKAGE_OUT_OF_LANE, path=package, detail=violation.summary()
            ) from violation
        step(2)
        # The logs the field only appended to (lane_check) go by SQL, not through pygeodiff: a
        # field copy's chain enters each of its records (thousands), and pygeodiff's reader
        # costs more than the rows weigh; their fids are taken afresh when written anyway.
        diffed = [t for t in tables if t not in APPENDED]
        view_w = _office_view(project, base_w, field_w, diffed, work)
        with geo.geodiff(package, diffed) as engine:
            field_changes = geo.field_changeset(engine, base_w, field_w, work)
            changeset = geo.rebased_changeset(engine, base_w, field_changes, view_w, work)
            step(3)
            appended = _appended(field_w, base_w, [t for t in tables if t in APPENDED])
            changes, digest, inserted = geo.read_changes(engine, changeset, appended)
            with project.read():
                # Report and record only conflicts not recorded by an earlier merge.
                new = result.conflicts = _new_conflicts(project, result.conflicts)
                pending = _pending(project, changes, package)
            step(4)
            if not pending and not new:
                result.already_merged = True  # everything in it is in the office already
            else:
                try:  # a merge's Cancel, or the window closing, stops its backup too
                    result.backup = make_backup(
                        project.conn, project.path, "before-merge", should_stop=cancelled or _never
                    )
                except BackupStopped as stopped:
                    raise RetrofitError(ErrorCode.CANCELLED) from stopped
                if keep_backups is not None:
                    prune_backups(project.path, keep_backups)
                step(5)
                with contextlib.closing(PhotoBytes.of_file(package)) as photos:
                    field_chain = file_meta(field_w).get(CHAIN_KEY)
                    _apply(project, changes, inserted, digest, new, result, field_chain, photos)
                if progress:
                    progress(_STEPS, _STEPS)
    remove_unneeded_snapshots(project)
    result.seconds = time.perf_counter() - started
    return result


def _field_copy(package: Path, target: Path) -> Path:
    """The field copy's records (lean_copy); a schema SQLite cannot even make is refused as one
    the package did not leave with, pages SQLite finds damaged as a damaged package."""
    try:
        return lean_copy(package, target)
    except sqlite3.OperationalError as error:
        raise RetrofitError(
            ErrorCode.PACKAGE_SCHEMA_CHANGED, path=package, detail=str(error)
        ) from error
    except sqlite3.DatabaseError as error:
        raise RetrofitError(ErrorCode.PACKAGE_DAMAGED, path=package, detail=str(error)) from error


def _appended(field_w: Path, base_w: Path, logs: list[str]) -> list[Row]:
    """The entries the field appended to `logs` and the office lacks, in their order: the field
    copy's rows past the base's (entries merged before were folded into the office's)."""
    conn = sqlite3.connect(file_uri(field_w, "ro"), uri=True)
    try:
        conn.execute("ATTACH DATABASE ? AS base", [file_uri(base_w, "ro")])
        return [
            (log, list(values))
            for log in logs
            for values in conn.execute(
                f"SELECT * FROM main.[{log}] WHERE fid > (SELECT coalesce(max(fid), 0)"
                f" FROM base.[{log}]) ORDER BY fid"
            )
        ]
    finally:
        conn.close()


def _log_ends(base_w: Path) -> dict[str, int]:
    """The last fid of the audit log and the evidence chain in the base as it was handed out
    (a table the base's schema lacks: 0)."""
    conn = sqlite3.connect(file_uri(base_w, "ro"), uri=True)
    try:
        made = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {
            log: conn.execute(f"SELECT coalesce(max(fid), 0) FROM [{log}]").fetchone()[0]
            for log in APPENDED
            if log in made
        }
    finally:
        conn.close()


def _drop_upgrade_entries(base_w: Path, handed_out: dict[str, int]) -> None:
    """Take out of the upgraded base the entries its upgrade appended (7 -> 8 enters every evidence
    record as "genesis", on a chain of the base's own): the field copy was never given them, and
    its own upgrade entered the same records on its own chain, at other times and by other hashes,
    in the same fids. Left in, they read as a rewritten log; out, the field copy's entries are what
    it appended (its chain comes into the office whole, as a field chain's genesis entries do).
    Entries the base held when the copy left stay, so an edit of any of them is still refused."""
    conn = sqlite3.connect(base_w, isolation_level=None)
    try:
        for log in APPENDED:
            conn.execute(f"DELETE FROM [{log}] WHERE fid > ?", [handed_out.get(log, 0)])
    finally:
        conn.close()


def _check_schema(project: Project, package: Path, field_w: Path, base_w: Path) -> None:
    """The package's schema must be the one it left with: no trigger, view, table or column added."""
    found = schema_differences(field_w, base_w, project.path)
    if found:
        raise RetrofitError(ErrorCode.PACKAGE_SCHEMA_CHANGED, path=package, detail=summarize(found))


def _lane_of(known: dict[str, Any], base_w: Path) -> Lane:
    """What the office gave the package, from its own record (and its snapshot of the package)."""
    codes = file_meta(base_w).get(OFFICE_CODES_KEY)
    return Lane(
        estates=frozenset(json.loads(known["estates"])),
        exported_at=known["exported_at"],
        codes_at_export=frozenset(json.loads(codes) if codes else []),
    )


def _settle_in_field_copy(
    project: Project,
    field_w: Path,
    base_w: Path,
    tables: list[str],
    lane: Lane,
    result: MergeResult,
) -> None:
    """Refuse changes outside the package's lane; fold records added on both sides; keep the
    office's value where both changed a field, and the record where one side deleted it."""
    with working_on(field_w, base=base_w, office=project.path) as conn:
        check = LaneCheck(conn, lane, tables)
        if found := check.field_changes():
            raise LaneViolation(found)
        result.recoded = _recode_clashing_estates(conn)
        result.conflicts = fold_twins(conn, tables, vet=check.twin)
        result.conflicts += keep_office_values(conn, tables)
        result.conflicts += keep_edited_records(conn, tables)


def _recode_clashing_estates(conn: sqlite3.Connection) -> list[Recoded]:
    """Give each new field estate whose code the office uses for another estate the next free code
    (or the code an earlier merge of this copy gave it)."""
    taken, done = estate_codes(conn), []
    for uuid, name, code, merged_as in clashing_new_estates(conn):
        if merged_as is not None:
            set_estate_code(conn, uuid, merged_as)
            continue
        new_code = next_code(code.rsplit("-", 1)[0], taken)
        taken.append(new_code)
        set_estate_code(conn, uuid, new_code)
        done.append(Recoded(name, code, new_code))
    return done


def _office_view(
    project: Project, base_w: Path, field_w: Path, tables: list[str], work: Path
) -> Path:
    """A copy of the base turned into the office as the rebase must see it (merge_work.py).

    Copied from the scratch base, whose masked numbers already hold the office's values.
    """
    view_w = snapshot(base_w, work / "office-view.gpkg")  # records only, as the base
    with working_on(view_w, field=field_w, office=project.path) as conn:
        build_office_view(conn, tables)
    return view_w


def _pending(project: Project, changes: list[Change], package: Path) -> bool:
    """Whether the package holds anything the office lacks. A field copy's own evidence chain
    (its fork and genesis entries) is no such thing by itself: every change the field made
    through the program has its audit entry too, so a copy opened and handed back unchanged
    is "nothing to merge" (no backup, nothing written)."""
    try:
        return has_effect(project.conn, [c for c in changes if c.table != CHAIN])
    except ChangesetMismatch as error:
        raise _changed_meanwhile(package, error.table) from error


def _new_conflicts(project: Project, found: list[FieldConflict]) -> list[FieldConflict]:
    """Those not recorded by an earlier merge (a package merged again repeats its conflicts)."""
    return [
        c
        for c in found
        if not office_records.conflict_known(
            project.db, c.table, c.record_uuid, c.field, c.field_value
        )
    ]


def _apply(
    project: Project,
    changes: list[Change],
    inserted: Iterable[Row],
    digest: str,
    new: list[FieldConflict],
    result: MergeResult,
    field_chain: str | None = None,
    photos: PhotoBytes | None = None,
) -> None:
    """The one write to the office file: changes, conflicts and the merge record, one transaction;
    the merge enters the field's evidence chain head and each evidence record it changed. The
    photo bytes the changes name by key are read from the package (`photos`) as they are written."""
    try:
        with project.write() as db:
            if photos is not None:
                changes = photo_keys.with_bytes(changes, project.conn, photos)
                names = columns(project.conn, photo_keys.TABLE)
                inserted = photo_keys.rows_with_bytes(inserted, names, photos)
            trace = MergeTrace(project.conn, changes)
            counts = apply_entries(project.conn, changes, trace.rows(inserted))
            trace.enter(db, project.user, now_iso(), field_chain)
            result.counts = {t: n for t, n in counts.items() if t not in APPENDED}
            result.logged = {t: counts[t]["inserted"] for t in APPENDED if t in counts}
            for c in new:
                office_records.add_conflict(
                    db,
                    {
                        "package_uuid": result.package_uuid,
                        "table_name": c.table,
                        "record_uuid": c.record_uuid,
                        "field": c.field,
                        "office_value": c.office_value,
                        "field_value": c.field_value,
                    },
                    project.user,
                )
            summary = {
                "counts": result.counts,
                "logged": result.logged,
                "conflicts": len(result.conflicts),
                "recoded": [vars(r) for r in result.recoded],
            }
            office_records.add_merge(db, result.package_uuid, digest, summary, project.user)
    except ChangesetMismatch as error:
        raise _changed_meanwhile(result.package, error.table) from error
    except photo_keys.PhotoBytesMissing as error:
        raise RetrofitError(
            ErrorCode.MERGE_FAILED, path=result.package, detail=f"photo bytes missing: {error.key}"
        ) from error
    except sqlite3.IntegrityError as error:
        raise RetrofitError(
            ErrorCode.MERGE_FAILED, path=result.package, detail=str(error)
        ) from error


def _changed_meanwhile(package: Path, table: str) -> RetrofitError:
    """The office changed a record of the copy while the merge was being prepared."""
    return RetrofitError(ErrorCode.MERGE_RACED, path=package, what=kind_of(table))
