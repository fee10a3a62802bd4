"""Merging a field copy: changes to 20 estates and N new photos, against pygeodiff's own pipeline.

Floor, measured in the same run (design.md, "Field exchange"): pygeodiff's own
changeset + rebase + apply of the same files: the field's changeset (package
base → field copy), the office's (base → office), the field's rebased onto the
office's, applied to a copy of the office file. Ours does the whole merge:
checks, backup, changeset, rebase onto the office, conflicts, apply.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import pygeodiff
from common import large_project, row

from retrofit_app.core.clock import now_iso
from retrofit_app.core.exchange.export import export_package
from retrofit_app.core.exchange.files import base_path
from retrofit_app.core.exchange.merge import merge_package
from retrofit_app.core.project import Project
from retrofit_app.core.storage import photo_store
from retrofit_app.core.storage.table_info import app_tables

ESTATES = 20


def _field_work(package: Path, photos: int, photo_bytes: int) -> None:
    """Edit a household in every estate and add `photos` photos (random bytes: incompressible)."""
    with Project(package, user="外业") as field:
        estates = field.estates.list()
        for estate in estates:
            unit = field.buildings.units(field.buildings.of_estate(estate.uuid)[0].uuid)[0]
            household = field.households.of_unit(unit.uuid)[0]
            field.households.update(household.uuid, note=f"外业核实 {estate.code}")
        with field.write() as db:
            for n in range(photos):
                original = os.urandom(photo_bytes)
                values = {
                    "sha256": hashlib.sha256(original).hexdigest(),
                    "estate_uuid": estates[n % len(estates)].uuid,
                    "caption": f"外业照片 {n}",
                    "file_name": f"IMG_{n:04d}.jpg",
                    "mime": "image/jpeg",
                    "byte_size": len(original),
                    "imported_at": now_iso(),
                }
                data = {
                    "original": original,
                    "thumbnail": original[:8000],
                    "print": original[: photo_bytes // 4],
                }
                photo_store.insert_photo(db, values, data, "外业")


def _floor(office: Path, base: Path, package: Path, temp: Path) -> float:
    """pygeodiff's own changeset + rebase + apply of base → field onto the office."""
    field_changes, office_changes = temp / "floor-field.diff", temp / "floor-office.diff"
    rebased, conflicts = temp / "floor-rebased.diff", temp / "floor-conflicts.json"
    engine = pygeodiff.GeoDiff()
    try:
        with sqlite3.connect(office) as conn:
            engine.set_tables_to_include(app_tables(conn))
        start = time.perf_counter()
        engine.create_changeset(str(base), str(package), str(field_changes))
        engine.create_changeset(str(base), str(office), str(office_changes))
        engine.create_rebased_changeset(
            str(base), str(package), str(office_changes), str(rebased), str(conflicts)
        )
        # pygeodiff writes no rebased file when the office changed nothing: the field's own applies.
        engine.apply_changeset(str(office), str(rebased if rebased.exists() else field_changes))
        return time.perf_counter() - start
    finally:
        engine.shutdown()


def run(quick: bool) -> list[dict]:
    photos, photo_bytes = (40, 300_000) if quick else (500, 600_000)
    with tempfile.TemporaryDirectory(prefix="merge-bench-") as folder:
        temp = Path(folder)
        office = temp / "office.gpkg"
        shutil.copyfile(large_project(), office)
        shutil.copyfile(office, temp / "floor-office.gpkg")
        with Project(office, user="办公室") as opened:
            codes = [e.code for e in opened.estates.list()[:ESTATES]]
            made = export_package(opened, codes, temp / "field.gpkg")
        _field_work(made.path, photos, photo_bytes)
        base_copy = temp / "base.gpkg"
        shutil.copyfile(base_path(office, made.package_uuid), base_copy)
        floor = _floor(temp / "floor-office.gpkg", base_copy, made.path, temp)
        with Project(office, user="办公室") as opened:
            start = time.perf_counter()
            result = merge_package(opened, made.path)
            seconds = time.perf_counter() - start
        assert result.counts["photos"]["inserted"] == photos, result.counts
        return [
            row(
                "merge_package",
                seconds,
                floor,
                estates=ESTATES,
                photos=photos,
                package_mb=round(made.path.stat().st_size / 1e6, 1),
            )
        ]
