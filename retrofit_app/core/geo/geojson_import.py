"""Create or update estates and buildings from a GeoJSON file, in one transaction; report what was skipped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.geo.geojson_read import (
    ImportFeature,
    Skipped,
    SkipReason,
    centroid,
    load_document,
    parse_features,
)
from retrofit_app.core.geo.polygon_check import GeometryProblem
from retrofit_app.core.limits import GEOJSON_MAX_VERTICES
from retrofit_app.core.storage import geo_store
from retrofit_app.core.text_limits import shortened

if TYPE_CHECKING:
    from retrofit_app.core.project import Project

# What the front ends say about a skipped feature (Chinese, English).
SKIP_LABELS: dict[str, tuple[str, str]] = {
    SkipReason.NO_NAME: ("没有名称", "no name"),
    SkipReason.NO_GEOMETRY: ("没有图形", "no geometry"),
    SkipReason.NO_ESTATE: ("找不到所属小区", "its estate was not found"),
    SkipReason.NO_DISTRICT: ("新小区缺少“区”", "a new estate needs a district"),
    SkipReason.AMBIGUOUS_ESTATE: (
        "有多个同名小区，请用编号",
        "several estates share that name; use the code",
    ),
    SkipReason.BAD_VALUE: ("属性值无效", "a property value is not valid"),
    SkipReason.NOT_A_FEATURE: ("不是要素（Feature）", "not a Feature"),
    SkipReason.BAD_PROPERTIES: ("属性（properties）不是对象", "its properties are not an object"),
    SkipReason.TOO_MANY_VERTICES: (
        f"图形的点太多（最多 {GEOJSON_MAX_VERTICES} 个）",
        f"the geometry has too many points (at most {GEOJSON_MAX_VERTICES})",
    ),
    GeometryProblem.UNSUPPORTED: (
        "图形类型不支持（只接受点、面、多面）",
        "unsupported geometry type (Point, Polygon, MultiPolygon only)",
    ),
    GeometryProblem.TOO_FEW_POINTS: ("面的点数太少", "too few points in a ring"),
    GeometryProblem.NOT_CLOSED: ("面没有闭合", "a ring is not closed"),
    GeometryProblem.OUT_OF_RANGE: (
        "坐标超出经纬度范围",
        "coordinates outside the longitude/latitude range",
    ),
    GeometryProblem.SELF_INTERSECTION: ("面自相交", "a ring crosses itself"),
    GeometryProblem.BAD_COORDINATES: (
        "坐标无法读取（每个点须是两个数字）",
        "unreadable coordinates (each point must be two numbers)",
    ),
}


@dataclass
class ImportReport:
    estates_created: int = 0
    estates_updated: int = 0
    buildings_created: int = 0
    buildings_updated: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    cancelled: bool = False


class _Cancelled(Exception):
    """Raised inside the transaction so a cancelled import leaves the file untouched."""


def _estate_changes(feature: ImportFeature, has_point: bool) -> dict[str, Any]:
    fields = feature.fields
    changes: dict[str, Any] = {"name": fields["name"]}
    changes.update(
        {k: fields[k] for k in ("district", "street", "community", "address") if fields[k]}
    )
    if feature.geometry["type"] == "Point":
        changes["lon"], changes["lat"] = feature.geometry["coordinates"]
    else:
        changes["boundary"] = feature.geometry
        if (
            not has_point
        ):  # an estate drawn only as an area still gets its point, for the map and QGIS
            changes["lon"], changes["lat"] = centroid(feature.geometry)
    return changes


def _import_estate(project: Project, feature: ImportFeature, report: ImportReport) -> None:
    code = feature.fields["code"]
    matches = geo_store.estate_matches(project.db, code, feature.fields["name"])
    if len(matches) > 1:
        report.skipped.append(
            Skipped(feature.index, SkipReason.AMBIGUOUS_ESTATE, feature.fields["name"])
        )
        return
    if matches:
        estate = project.estates.get(matches[0])
        project.estates.update(estate.uuid, **_estate_changes(feature, estate.lon is not None))
        report.estates_updated += 1
        return
    changes = _estate_changes(feature, False)
    district = changes.pop("district", "")
    if not district:
        report.skipped.append(
            Skipped(feature.index, SkipReason.NO_DISTRICT, feature.fields["name"])
        )
        return
    project.estates.create(changes.pop("name"), district, code=code or None, **changes)
    report.estates_created += 1


def _import_building(project: Project, feature: ImportFeature, report: ImportReport) -> None:
    ref = feature.fields["estate"]
    matches = geo_store.estate_matches(project.db, ref, ref) if ref else []
    if len(matches) != 1:
        reason = SkipReason.AMBIGUOUS_ESTATE if matches else SkipReason.NO_ESTATE
        report.skipped.append(Skipped(feature.index, reason, feature.fields["name"]))
        return
    values: dict[str, Any] = {"geometry": feature.geometry}
    if feature.fields["storeys"]:
        values["storeys"] = feature.fields["storeys"]
    existing = geo_store.building_named(project.db, matches[0], feature.fields["name"])
    if existing:
        project.buildings.update(existing, **values)
        report.buildings_updated += 1
    else:
        project.buildings.create(matches[0], feature.fields["name"], **values)
        report.buildings_created += 1


def import_geojson(
    project: Project,
    path: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Estates first, then buildings (so a building may name an estate made by the same file)."""
    features, skipped = parse_features(load_document(path))
    report = ImportReport(skipped=list(skipped))
    ordered = [f for f in features if f.kind == "estate"] + [
        f for f in features if f.kind == "building"
    ]
    try:
        with project.write():
            for done, feature in enumerate(ordered):
                if cancelled and cancelled():
                    raise _Cancelled
                try:
                    step = _import_building if feature.kind == "building" else _import_estate
                    step(project, feature, report)
                except RetrofitError as error:
                    # A bad value (a code with spaces, storeys = "七") skips the feature, not the file.
                    report.skipped.append(
                        Skipped(feature.index, SkipReason.BAD_VALUE, error.sentence())
                    )
                if progress:
                    progress(done + 1, len(ordered))
    except _Cancelled:
        return ImportReport(skipped=report.skipped, cancelled=True)
    report.skipped.sort(key=lambda s: s.index)
    return report


def describe_skip(skip: Skipped, language: str = "zh") -> str:
    """One line per skipped feature, numbered from 1 as a person counts them."""
    zh, en = SKIP_LABELS.get(skip.reason, (skip.reason, skip.reason))
    skip = Skipped(skip.index, skip.reason, shortened(skip.detail, 60))  # a name may be a megabyte
    if language.startswith("en"):
        detail = f" ({skip.detail})" if skip.detail else ""
        return f"feature {skip.index + 1}{detail}: {en}"
    detail = f"（{skip.detail}）" if skip.detail else ""
    return f"第 {skip.index + 1} 个要素{detail}：{zh}"
