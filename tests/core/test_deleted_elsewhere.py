"""A record deleted for good in another program (issue 25).

Our files refuse such a delete in a sentence (a trigger; QGIS with foreign keys on would
cascade it over the estate's buildings, households and photos). A file made before that
guard, or with its trigger dropped, can still lose a record to GDAL (which leaves the rows
under it, foreign keys not enforced): `check` names it once with what still points at it,
`check --repair` puts it back in the trash from the audit log, and the program's own
restore brings it back with its buildings and units."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest
from test_cli import cli

from retrofit_app.core.integrity import check_project
from retrofit_app.core.project import Project

pytestmark = pytest.mark.needs("validate_gpkg")

DELETE = """
import sys
from osgeo import ogr
ogr.UseExceptions()
ds = ogr.Open(sys.argv[1], update=1)
layer = ds.GetLayerByName(sys.argv[2])
layer.SetAttributeFilter(sys.argv[3])
feature = layer.GetNextFeature()
layer.DeleteFeature(feature.GetFID())
ds = None
"""


def delete_in_gdal(path: Path, layer: str, where: str) -> subprocess.CompletedProcess:
    return subprocess.run(["/usr/bin/python3", "-c", DELETE, path, layer, where],
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def unguarded(path: Path, layer: str, where: str) -> None:
    """Drop the guard (as in a file made before it), then delete through GDAL."""
    with sqlite3.connect(path) as conn:
        conn.execute(f"DROP TRIGGER {layer}_deleted_in_the_program")
    done = delete_in_gdal(path, layer, where)
    assert done.returncode == 0, done.stderr


def test_a_delete_in_gdal_is_refused_in_a_sentence_and_changes_nothing(demo_path: Path) -> None:
    with Project(demo_path, readonly=True) as project:
        estate = project.estates.list()[0]
        building = project.buildings.of_estate(estate.uuid)[0]
    before = demo_path.read_bytes()
    for layer, uuid, kind in (
        ("estates", estate.uuid, "小区"),
        ("buildings", building.uuid, "楼栋"),
    ):
        done = delete_in_gdal(demo_path, layer, f"uuid = '{uuid}'")
        assert done.returncode != 0
        assert f"{kind}请在老旧小区改造程序里删除：那里删除的记录进回收站" in done.stderr
    assert demo_path.read_bytes() == before
    # The program's own connections still delete (a merge applies a field copy's deletes so).
    with Project(demo_path) as project, project.write() as db:
        db.execute("DELETE FROM buildings WHERE uuid = ?", [building.uuid])
    with Project(demo_path, readonly=True) as project:
        assert building.uuid not in {b.uuid for b in project.buildings.of_estate(estate.uuid)}


def test_an_estate_deleted_in_qgis_is_named_once_and_put_back_in_the_trash(demo_path: Path) -> None:
    with Project(demo_path, readonly=True) as project:
        estate = project.estates.list()[0]
        buildings = {b.name for b in project.buildings.of_estate(estate.uuid)}
    unguarded(demo_path, "estates", f"uuid = '{estate.uuid}'")

    with Project(demo_path, readonly=True) as project:
        sentences = [p.sentence("zh") for p in check_project(project)]
    named = [s for s in sentences if s.startswith(f"小区“{estate.name}”已在别的程序")]
    assert len(named) == 1 and "check --repair 会把它放回回收站" in named[0]

    done = cli("check", "--repair", demo_path)
    assert f"已把在别的程序里删除的小区“{estate.name}”放回回收站" in done.stdout
    assert done.returncode == 0, done.stderr  # nothing left pointing at nothing

    with Project(demo_path) as project:
        trashed = [e for e in project.estates.list(include_deleted=True) if e.deleted_at]
        assert [(e.uuid, e.name, e.code) for e in trashed] == [
            (estate.uuid, estate.name, estate.code)
        ]
        project.estates.restore(estate.uuid)
        back = project.estates.get(estate.uuid)
        assert (back.name, back.code, back.district) == (estate.name, estate.code, estate.district)
        assert {b.name for b in project.buildings.of_estate(estate.uuid)} == buildings
    assert cli("check", demo_path).returncode == 0


def test_a_building_deleted_in_qgis_comes_back_with_its_units(demo_path: Path) -> None:
    with Project(demo_path, readonly=True) as project:
        estate = project.estates.list()[0]
        building = project.buildings.of_estate(estate.uuid)[0]
        units = {u.name for u in project.buildings.units(building.uuid)}
    assert units
    unguarded(demo_path, "buildings", f"uuid = '{building.uuid}'")
    done = cli("check", demo_path, lang="en")
    assert f'building "{building.name}" was deleted for good in another program' in done.stderr
    done = cli("check", "--repair", demo_path, lang="en")
    assert (
        f'put building "{building.name}", deleted in another program, back in the trash'
        in done.stdout
    )
    with Project(demo_path) as project:
        assert building.uuid not in {b.uuid for b in project.buildings.of_estate(estate.uuid)}
        assert not [
            p for p in check_project(project) if p.code in ("foreign_key", "deleted_elsewhere")
        ]
        project.buildings.restore(building.uuid)
        assert project.buildings.get(building.uuid).name == building.name
        assert {u.name for u in project.buildings.units(building.uuid)} == units
