"""A blob the program made (WGS-84) written as its layer declares: in the layer's coordinate
system (a project copy saved in EPSG:3857 stays one CRS for QGIS), and a polygon as a
MultiPolygon of one part where the layer is MULTIPOLYGON (GeoPackage requirement 32)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retrofit_app.core.geo.gpkg_geometry import from_wgs84
from retrofit_app.core.storage import geo_store
from retrofit_app.core.storage.polygon_layers import multi_polygon_blob

if TYPE_CHECKING:
    from sqlite_utils import Database


def in_layer_crs(db: Database, table: str, blob: bytes | None) -> bytes | None:
    """`blob` as `table`'s geometry column declares (unchanged in our own WGS-84 files)."""
    if blob is None:
        return None
    srs_id, kind = geo_store.layer_column(db, table)
    written = from_wgs84(blob, srs_id)
    return None if written is None else _as_kind(written, kind)


def as_layer_kind(db: Database, table: str, blob: bytes) -> bytes:
    """`blob` (in the layer's CRS already) as `table`'s declared geometry type wants it."""
    return _as_kind(blob, geo_store.layer_column(db, table)[1])


def _as_kind(blob: bytes, kind: str) -> bytes:
    return multi_polygon_blob(blob) if kind == "MULTIPOLYGON" else blob
