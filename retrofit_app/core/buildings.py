"""Buildings (幢) and their units (单元): create, edit, trash, restore, list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.field_words import EMPTY, field_words
from retrofit_app.core.geo.gpkg_geometry import read_or_none, to_gpkg
from retrofit_app.core.geo.layer_crs import in_layer_crs
from retrofit_app.core.model import Building, Unit
from retrofit_app.core.storage import queries, records
from retrofit_app.core.storage.rows import from_row
from retrofit_app.core.text_limits import check_lengths

if TYPE_CHECKING:
    from retrofit_app.core.access import ProjectAccess

BUILDING_FIELDS = ("name", "storeys", "year_built", "structure", "safety_grade", "note", "geometry")
SAFETY_GRADES = ("", "A", "B", "C", "D")


def _building(row: dict[str, Any]) -> Building:
    return from_row(Building, row, columns={"geometry": "geom"}, convert={"geometry": read_or_none})


def _building_values(fields: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in fields.items():
        if key not in BUILDING_FIELDS:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words(key), value=value)
        if key == "geometry":
            values["geom"] = to_gpkg(value)
        else:
            values[key] = _stored(key, value)
    check_lengths(values)
    return values


def _stored(key: str, value: Any) -> Any:
    """A building field's value as stored; refused when it cannot be one."""
    if key in ("storeys", "year_built"):
        number = None if value in (None, "") else int(value)
        if key == "storeys" and number is not None and not 1 <= number <= 100:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words(key), value=value)
        return number
    text = str(value or "").strip()
    if key == "safety_grade":
        if text.upper() not in SAFETY_GRADES:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words(key), value=value)
        return text.upper()
    if key == "name" and not text:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words(key), value=EMPTY)
    return text


class BuildingService:
    def __init__(self, project: ProjectAccess) -> None:
        self.project = project

    def of_estate(self, estate_uuid: str, *, include_deleted: bool = False) -> list[Building]:
        with self.project.read():
            found = queries.buildings_of(self.project.db, estate_uuid, include_deleted)
        return [_building(r) for r in found]

    def get(self, uuid: str) -> Building:
        with self.project.read():
            return _building(records.get_row(self.project.db, "buildings", uuid))

    def create(self, estate_uuid: str, name: str, **fields: Any) -> Building:
        values = _building_values({"name": name, **fields})
        with self.project.write() as db:
            records.get_row(db, "estates", estate_uuid)
            if "geom" in values:
                values["geom"] = in_layer_crs(db, "buildings", values["geom"])
            uuid = records.insert_row(
                db, "buildings", {"estate_uuid": estate_uuid, **values}, self.project.user
            )
        return self.get(uuid)

    def update(self, uuid: str, **fields: Any) -> dict[str, Any]:
        values = _building_values(fields)
        with self.project.write() as db:
            if "geom" in values:
                values["geom"] = in_layer_crs(db, "buildings", values["geom"])
            return records.update_row(db, "buildings", uuid, values, self.project.user)

    def delete(self, uuid: str) -> None:
        with self.project.write() as db:
            records.trash_row(db, "buildings", uuid, self.project.user)

    def restore(self, uuid: str) -> None:
        with self.project.write() as db:
            records.restore_row(db, "buildings", uuid, self.project.user)

    # ------------------------------------------------------------- units
    def units(self, building_uuid: str, *, include_deleted: bool = False) -> list[Unit]:
        with self.project.read():
            found = queries.units_of(self.project.db, building_uuid, include_deleted)
        return [from_row(Unit, r) for r in found]

    def get_unit(self, uuid: str) -> Unit:
        with self.project.read():
            return from_row(Unit, records.get_row(self.project.db, "units", uuid))

    def add_unit(self, building_uuid: str, name: str, note: str = "") -> Unit:
        name = name.strip()
        if not name:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words("name"), value=EMPTY)
        check_lengths({"name": name, "note": note})
        with self.project.write() as db:
            records.get_row(db, "buildings", building_uuid)
            uuid = records.insert_row(
                db,
                "units",
                {"building_uuid": building_uuid, "name": name, "note": note},
                self.project.user,
            )
        return self.get_unit(uuid)

    def update_unit(self, uuid: str, **fields: Any) -> dict[str, Any]:
        values = {k: str(v).strip() for k, v in fields.items() if k in ("name", "note")}
        check_lengths(values)
        with self.project.write() as db:
            return records.update_row(db, "units", uuid, values, self.project.user)

    def delete_unit(self, uuid: str) -> None:
        with self.project.write() as db:
            records.trash_row(db, "units", uuid, self.project.user)

    def restore_unit(self, uuid: str) -> None:
        with self.project.write() as db:
            records.restore_row(db, "units", uuid, self.project.user)
