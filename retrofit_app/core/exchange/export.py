"""Export a field copy: chosen estates as a project of their own, with a snapshot kept at the office."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from retrofit_app.core.clock import now_iso
from retrofit_app.core.errors import ErrorCode, ProjectFileError, RetrofitError
from retrofit_app.core.exchange.files import (
    BASE_HASH_KEY,
    ORIGIN_KEY,
    PACKAGE_KEY,
    new_base_path,
    sha256_file,
)
from retrofit_app.core.exchange.masked_columns import MASKED_KEY, column_rules
from retrofit_app.core.exchange.retired import remove_unneeded_snapshots
from retrofit_app.core.exchange.store import office_records
from retrofit_app.core.exchange.store.package_extract import copy_estates, copy_schema, set_meta
from retrofit_app.core.exchange.store.photo_keys import lean_copy
from retrofit_app.core.ids import OFFICE_CODES_KEY, new_uuid
from retrofit_app.core.model import Estate
from retrofit_app.core.project import Project
from retrofit_app.core.storage import evidence_store, work_folder
from retrofit_app.core.storage.connection import file_uri
from retrofit_app.core.storage.create import private_file
from retrofit_app.core.storage.gpkg_functions import register_gpkg_functions
from retrofit_app.core.storage.sqlite_errors import translated

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportedPackage:
    path: Path
    package_uuid: str
    estates: list[str]  # codes
    rows: dict[str, int]
    base: Path
    personal_data: bool
    full_numbers: bool = False  # personal numbers in full, not masked


def _check_cancelled(cancelled: Callable[[], bool] | None) -> None:
    if cancelled and cancelled():
        raise RetrofitError(ErrorCode.CANCELLED)


def _check_target(project: Project, out: Path) -> None:
    """A package goes to a new file, not over the project, and only from a writable project."""
    if out.exists() or out.resolve() == project.path.resolve():
        raise ProjectFileError(ErrorCode.EXISTS, path=out)
    if project.readonly:
        raise ProjectFileError(ErrorCode.READ_ONLY, path=project.path)


def _package_meta(
    project: Project,
    package_uuid: str,
    chosen: list[Estate],
    rules: dict[str, str],
    full_numbers: bool,
) -> dict[str, str]:
    """The package's app_meta: who made it from what, how its numbers are masked, the office's
    estate codes (taken in the copy too)."""
    return {
        "project_uuid": package_uuid,
        "created_at": now_iso(),
        ORIGIN_KEY: project.meta()["project_uuid"],
        PACKAGE_KEY: package_uuid,
        "package_estates": json.dumps([e.code for e in chosen], ensure_ascii=False),
        "package_exported_at": now_iso(),
        "package_exported_by": project.user,
        "package_personal_data": "1" if full_numbers else "0",
        MASKED_KEY: json.dumps(rules, sort_keys=True),
        OFFICE_CODES_KEY: json.dumps(
            [e.code for e in project.estates.list(include_deleted=True)], ensure_ascii=False
        ),
    }


def export_package(
    project: Project,
    estates: list[str],
    out: Path,
    *,
    personal_data: bool = True,
    full_numbers: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportedPackage:
    """Write `out`, a project holding just `estates` (codes or names) and what hangs off them.

    Owners' ID and phone numbers go masked (320102********1234, 138****1234)
    unless `full_numbers`, and blank without `personal_data`; the package
    records which (masked_columns.MASKED_KEY) so a merge keeps the office's numbers.
    The package as exported is also kept as the merge base in the office project's
    folder (exchange/), and the office records that it handed the package out.
    """
    full_numbers = personal_data and full_numbers
    rules = column_rules(personal_data=personal_data, full_numbers=full_numbers)
    if not estates:
        raise RetrofitError(ErrorCode.NO_ESTATES_CHOSEN)
    chosen = list({e.uuid: e for e in (project.estates.resolve(x) for x in estates)}.values())
    out = Path(out).absolute()
    _check_target(project, out)
    package_uuid = new_uuid()
    with project.read():  # the package's own evidence chain starts by naming the office's head
        office_chain = evidence_store.chain_of_file(project.db) or ""
        office_head = evidence_store.head(project.db, office_chain)[1]
    # Built in a scratch folder (the base) and beside `out` under a name recorded there (the
    # package): a killed export leaves nothing for long (storage/work_folder.py, issue 23).
    with work_folder.scratch(project.path, "export") as work:
        partial = work.partial_for(out)
        base_w = work_folder.private_copy_target(work.path / "base.gpkg")
        base = None
        try:
            with translated(partial):
                private_file(partial)  # owner-only, as every project file (issue 23)
                conn = sqlite3.connect(file_uri(partial, "rwc"), uri=True, isolation_level=None)
                register_gpkg_functions(conn)  # the office's R-tree triggers, if GDAL added some
                try:
                    copy_schema(conn, project.path)
                    rows = copy_estates(
                        conn,
                        project.path,
                        [e.uuid for e in chosen],
                        personal_data=personal_data,
                        full_numbers=full_numbers,
                        progress=progress,
                    )
                    _check_cancelled(cancelled)
                    meta = _package_meta(project, package_uuid, chosen, rules, full_numbers)
                    set_meta(conn, meta)
                    # The records only, each photo rendition a key (photo_keys.py): the merge
                    # reads nothing else of the base, and the office keeps no second copy of them.
                    lean_copy(partial, base_w)
                    # After the snapshot: the field chain's first entries then come back
                    # with the merge, so the office holds that chain whole.
                    conn.execute("BEGIN")
                    evidence_store.start_copy_chain(
                        conn, office_chain, office_head, project.user, now_iso()
                    )
                    conn.execute("COMMIT")
                finally:
                    conn.close()
            base_hash = sha256_file(base_w)
            with translated(partial):
                conn = sqlite3.connect(file_uri(partial, "rw"), uri=True, isolation_level=None)
                try:
                    set_meta(conn, {BASE_HASH_KEY: base_hash})
                finally:
                    conn.close()
            base = new_base_path(project.path, package_uuid)
            os.replace(base_w, base)
            with project.write() as db:
                office_records.add_package(
                    db,
                    {
                        "uuid": package_uuid,
                        "estates": json.dumps([e.uuid for e in chosen]),
                        # 0 none, 1 in full, 2 masked
                        "personal_data": (2 if personal_data else 0) if rules else 1,
                        "base_file": base.name,
                        "base_sha256": base_hash,
                        "exported_at": meta["package_exported_at"],
                        "exported_by": project.user,
                    },
                    project.user,
                )
            os.replace(partial, out)
        except BaseException:
            if base is not None:
                base.unlink(missing_ok=True)
            raise
    remove_unneeded_snapshots(project)  # the copies these estates replace, once merged back
    return ExportedPackage(
        out, package_uuid, [e.code for e in chosen], rows, base, personal_data, full_numbers
    )
