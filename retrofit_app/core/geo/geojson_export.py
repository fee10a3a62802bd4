"""Write estates (point and boundary), buildings and photo points with their status as one GeoJSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrofit_app.core.geo.gpkg_geometry import point
from retrofit_app.core.geo.map_data import geometry_or_note
from retrofit_app.core.model import STAGE_LABELS, Stage
from retrofit_app.core.storage import geo_store
from retrofit_app.core.words import Msg, say

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


def _feature(geometry: dict[str, Any] | None, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _estate_features(project: Project, notes: list[Msg]) -> list[dict[str, Any]]:
    progress = project.estates.progress_by_estate()
    with project.read():
        counts = geo_store.estate_counts(project.db)
        layer = geo_store.estate_layer(project.db)
    for r in layer:  # an estate's point or boundary that cannot be used is left out, and named
        geometry_or_note(r["geom"], "layer.estates", r["name"], notes)
        geometry_or_note(r["boundary"], "layer.boundaries", r["name"], notes)
    features = []
    for estate in project.estates.list():
        status = {
            "kind": "estate",
            "code": estate.code,
            "name": estate.name,
            "district": estate.district,
            "street": estate.street,
            "community": estate.community,
            "address": estate.address,
            "year_built": estate.year_built,
            "stage": str(estate.stage),
            "stage_label": say(STAGE_LABELS[Stage(estate.stage)], "zh"),
            "progress": round(progress.get(estate.uuid, 0.0), 4),
            **counts.get(estate.uuid, {}),
        }
        if estate.lon is not None and estate.lat is not None:
            features.append(_feature(point(estate.lon, estate.lat), status))
        if estate.boundary is not None:
            features.append(_feature(estate.boundary, {**status, "part": "boundary"}))
    return features


def _building_features(project: Project, notes: list[Msg]) -> list[dict[str, Any]]:
    with project.read():
        found = geo_store.building_layer(project.db)
    drawn = [(r, geometry_or_note(r["geom"], "layer.buildings", r["name"], notes)) for r in found]
    return [
        _feature(
            geometry,
            {
                "kind": "building",
                "name": r["name"],
                "estate_code": r["estate_code"],
                "estate_name": r["estate_name"],
                "storeys": r["storeys"],
                "year_built": r["year_built"],
                "structure": r["structure"],
                "safety_grade": r["safety_grade"],
            },
        )
        for r, geometry in drawn
        if geometry is not None  # NULL, empty, or left out with a note
    ]


def _photo_features(project: Project, notes: list[Msg]) -> list[dict[str, Any]]:
    with project.read():
        found = geo_store.photo_points(project.db)
    features = []
    for r in found:
        name = r["caption"] or r["file_name"]
        geometry = geometry_or_note(r["geom"], "layer.photos", name, notes)
        if geometry is None and r["lon"] is not None and r["lat"] is not None:
            geometry = point(r["lon"], r["lat"])
        if geometry is None:
            continue
        features.append(
            _feature(
                geometry,
                {
                    "kind": "photo",
                    "estate_code": r["estate_code"],
                    "estate_name": r["estate_name"],
                    "stage_tag": r["stage_tag"],
                    "caption": r["caption"],
                    "file_name": r["file_name"],
                    "taken_at": r["taken_at"],
                },
            )
        )
    return features


def project_feature_collection(project: Project, notes: list[Msg] | None = None) -> dict[str, Any]:
    """Every feature; one whose geometry cannot be used is left out with a sentence in `notes`."""
    notes = [] if notes is None else notes
    features = (
        _estate_features(project, notes)
        + _building_features(project, notes)
        + _photo_features(project, notes)
    )
    return {"type": "FeatureCollection", "name": project.path.stem, "features": features}


def export_geojson(project: Project, out: Path, notes: list[Msg] | None = None) -> int:
    """Write the file (UTF-8, RFC 7946 lon/lat order); returns the number of features."""
    document = project_feature_collection(project, notes)
    Path(out).write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(document["features"])
