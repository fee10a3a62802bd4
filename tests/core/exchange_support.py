"""Helpers for the exchange tests: field work done through the real services, file fingerprints."""

from __future__ import annotations

import hashlib
from pathlib import Path

from retrofit_app.core.exchange.export import ExportedPackage, export_package
from retrofit_app.core.model import Owner
from retrofit_app.core.photos.importer import import_photos
from retrofit_app.core.photos.model import Placement
from retrofit_app.core.photos.samples import scene, write_photo
from retrofit_app.core.project import Project
from retrofit_app.core.storage.table_info import app_tables


def export_first_estate(office_path: Path, folder: Path) -> tuple[str, ExportedPackage]:
    """The office hands out a field copy (外业.gpkg) of its first estate: (the estate's code, the package)."""
    with Project(office_path, user="办公室") as office:
        code = office.estates.list()[0].code
        return code, export_package(office, [code], folder / "外业.gpkg")


def first_unit(project: Project, estate_code: str) -> str:
    estate = project.estates.resolve(estate_code)
    building = project.buildings.of_estate(estate.uuid)[0]
    return project.buildings.units(building.uuid)[0].uuid


def households_of(project: Project, estate_code: str) -> list:
    estate = project.estates.resolve(estate_code)
    found = []
    for building in project.buildings.of_estate(estate.uuid):
        for unit in project.buildings.units(building.uuid):
            found += project.households.of_unit(unit.uuid)
    return found


def add_photo(project: Project, estate_code: str, folder: Path, caption: str) -> str:
    """Import one drawn JPEG through the photo pipeline; returns the photo's uuid."""
    estate = project.estates.resolve(estate_code)
    path = write_photo(
        folder / f"{caption}.jpg",
        scene(320, 240, f"{estate.name} {caption}", seed=sum(map(ord, caption))),
    )
    (result,) = import_photos(project, Placement(estate.uuid, caption=caption), [path], workers=0)
    assert result.photo_id, result
    return result.photo_id


def add_household(project: Project, unit_uuid: str, room: str, owner: str, phone: str) -> str:
    made = project.households.create(
        unit_uuid, room, area=63.5, owners=[Owner("", owner, "", phone)]
    )
    return made.uuid


def fingerprint(path: Path) -> str:
    """A hash of every app row (and the exchange bookkeeping), to show a file did not change."""
    with Project(path, readonly=True) as project:
        digest = hashlib.sha256()
        for table in [*app_tables(project.conn), "exchange_merges", "merge_conflicts"]:
            for row in project.conn.execute(f"SELECT * FROM [{table}] ORDER BY fid"):
                digest.update(repr(tuple(row)).encode())
        return digest.hexdigest()


def count(project: Project, table: str, where: str = "1", params: tuple = ()) -> int:
    return project.conn.execute(f"SELECT count(*) FROM [{table}] WHERE {where}", params).fetchone()[
        0
    ]
