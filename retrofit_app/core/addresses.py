"""Find a building, unit or household of an estate by the names people write (5幢, 1单元, 101).

Names are compared on keys (`building_key`, `unit_key`, `room_key`): full- and
half-width forms, spaces, Chinese numerals (一单元 = 1单元), the usual suffixes
(幢/栋/楼/号楼/#楼/座/号, 单元, 室), an ordinal 第 (第5幢, 第一单元) and leading zeros
(01 = 1) do not make two places.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import Building, Estate, Household, Unit

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


T = TypeVar("T", Building, Unit, Household)

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}  # fmt: skip
_POWERS = {"十": 10, "百": 100, "千": 1000}
_CHINESE_NUMBER = re.compile("[零〇一二两三四五六七八九十百千]+")
_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")
_BUILDING_SUFFIX = re.compile("(号楼|#楼|幢|栋|楼|座|号|#)$")  # in a 楼栋 column 5楼 is building 5
_ORDINAL = re.compile("^第(?=[0-9])")  # 第5幢, 第一单元 (after 一 became 1)
_UNIT_SUFFIX = re.compile("单元$")
_ROOM_SUFFIX = re.compile("(室|号)$")


def _chinese_value(numeral: str) -> str:
    """一〇一 → 101 (digit by digit); 十一 → 11, 二十 → 20, 一百零一 → 101 (with 十/百/千)."""
    if not any(c in _POWERS for c in numeral):
        return "".join(str(_DIGITS[c]) for c in numeral)
    total = digit = 0
    for c in numeral:
        if c in _POWERS:
            total += (digit or 1) * _POWERS[c]
            digit = 0
        else:
            digit = _DIGITS[c]
    return str(total + digit)


def _key(text: str, suffix: re.Pattern[str], ordinal: bool = False) -> str:
    text = "".join(unicodedata.normalize("NFKC", str(text or "")).split()).upper()
    text = _CHINESE_NUMBER.sub(lambda m: _chinese_value(m.group()), text)
    text = suffix.sub("", text) or text
    if ordinal:
        text = _ORDINAL.sub("", text)
    return _LEADING_ZEROS.sub("", text)


@functools.lru_cache(maxsize=4096)
def building_key(name: str) -> str:
    """5幢 = 5栋 = 5号楼 = 5#楼 = 5楼 = ５ = 五幢 = 第5幢 = 05."""
    return _key(name, _BUILDING_SUFFIX, ordinal=True)


@functools.lru_cache(maxsize=4096)
def unit_key(name: str) -> str:
    """1单元 = 一单元 = 第一单元 = 1 = 01."""
    return _key(name, _UNIT_SUFFIX, ordinal=True)


@functools.lru_cache(maxsize=65536)
def room_key(name: str) -> str:
    """101 = 101室 = 0101 = １０１."""
    return _key(name, _ROOM_SUFFIX)


def _named(found: list[T], name: str, attribute: str, keyed: Callable[[str], str]) -> T | None:
    wanted = keyed(name)
    return next((x for x in found if keyed(getattr(x, attribute)) == wanted), None)


def find_building(project: Project, estate: Estate, name: str) -> Building:
    building = _named(project.buildings.of_estate(estate.uuid), name, "name", building_key)
    if building is None:
        raise RetrofitError(ErrorCode.NO_SUCH_PLACE, estate=estate.name, place=name.strip())
    return building


def find_unit(project: Project, estate: Estate, building: str, unit: str) -> Unit:
    found = find_building(project, estate, building)
    result = _named(project.buildings.units(found.uuid), unit, "name", unit_key)
    if result is None:
        place = f"{found.name}{unit.strip()}"
        raise RetrofitError(ErrorCode.NO_SUCH_PLACE, estate=estate.name, place=place)
    return result


def find_household(
    project: Project, estate: Estate, building: str, unit: str, room: str
) -> Household:
    found = find_unit(project, estate, building, unit)
    household = _named(project.households.of_unit(found.uuid), room, "room", room_key)
    if household is None:
        place = f"{building.strip()}{found.name}{room.strip()}"
        raise RetrofitError(ErrorCode.NO_SUCH_PLACE, estate=estate.name, place=place)
    return household
