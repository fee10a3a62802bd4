"""Find a building, unit or household of an estate by the names people write (5幢, 1单元, 101)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import Building, Estate, Household, Unit

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


T = TypeVar("T", Building, Unit, Household)


def _named(found: list[T], name: str, key: str) -> T | None:
    wanted = name.strip()
    return next((x for x in found if getattr(x, key).strip() == wanted), None)


def find_building(project: Project, estate: Estate, name: str) -> Building:
    building = _named(project.buildings.of_estate(estate.uuid), name, "name")
    if building is None:
        raise RetrofitError(ErrorCode.NO_SUCH_PLACE, estate=estate.name, place=name.strip())
    return building


def find_unit(project: Project, estate: Estate, building: str, unit: str) -> Unit:
    found = find_building(project, estate, building)
    result = _named(project.buildings.units(found.uuid), unit, "name")
    if result is None:
        place = f"{found.name}{unit.strip()}"
        raise RetrofitError(ErrorCode.NO_SUCH_PLACE, estate=estate.name, place=place)
    return result


def find_household(
    project: Project, estate: Estate, building: str, unit: str, room: str
) -> Household:
    found = find_unit(project, estate, building, unit)
    household = _named(project.households.of_unit(found.uuid), room, "room")
    if household is None:
        place = f"{building.strip()}{found.name}{room.strip()}"
        raise RetrofitError(ErrorCode.NO_SUCH_PLACE, estate=estate.name, place=place)
    return household
