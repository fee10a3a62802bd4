"""Read a GeoJSON file (UTF-8 with or without BOM, or GBK) into features to import, and the ones to skip with why."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.geo.gcj02 import gcj02_to_wgs84
from retrofit_app.core.geo.gpkg_geometry import (
    GeometryError,
    as_shape,
    crs_name,
    drawable,
    wgs84_transformer,
)
from retrofit_app.core.geo.polygon_check import check_geometry_reason
from retrofit_app.core.input_files import read_limited
from retrofit_app.core.json_input import JsonRefused, parse_bounded
from retrofit_app.core.limits import GEOJSON_MAX_BYTES, GEOJSON_MAX_VERTICES
from retrofit_app.core.text_limits import shortened
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
    "estate": (
        "estate_code",
        "estate",
        "estate_name",
        "小区编号",
        "小区",
        "小区名称",
        "所属小区",
        "estate_uuid",
    ),  # fmt: skip
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
    BAD_JSON_LINE = "bad_json_line"
    GEOMETRY_NOT_OBJECT = "geometry_not_object"
    UNSUPPORTED_KIND = "unsupported_kind"
    BAD_ATTRIBUTE = "bad_attribute"  # a warning: the feature is imported without that value


@dataclass
class ImportFeature:
    index: int  # position in the file's feature list, from 0
    kind: str  # "estate" | "building"
    geometry: dict[str, Any]
    fields: dict[str, str] = field(default_factory=dict)
    warnings: list[Skipped] = field(default_factory=list)  # values left out (BAD_ATTRIBUTE)


@dataclass(frozen=True)
class Skipped:
    index: int
    reason: str
    detail: str = ""
    params: dict[str, Any] = field(default_factory=dict)  # values of the reason's sentence


def decode_text(data: bytes) -> str:
    """UTF-8 (a BOM is dropped) first, then GB18030, the superset of GBK that Chinese Windows tools write."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def load_document(path: Path) -> dict[str, Any]:
    """The file as a FeatureCollection: a FeatureCollection as it is, a single Feature or a bare
    Geometry (RFC 7946 allows both) wrapped, GeoJSONSeq (RFC 8142: one feature per line, RS
    separated or not) gathered; a line of GeoJSONSeq that is not JSON is kept as a BadLine so
    that feature alone is skipped."""
    path = Path(path)
    # A FIFO, a device or a huge file is refused unread.
    data = read_limited(path, GEOJSON_MAX_BYTES)
    try:
        text = decode_text(data)
    except UnicodeDecodeError as error:
        raise RetrofitError(
            ErrorCode.NOT_GEOJSON, path=path, detail=Msg("geojson.unknown_encoding")
        ) from error
    try:
        document = _parsed(text, path)
    except json.JSONDecodeError as error:
        document = _sequence(text)
        if document is None:
            # The parser's English ("Expecting value") is no help; where it stopped is.
            where = Msg("geojson.bad_json", line=error.lineno, column=error.colno)
            raise RetrofitError(ErrorCode.NOT_GEOJSON, path=path, detail=where) from error
    return _as_collection(document, path)


def _parsed(text: str, path: Path) -> Any:
    if text.lstrip().startswith(RS):
        raise json.JSONDecodeError("record separator", text, 0)
    try:
        return parse_bounded(text, allow_nan=True)
    except JsonRefused as error:
        raise RetrofitError(ErrorCode.NOT_GEOJSON, path=path, detail=error.reason) from error


RS = "\x1e"  # RFC 8142's record separator


@dataclass(frozen=True)
class BadLine:
    """A line of a GeoJSONSeq file that is not JSON (or JSON this program will not read)."""

    reason: Msg


def _sequence(text: str) -> dict[str, Any] | None:
    """GeoJSONSeq as a FeatureCollection; None when the text does not look like one (two or
    more records, the first of them a GeoJSON object)."""
    records = [r.strip() for r in text.replace(RS, "\n").splitlines()]
    numbered = [(n, r) for n, r in enumerate(records, start=1) if r]
    features: list[Any] = []
    for line, record in numbered:
        try:
            features.append(parse_bounded(record, allow_nan=True))
        except json.JSONDecodeError as error:
            features.append(BadLine(Msg("geojson.bad_json", line=line, column=error.colno)))
        except JsonRefused as error:
            features.append(BadLine(error.reason))
    first = features[0] if features else None
    if len(features) < 2 or not isinstance(first, dict) or first.get("type") not in _TOP_TYPES:
        return None
    return {"type": "FeatureCollection", "features": [_as_feature(f) for f in features]}


_GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                   "MultiPolygon", "GeometryCollection")  # fmt: skip
_TOP_TYPES = ("FeatureCollection", "Feature", *_GEOMETRY_TYPES)


def _as_feature(value: Any) -> Any:
    """A bare geometry (as a line of GeoJSONSeq or the whole file) as a feature without properties."""
    if isinstance(value, dict) and value.get("type") in _GEOMETRY_TYPES:
        return {"type": "Feature", "geometry": value, "properties": {}}
    return value


def _as_collection(document: Any, path: Path) -> dict[str, Any]:
    if not isinstance(document, dict) or document.get("type") not in _TOP_TYPES:
        raise RetrofitError(
            ErrorCode.NOT_GEOJSON, path=path, detail=Msg("geojson.not_geojson_object")
        )
    if document.get("type") != "FeatureCollection":
        document = {**document, "type": "FeatureCollection", "features": [_as_feature(document)]}
    if not isinstance(document.get("features", []), list):
        raise RetrofitError(
            ErrorCode.NOT_GEOJSON, path=path, detail=Msg("geojson.features_not_array")
        )
    crs = declared_crs(document.get("crs"))
    if crs is not None and crs not in DEGREE_CRS:
        try:
            wgs84_transformer(crs)
        except GeometryError as error:
            named = crs_name(crs) if crs else shortened(json.dumps(document.get("crs")), 80)
            refused = Msg("geojson.crs_refused", crs=named)
            raise RetrofitError(ErrorCode.NOT_GEOJSON, path=path, detail=refused) from error
    return document


DEGREE_CRS = (4326, 4490)


def declared_crs(crs: Any) -> int | None:
    """The EPSG code a (GeoJSON 2008) ``crs`` member names; None for none (RFC 7946: WGS-84),
    4326 for OGC CRS84; 0 for a crs this program cannot read (refused by the caller)."""
    if not isinstance(crs, dict):
        return None
    properties = crs.get("properties")
    name = properties.get("name") if isinstance(properties, dict) else None
    if not isinstance(name, str):
        return 0
    text = name.strip().upper()
    if text.endswith("CRS84") or text.endswith("CRS:84"):
        return 4326
    match = re.search(r"EPSG:+(?:[0-9.]*:)?(\d+)$", text)
    return int(match.group(1)) if match else 0


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
        if isinstance(value, dict | list) or (
            isinstance(value, float) and not math.isfinite(value)
        ):
            return None  # an object, a list, NaN: not a value
        if value not in (None, ""):
            return str(value).strip()
    return ""


def _kind(properties: dict[str, Any], layer: str) -> str:
    word = (_text(properties, KIND_KEYS) or "").lower()
    if word in BUILDING_WORDS:
        return "building"
    if word in PHOTO_WORDS:
        return "photo"
    if not word and (layer in BUILDING_WORDS or "estate_uuid" in properties):
        # The buildings layer of a project copied by ogr2ogr: the layer's name, or our column.
        return "building"
    return "estate"


@dataclass(frozen=True)
class Reading:
    """How the file's coordinates become WGS-84 lon/lat: its declared CRS, and GCJ-02 or not."""

    crs: int | None = None
    gcj02: bool = False

    def position(self, x: float, y: float) -> tuple[float, float]:
        if self.crs not in (None, *DEGREE_CRS):
            x, y = wgs84_transformer(self.crs).transform(x, y)
        if self.gcj02:
            x, y = gcj02_to_wgs84(x, y)
        return x, y


def parse_features(
    document: dict[str, Any], *, gcj02: bool = False
) -> tuple[list[ImportFeature], list[Skipped]]:
    raw = [document] if document.get("type") == "Feature" else document.get("features") or []
    reading = Reading(declared_crs(document.get("crs")), gcj02)
    layer = str(document.get("name") or "").lower()
    found: list[ImportFeature] = []
    skipped: list[Skipped] = []
    for index, feature in enumerate(raw):
        read = _read_feature(index, feature, reading, layer)
        if isinstance(read, ImportFeature):
            found.append(read)
            skipped.extend(read.warnings)
        elif read is not None:
            skipped.append(read)
    return found, skipped


def _read_feature(
    index: int, feature: Any, reading: Reading, layer: str
) -> ImportFeature | Skipped | None:
    """One feature of the file read, or why it is skipped; None for a photo point (not ours)."""
    if isinstance(feature, BadLine):
        return Skipped(index, SkipReason.BAD_JSON_LINE, params={"line": feature.reason})
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return Skipped(index, SkipReason.NOT_A_FEATURE)
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        return Skipped(index, SkipReason.BAD_PROPERTIES)
    kind = _kind(properties, layer)
    if kind == "photo":
        return None
    fields = _fields(properties, BUILDING_KEYS if kind == "building" else ESTATE_KEYS)
    if fields is None:
        return Skipped(index, SkipReason.BAD_VALUE)
    if not fields["name"]:
        return Skipped(index, SkipReason.NO_NAME)
    warnings = _whole_numbers(index, fields, ("storeys",) if kind == "building" else ())
    geometry = _geometry(feature.get("geometry"), reading)
    if isinstance(geometry, Skipped):
        return Skipped(index, geometry.reason, fields["name"], geometry.params)
    return ImportFeature(index, kind, geometry, fields, warnings)


def _whole_numbers(index: int, fields: dict[str, str], keys: tuple[str, ...]) -> list[Skipped]:
    """A count given as 6.0 reads 6; one given as 六 or 6.5 is left out with a warning."""
    warnings = []
    for key in keys:
        text = fields.get(key, "")
        if not text:
            continue
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if math.isfinite(number) and number == int(number):
            fields[key] = str(int(number))
            continue
        fields[key] = ""
        values = {"name": fields["name"], "key": key, "value": shortened(text, 20), "n": index + 1}
        warnings.append(Skipped(index, SkipReason.BAD_ATTRIBUTE, params=values))
    return warnings


def _fields(properties: dict[str, Any], keys: dict[str, tuple[str, ...]]) -> dict[str, str] | None:
    """Each field's text; None when one of them is a list or an object."""
    fields: dict[str, str] = {}
    for name, options in keys.items():
        value = _text(properties, options)
        if value is None:
            return None
        fields[name] = value
    return fields


def moved(coords: Any, reading: Reading) -> Any:
    """Every position [x, y, ...] of two numbers moved to WGS-84 lon/lat (others left for the check)."""
    if isinstance(coords, list) and len(coords) >= 2 and all(_is_number(v) for v in coords[:2]):
        return list(reading.position(coords[0], coords[1]))
    if isinstance(coords, list):
        return [moved(c, reading) for c in coords]
    return coords


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _geometry(geometry: Any, reading: Reading = Reading()) -> dict[str, Any] | Skipped:
    """The geometry in 2D WGS-84 as the program draws it, or why it is skipped."""
    if not geometry:
        return Skipped(0, SkipReason.NO_GEOMETRY)
    if not isinstance(geometry, dict):
        return Skipped(0, SkipReason.GEOMETRY_NOT_OBJECT)
    kind = geometry.get("type")
    if kind in ("MultiPoint", "GeometryCollection"):
        try:  # one point, or polygons gathered: drawn as a Point or a MultiPolygon
            geometry = drawable(as_shape(geometry))
        except GeometryError:
            return Skipped(0, SkipReason.UNSUPPORTED_KIND, params={"kind": str(kind)})
    elif kind in _GEOMETRY_TYPES and kind not in ("Point", "Polygon", "MultiPolygon"):
        return Skipped(0, SkipReason.UNSUPPORTED_KIND, params={"kind": str(kind)})
    if vertex_count(geometry.get("coordinates")) > GEOJSON_MAX_VERTICES:
        return Skipped(0, SkipReason.TOO_MANY_VERTICES)
    coords = flatten_2d(geometry.get("coordinates"))
    if reading != Reading():
        coords = moved(coords, reading)
    flat = {"type": geometry.get("type"), "coordinates": coords}
    problem = check_geometry_reason(flat)
    if problem is None:
        return flat
    return Skipped(0, str(problem[0]), params={"detail": problem[1]})


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
