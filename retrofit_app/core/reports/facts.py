"""What the reports say about an estate: its facts, buildings, units and photos."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.geo.gpkg_geometry import read_or_none
from retrofit_app.core.model import Estate
from retrofit_app.core.storage import report_queries

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


@dataclass(frozen=True)
class EstateFacts:
    estate: Estate
    buildings: list[dict[str, Any]]  # with units, households and a GeoJSON-like "geometry"
    units: list[dict[str, Any]]
    households: int
    area: float

    @property
    def place_parts(self) -> list[str]:
        """District, street, community as typed; the report joins them in its language."""
        return [self.estate.district, self.estate.street, self.estate.community]


def estate_facts(project: Project, estate: Estate) -> EstateFacts:
    with project.read():
        db = project.db
        totals = report_queries.estate_totals(db, estate.uuid)
        buildings = report_queries.building_rows(db, estate.uuid)
        units = report_queries.unit_rows(db, estate.uuid)
    for building in buildings:
        building["geometry"] = read_or_none(building.pop("geom"))  # `check` names a bad one
    return EstateFacts(
        estate, buildings, units, int(totals["households"]), float(totals["area"] or 0)
    )


def photos(project: Project, estate_uuid: str) -> list[dict[str, Any]]:
    with project.read():
        return report_queries.photo_rows(project.db, estate_uuid)


def resolve_scope(facts: EstateFacts, text: str) -> tuple[str, str]:
    """('unit'|'building', uuid) for '1幢2单元', '1幢 2单元', '1幢' or a uuid."""
    key = "".join(text.split())
    for unit in facts.units:
        if key in (unit["uuid"], f"{unit['building']}{unit['name']}"):
            return "unit", unit["uuid"]
    for building in facts.buildings:
        if key in (building["uuid"], building["name"]):
            return "building", building["uuid"]
    raise RetrofitError(ErrorCode.NO_SUCH_UNIT, unit=text)
