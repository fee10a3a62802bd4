"""A blob the program made (WGS-84) written in its layer's coordinate system: a project copy saved in EPSG:3857 stays one CRS for QGIS."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retrofit_app.core.geo.gpkg_geometry import from_wgs84
from retrofit_app.core.storage import geo_store

if TYPE_CHECKING:
    from sqlite_utils import Database


def in_layer_crs(db: Database, table: str, blob: bytes | None) -> bytes | None:
    """`blob` as `table`'s geometry column declares (unchanged in our own WGS-84 files)."""
    if blob is None:
        return None
    return from_wgs84(blob, geo_store.layer_srs_id(db, table))
