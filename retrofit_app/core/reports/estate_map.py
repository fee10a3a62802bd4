"""A simple estate map for reports: boundary, building footprints and names, north arrow, scale bar."""

from __future__ import annotations

import math
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from retrofit_app.core.geo.gpkg_geometry import bounds
from retrofit_app.core.reports.styles import MUTED, XIAO_WU
from retrofit_app.core.reports.wording import Wording

_M_PER_DEG = 111_320.0
_BOUNDARY = colors.HexColor("#c0392b")
_FOOTPRINT = colors.HexColor("#d5dde5")
_EDGE = colors.HexColor("#34495e")


def _rings(geometry: dict[str, Any] | None) -> list[list[list[float]]]:
    if not geometry:
        return []
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [poly[0] for poly in geometry["coordinates"]]
    return []


def _nice_length(metres: float) -> int:
    """A round scale-bar length no longer than `metres`."""
    for step in (500, 200, 100, 50, 20, 10, 5):
        if step <= metres:
            return step
    return 5


def estate_map(
    font: str,
    words: Wording,
    boundary: dict[str, Any] | None,
    buildings: list[dict[str, Any]],
    width: float,
    height: float = 110 * mm,
) -> Drawing | None:
    """The drawing, or None when the estate has no boundary and no mapped buildings."""
    shapes = [("boundary", r) for r in _rings(boundary)]
    shapes += [(b["name"], r) for b in buildings for r in _rings(b.get("geometry"))]
    points = [p for _, ring in shapes for p in ring]
    if not points:
        return None
    min_x, min_y, max_x, max_y = bounds({"type": "LineString", "coordinates": points})
    lat0 = (min_y + max_y) / 2
    kx = _M_PER_DEG * math.cos(math.radians(lat0))
    span_x = max((max_x - min_x) * kx, 1.0)
    span_y = max((max_y - min_y) * _M_PER_DEG, 1.0)
    pad = 8 * mm
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)  # points per metre
    off_x = (width - span_x * scale) / 2
    off_y = (height - span_y * scale) / 2

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return off_x + (lon - min_x) * kx * scale, off_y + (lat - min_y) * _M_PER_DEG * scale

    # The drawing's own font, or renderPDF starts in Helvetica and the PDF names it unembedded.
    drawing = Drawing(width, height, initialFontName=font)
    drawing.add(Rect(0, 0, width, height, strokeColor=MUTED, strokeWidth=0.5, fillColor=None))
    for name, ring in shapes:
        flat = [c for lon, lat, *_ in ring for c in xy(lon, lat)]
        if name == "boundary":
            drawing.add(
                Polygon(
                    flat,
                    strokeColor=_BOUNDARY,
                    strokeWidth=1.2,
                    strokeDashArray=[4, 2],
                    fillColor=None,
                )
            )
            continue
        drawing.add(Polygon(flat, strokeColor=_EDGE, strokeWidth=0.6, fillColor=_FOOTPRINT))
        cx = sum(flat[0::2][:-1]) / max(len(ring) - 1, 1)
        cy = sum(flat[1::2][:-1]) / max(len(ring) - 1, 1)
        drawing.add(
            String(cx, cy - XIAO_WU / 3, name, fontName=font, fontSize=XIAO_WU, textAnchor="middle")
        )
    _north_arrow(drawing, font, words("map.north"), width - 12 * mm, height - 16 * mm)
    bar = _nice_length((width / 4) / scale)
    drawing.add(Line(6 * mm, 6 * mm, 6 * mm + bar * scale, 6 * mm, strokeWidth=1.5))
    drawing.add(String(6 * mm, 8 * mm, words("map.metres", n=bar), fontName=font, fontSize=XIAO_WU))
    return drawing


def _north_arrow(drawing: Drawing, font: str, label: str, x: float, y: float) -> None:
    drawing.add(
        Polygon(
            [x, y + 10 * mm, x - 2.5 * mm, y, x + 2.5 * mm, y], fillColor=_EDGE, strokeColor=_EDGE
        )
    )
    drawing.add(String(x, y - 4 * mm, label, fontName=font, fontSize=XIAO_WU, textAnchor="middle"))
