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
from retrofit_app.core.geo.polygon_check import PROBLEM_LABELS
from retrofit_app.core.limits import GEOJSON_MAX_VERTICES
from retrofit_app.core.storage import geo_store
from retrofit_app.core.text_limits import shortened
from retrofit_app.core.words import N_, Msg, say

if TYPE_CHECKING:
    from retrofit_app.core.project import Project

# What the front ends say about a skipped feature: catalogue ids.
SKIP_LABELS: dict[str, str] = {
    SkipReason.NO_NAME: N_("skip.no_name"),
    SkipReason.NO_GEOMETRY: N_("skip.no_geometry"),
    SkipReason.NO_ESTATE: N_("skip.no_estate"),
    SkipReason.NO_DISTRICT: N_("skip.no_district"),
    SkipReason.AMBIGUOUS_ESTATE: N_("skip.ambiguous_estate"),
    SkipReason.BAD_VALUE: N_("skip.bad_value"),
    SkipReason.NOT_A_FEATURE: N_("skip.not_a_feature"),
    SkipReason.BAD_PROPERTIES: N_("skip.bad_properties"),
    SkipReason.TOO_MANY_VERTICES: N_("skip.too_many_vertices"),
    SkipReason.BAD_JSON_LINE: N_("skip.bad_json_line"),
    SkipReason.GEOMETRY_NOT_OBJECT: N_("skip.geometry_not_object"),
    SkipReason.UNSUPPORTED_KIND: N_("skip.unsupported_kind"),
    **PROBLEM_LABELS,
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
    gcj02: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Estates first, then buildings (so a building may name an estate made by the same file).

    `gcj02`: the file's coordinates are GCJ-02 (from a Chinese map picker) and are converted
    to WGS-84 first."""
    features, skipped = parse_features(load_document(path), gcj02=gcj02)
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
    if skip.reason == SkipReason.BAD_ATTRIBUTE:  # a warning: the feature itself was imported
        return say("skip.bad_attribute", language, **skip.params)
    if skip.reason == SkipReason.BAD_JSON_LINE:
        return say("skip.line", language, n=skip.index + 1, reason=skip.params["line"])
    msgid = SKIP_LABELS.get(skip.reason)
    params = {"limit": GEOJSON_MAX_VERTICES, "detail": "", "kind": "", **skip.params}
    reason = Msg(msgid, **params) if msgid else skip.reason
    detail = shortened(skip.detail, 60)  # a name may be a megabyte
    if detail:
        return say("skip.line_detail", language, n=skip.index + 1, detail=detail, reason=reason)
    return say("skip.line", language, n=skip.index + 1, reason=reason)
