"""Merge a field copy back into the office project, all or nothing."""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygeodiff
from sqlite_utils import Database

from retrofit_app.core.errors import ErrorCode, ProjectFileError, RetrofitError
from retrofit_app.core.exchange import engine as geo
from retrofit_app.core.exchange.files import (
    BASE_HASH_KEY,
    ORIGIN_KEY,
    PACKAGE_KEY,
    base_path,
    sha256_file,
    snapshot,
    work_folder,
)
from retrofit_app.core.project import Project
from retrofit_app.core.storage import exchange_store
from retrofit_app.core.storage.backups import make_backup, prune_backups
from retrofit_app.core.storage.merge_work import (
    FieldConflict,
    column_name,
    copy_database,
    dangling_references,
    fold_twins,
    keep_office_value,
    open_work,
    shared_tables,
)

_STEPS = 8


@dataclass
class MergeResult:
    package: Path
    package_uuid: str
    already_merged: bool = False
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    conflicts: list[FieldConflict] = field(default_factory=list)
    backup: Path | None = None
    dangling_references: int = 0
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "package": str(self.package),
            "package_uuid": self.package_uuid,
            "already_merged": self.already_merged,
            "counts": self.counts,
            "conflicts": [_conflict_json(c) for c in self.conflicts],
            "backup": str(self.backup) if self.backup else None,
            "dangling_references": self.dangling_references,
            "seconds": round(self.seconds, 3),
        }


def _conflict_json(c: FieldConflict) -> dict[str, Any]:
    def show(value: Any) -> Any:
        return f"<{len(value)} bytes>" if isinstance(value, bytes) else value

    return {
        "table": c.table,
        "record_uuid": c.record_uuid,
        "field": c.field,
        "office_value": show(c.office_value),
        "field_value": show(c.field_value),
    }


def package_meta(path: Path) -> dict[str, str]:
    """The app_meta of a package, after making sure the file is whole."""
    try:
        with Project(path, readonly=True) as package:
            meta = package.meta()
            with package.read():
                check = package.db.execute("PRAGMA quick_check").fetchone()[0]
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


def _base_of(project: Project, path: Path, meta: dict[str, str]) -> Path:
    if meta.get(ORIGIN_KEY) != project.meta()["project_uuid"]:
        raise RetrofitError(ErrorCode.FOREIGN_PACKAGE, path=path)
    base = base_path(project.path, meta[PACKAGE_KEY])
    with project.read():
        known = exchange_store.package(project.db, meta[PACKAGE_KEY])
    if known is None or not base.exists() or sha256_file(base) != known["base_sha256"]:
        raise RetrofitError(ErrorCode.PACKAGE_BASE_MISSING, path=path, base=base)
    if meta.get(BASE_HASH_KEY) not in (None, known["base_sha256"]):
        raise RetrofitError(ErrorCode.PACKAGE_BASE_MISSING, path=path, base=base)
    return base


def merge_package(
    project: Project,
    package: Path,
    *,
    keep_backups: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> MergeResult:
    """Bring the field's changes in `package` into `project`; the office's own changes stay.

    Works on copies in a scratch folder and replaces the office content in one
    step at the end, so a failure or a cancel leaves the office file as it was.
    """
    started = time.perf_counter()
    package = Path(package).absolute()
    if project.readonly:
        raise ProjectFileError(ErrorCode.READ_ONLY, path=project.path)
    meta = package_meta(package)
    base = _base_of(project, package, meta)
    result = MergeResult(package, meta[PACKAGE_KEY])

    def step(n: int) -> None:
        # Past the last step the office has changed: too late to cancel.
        if n < _STEPS and cancelled and cancelled():
            raise RetrofitError(ErrorCode.CANCELLED)
        if progress:
            progress(n, _STEPS)

    with work_folder(project.path) as work:
        base_w, field_w = snapshot(base, work / "base.gpkg"), snapshot(package, work / "field.gpkg")
        with geo.geodiff(package, shared_tables(project.conn, base_w)) as engine:
            step(1)
            raw = work / "field.diff"
            engine.create_changeset(str(base_w), str(field_w), str(raw))
            digest = geo.changeset_hash(raw)
            with project.read():
                done = exchange_store.merge_with_hash(project.db, digest)
            if done or not engine.has_changes(str(raw)):
                result.already_merged = True
            else:
                step(2)
                result.backup = make_backup(project.conn, project.path, "before-merge")
                if keep_backups is not None:
                    prune_backups(project.path, keep_backups)
                _merge_copies(project, engine, work, base_w, field_w, digest, result, step)
    result.seconds = time.perf_counter() - started
    return result


def _merge_copies(
    project: Project,
    engine: pygeodiff.GeoDiff,
    work: Path,
    base_w: Path,
    field_w: Path,
    digest: str,
    result: MergeResult,
    step: Callable[[int], None],
) -> None:
    office_w = snapshot(result.backup, work / "office.gpkg")
    before_w = work / "before.gpkg"
    shutil.copyfile(office_w, before_w)
    step(3)
    conn = open_work(field_w, base=base_w, office=office_w)
    try:
        twins = fold_twins(conn)
    finally:
        conn.close()
    step(4)
    rebased, found = geo.rebase_and_apply(engine, base_w, field_w, office_w, work)
    step(5)
    result.counts = geo.summary(engine, rebased, work / "summary.json")
    step(6)
    conn = open_work(office_w, before=before_w, field=field_w)
    try:
        result.conflicts = _settle(conn, project.user, twins, found, digest, result)
        result.dangling_references = dangling_references(conn)
        step(7)
        # The one step that touches the office file: all of it, or none.
        copy_database(conn, project.conn)
    finally:
        conn.close()
    step(8)


def _settle(
    conn: sqlite3.Connection,
    user: str,
    twins: list[FieldConflict],
    found: list[geo.GeodiffConflict],
    digest: str,
    result: MergeResult,
) -> list[FieldConflict]:
    """Keep the office's values where both sides changed a field, and record the merge."""
    db = Database(conn, execute_plugins=False)
    kept: list[FieldConflict] = []
    with db.atomic():
        for c in found:
            conflict = keep_office_value(conn, c.table, c.fid, column_name(conn, c.table, c.column))
            if conflict is not None:
                kept.append(conflict)
        kept += twins
        for c in kept:
            if not exchange_store.conflict_known(
                db, c.table, c.record_uuid, c.field, c.field_value
            ):
                exchange_store.add_conflict(
                    db,
                    {
                        "package_uuid": result.package_uuid,
                        "table_name": c.table,
                        "record_uuid": c.record_uuid,
                        "field": c.field,
                        "office_value": c.office_value,
                        "field_value": c.field_value,
                    },
                    user,
                )
        summary = {"counts": result.counts, "conflicts": len(kept)}
        exchange_store.add_merge(db, result.package_uuid, digest, summary, user)
    return kept
