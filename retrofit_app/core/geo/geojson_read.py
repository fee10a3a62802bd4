"""Read a GeoJSON file (UTF-8 with or without BOM, or GBK) into features to import, and the ones to skip with why."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.geo.polygon_check import GeometryProblem, check_geometry
from retrofit_app.core.input_files import read_limited
from retrofit_app.core.json_input import JsonRefused, parse_bounded
from retrofit_app.core.limits import GEOJSON_MAX_BYTES, GEOJSON_MAX_VERTICES
from retrofit_app.core.words import Msg

# Property keys people use, Chinese or English; the first one present wins.
ESTATE_KEYS = {
    "name": ("name", "名称", "小区名称", "小区名", "小区"),
    "code": ("code", "编号", "小区编号"),
    "district": ("district", "区", "所在区", "区县"),
    "street": ("street", "街道"),
    "community": ("community", "社区"),
    "address": ("address", "地址"),
}
BUILDING_KEYS = {
    "name": ("name", "名称", "楼栋", "楼栋名称", "楼号"),
    "estate": ("estate_code", "estate", "estate_name", "小区编号", "小区", "小区名称", "所属小区"),
    "storeys": ("storeys", "floors", "层数"),
}
KIND_KEYS = ("kind", "类型", "layer")
BUILDING_WORDS = {"building", "buildings", "楼栋", "楼", "幢", "栋"}
PHOTO_WORDS = {"photo", "photos", "照片"}  # written by our own export; nothing to import


class SkipReason:
    """Why a feature was not imported: a GeometryProblem value or one of these."""

    NO_NAME = "no_name"
    NO_GEOMETRY = "no_geometry"
    NO_ESTATE = "no_estate"
    NO_DISTRICT = "no_district"
    AMBIGUOUS_ESTATE = "ambiguous_estate"
    BAD_VALUE = "bad_value"
    NOT_A_FEATURE = "not_a_feature"
    BAD_PROPERTIES = "bad_properties"
    TOO_MANY_VERTICES = "too_many_vertices"


@dataclass
class ImportFeature:
    index: int  # position in the file's feature list, from 0
    kind: str  # "estate" | "building"
    geometry: dict[str, Any]
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Skipped:
    index: int
    reason: str
    detail: str = ""


def decode_text(data: bytes) -> str:
    """UTF-8 (a BOM is dropped) first, then GB18030, the superset of GBK that Chinese Windows tools write."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def load_document(path: Path) -> dict[str, Any]:
    path = Path(path)
    # A FIFO, a device or a huge file is refused unread.
    data = read_limited(path, GEOJSON_MAX_BYTES)
    try:
        document = parse_bounded(decode_text(data))
    except UnicodeDecodeError as error:
        raise RetrofitError(ErrorCode.NOT_GEOJSON, path=path, detail=Msg("geojson.unknown_encoding")) from error
    except json.JSONDecodeError as error:
        # The parser's English ("Expecting value") is no help; where it stopped is.
        where = Msg("geojson.bad_json", line=error.lineno, column=error.colno)
        raise RetrofitError(ErrorCode.NOT_GEOJSON, path=path, detail=where) from error
    except JsonRefused as error:
        raise RetrofitError(ErrorCode.NOT_GEOJSON, path=path, detail=error.reason) from error
    if not isinstance(document, dict) or document.get("type") not in (
        "FeatureCollection",
        "Feature",
    ):
        raise RetrofitError(ErrorCode.NOT_GEOJSON, path=path, detail=Msg("geojson.no_features"))
    if not isinstance(document.get("features", []), list):
        raise RetrofitError(ErrorCode.NOT_GEOJSON, path=path, detail=Msg("geojson.features_not_array"))
    return document


def vertex_count(coords: Any) -> int:
    """How many positions a GeoJSON coordinates array holds (a position is a list of numbers)."""
    count, stack = 0, [coords]
    while stack:
        node = stack.pop()
        if isinstance(node, list) and node:
            if isinstance(node[0], list):
                stack.extend(node)
            else:
                count += 1
    return count


def flatten_2d(coords: Any) -> Any:
    """Drop Z (and M) values: keep the first two numbers of every position."""
    if isinstance(coords, list | tuple) and coords and isinstance(coords[0], int | float):
        return list(coords[:2])
    if isinstance(coords, list | tuple):
        return [flatten_2d(c) for c in coords]
    return coords


def _text(properties: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first value present under `keys` as text; None when it is a list or an object."""
    for key in keys:
        value = properties.get(key)
        if isinstance(value, dict | list):
            return None
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _kind(properties: dict[str, Any]) -> str:
    word = (_text(properties, KIND_KEYS) or "").lower()
    if word in BUILDING_WORDS:
        return "building"
    if word in PHOTO_WORDS:
        return "photo"
    return "estate"


def parse_features(document: dict[str, Any]) -> tuple[list[ImportFeature], list[Skipped]]:
    raw = [document] if document.get("type") == "Feature" else document.get("features") or []
    found: list[ImportFeature] = []
    skipped: list[Skipped] = []
    for index, feature in enumerate(raw):
        read = _read_feature(index, feature)
        if isinstance(read, ImportFeature):
            found.append(read)
        elif read is not None:
            skipped.append(read)
    return found, skipped


def _read_feature(index: int, feature: Any) -> ImportFeature | Skipped | None:
    """One feature of the file read, or why it is skipped; None for a photo point (not ours)."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return Skipped(index, SkipReason.NOT_A_FEATURE)
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        return Skipped(index, SkipReason.BAD_PROPERTIES)
    kind = _kind(properties)
    if kind == "photo":
        return None
    fields = _fields(properties, BUILDING_KEYS if kind == "building" else ESTATE_KEYS)
    if fields is None:
        return Skipped(index, SkipReason.BAD_VALUE)
    if not fields["name"]:
        return Skipped(index, SkipReason.NO_NAME)
    geometry = _geometry(feature.get("geometry"))
    if isinstance(geometry, str):
        return Skipped(index, geometry, fields["name"])
    return ImportFeature(index, kind, geometry, fields)


def _fields(properties: dict[str, Any], keys: dict[str, tuple[str, ...]]) -> dict[str, str] | None:
    """Each field's text; None when one of them is a list or an object."""
    fields: dict[str, str] = {}
    for name, options in keys.items():
        value = _text(properties, options)
        if value is None:
            return None
        fields[name] = value
    return fields


def _geometry(geometry: Any) -> dict[str, Any] | str:
    """The geometry in 2D, or the reason it is skipped."""
    if not geometry:
        return SkipReason.NO_GEOMETRY
    if not isinstance(geometry, dict):
        return str(GeometryProblem.UNSUPPORTED)
    if vertex_count(geometry.get("coordinates")) > GEOJSON_MAX_VERTICES:
        return SkipReason.TOO_MANY_VERTICES
    flat = {"type": geometry.get("type"), "coordinates": flatten_2d(geometry.get("coordinates"))}
    problem = check_geometry(flat)
    return flat if problem is None else str(problem)


def centroid(geometry: dict[str, Any]) -> tuple[float, float]:
    """The area centroid of a polygon's outer ring (of the largest part of a MultiPolygon), or a point itself."""
    if geometry["type"] == "Point":
        return tuple(geometry["coordinates"][:2])
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    best = (0.0, 0.0, 0.0)
    for polygon in polygons:
        ring = polygon[0]
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring[:-1], ring[1:], strict=True):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(area) > abs(best[0]):
            best = (area, cx / (3 * area), cy / (3 * area))
    return best[1], best[2]
