"""An estate's map as a PNG for reports: basemap if any, boundary, buildings coloured by status, north arrow, scale bar."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageDraw, ImageFont

from retrofit_app.core.geo.gcj02 import wgs84_to_gcj02
from retrofit_app.core.geo.map_data import outer_points
from retrofit_app.core.geo.mbtiles import MBTiles
from retrofit_app.core.geo.mercator import (
    ground_metres,
    tile_bounds,
    tile_of,
    to_lon_lat,
    to_mercator,
    zoom_for_resolution,
)
from retrofit_app.core.geo.scale_bar import nice_length, scale_text

if TYPE_CHECKING:
    from retrofit_app.core.model import Building
    from retrofit_app.core.project import Project

Colour = tuple[int, int, int]
_Font = ImageFont.ImageFont | ImageFont.FreeTypeFont
_SUPERSAMPLE = 2  # Pillow draws polygons without antialiasing: draw twice as big, then shrink
_BOUNDARY: Colour = (192, 57, 43)
_BUILDING: Colour = (150, 160, 170)
_BACKGROUND: Colour = (242, 239, 233)


def _font(size: int, font_path: Path | None) -> _Font | None:
    from retrofit_app.core.reports.fonts import system_candidates

    for candidate in ([font_path] if font_path else []) + system_candidates():
        if candidate and Path(candidate).is_file():
            try:
                return ImageFont.truetype(str(candidate), size)
            except OSError:
                continue
    return None  # no CJK font: names are left out rather than drawn as boxes


class _Frame:
    """Mercator metres -> pixels of the (supersampled) image."""

    def __init__(
        self, points: list[tuple[float, float]], width: int, height: int, gcj02: bool
    ) -> None:
        self.gcj02 = gcj02
        xy = [self.mercator(lon, lat) for lon, lat in points]
        min_x, max_x = min(p[0] for p in xy), max(p[0] for p in xy)
        min_y, max_y = min(p[1] for p in xy), max(p[1] for p in xy)
        # 15 % margin each side, and never closer than 150 m across (a lone point).
        span_x = max(max_x - min_x, 150.0) * 1.3
        span_y = max(max_y - min_y, 150.0) * 1.3
        self.scale = min(width / span_x, height / span_y)  # pixels per Mercator metre
        self.cx, self.cy = (min_x + max_x) / 2, (min_y + max_y) / 2
        self.width, self.height = width, height

    def mercator(self, lon: float, lat: float) -> tuple[float, float]:
        if self.gcj02:
            lon, lat = wgs84_to_gcj02(lon, lat)
        return to_mercator(lon, lat)

    def px(self, x: float, y: float) -> tuple[float, float]:
        return self.width / 2 + (x - self.cx) * self.scale, self.height / 2 - (
            y - self.cy
        ) * self.scale

    def lon_lat(self, lon: float, lat: float) -> tuple[float, float]:
        return self.px(*self.mercator(lon, lat))


def _draw_basemap(image: Image.Image, frame: _Frame, basemap: MBTiles) -> int:
    zoom = basemap.best_zoom(zoom_for_resolution(1 / frame.scale))
    half_w, half_h = frame.width / 2 / frame.scale, frame.height / 2 / frame.scale
    col0, row0 = tile_of(frame.cx - half_w, frame.cy + half_h, zoom)
    col1, row1 = tile_of(frame.cx + half_w, frame.cy - half_h, zoom)
    pasted = 0
    for col in range(col0, col1 + 1):
        for row in range(row0, row1 + 1):
            data = basemap.tile(zoom, col, row)
            if not data:
                continue
            try:
                tile = Image.open(io.BytesIO(data)).convert("RGB")
            except OSError:
                continue  # a damaged tile leaves a gap
            x0, y0, x1, y1 = tile_bounds(col, row, zoom)
            left, top = frame.px(x0, y1)
            right, bottom = frame.px(x1, y0)
            size = (max(1, round(right - left)), max(1, round(bottom - top)))
            image.paste(tile.resize(size, Image.Resampling.BILINEAR), (round(left), round(top)))
            pasted += 1
    return pasted


def _rings(geometry: dict | None) -> list[list]:
    if not geometry:
        return []
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def _north_arrow(draw: ImageDraw.ImageDraw, x: float, y: float, s: float, font: _Font) -> None:
    draw.polygon([(x, y - 18 * s), (x + 8 * s, y + 8 * s), (x, y + 2 * s)], fill=(0, 0, 0))
    draw.polygon(
        [(x, y - 18 * s), (x - 8 * s, y + 8 * s), (x, y + 2 * s)],
        fill=(255, 255, 255),
        outline=(0, 0, 0),
    )
    draw.text((x, y - 22 * s), "N", fill=(0, 0, 0), anchor="ms", font=font)


def _scale_bar(draw: ImageDraw.ImageDraw, frame: _Frame, lat: float, s: float, font: _Font) -> None:
    ground_per_px = ground_metres(1 / frame.scale, lat)
    length = nice_length(frame.width / 4 * ground_per_px)
    px = length / ground_per_px
    x, y = 12 * s, frame.height - 14 * s
    draw.rectangle((x - 6 * s, y - 24 * s, x + px + 6 * s, y + 6 * s), fill=(255, 255, 255))
    draw.line((x, y, x + px, y), fill=(0, 0, 0), width=round(2 * s))
    for end in (x, x + px):
        draw.line((end, y - 5 * s, end, y), fill=(0, 0, 0), width=round(2 * s))
    draw.text((x + px / 2, y - 6 * s), scale_text(length), fill=(0, 0, 0), anchor="ms", font=font)


def render_estate_png(
    project: Project,
    estate_uuid: str,
    size: tuple[int, int] = (1200, 800),
    *,
    basemap: MBTiles | None = None,
    gcj02: bool = False,
    building_colours: dict[str, Colour] | None = None,
    font_path: Path | None = None,
) -> bytes | None:
    """The PNG bytes, or None when the estate has nothing to draw (no point, boundary or buildings).

    `building_colours` (building uuid -> RGB) shows a status per building, e.g. the consultation
    result of its units; `gcj02` shifts our WGS-84 data onto a GCJ-02 basemap.
    """
    estate = project.estates.get(estate_uuid)
    buildings = [(b, b.geometry) for b in project.buildings.of_estate(estate_uuid) if b.geometry]
    spot = (estate.lon, estate.lat) if estate.lon is not None and estate.lat is not None else None
    points = _points(spot, estate.boundary, [geometry for _b, geometry in buildings])
    if not points:
        return None
    s = _SUPERSAMPLE
    frame = _Frame(points, size[0] * s, size[1] * s, gcj02)
    image = Image.new("RGB", (frame.width, frame.height), _BACKGROUND)
    if basemap is not None:
        _draw_basemap(image, frame, basemap)
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    _draw_boundary(draw, frame, estate.boundary)
    font = _font(13 * s, font_path)
    _draw_buildings(draw, frame, buildings, building_colours or {}, font)
    if spot and not estate.boundary and not buildings:
        _draw_spot(draw, frame, spot)
    image = Image.alpha_composite(image.convert("RGBA"), overlay)
    draw = ImageDraw.Draw(image)
    small = _font(12 * s, font_path) or ImageFont.load_default()
    _north_arrow(draw, frame.width - 26 * s, 44 * s, s, small)
    _scale_bar(draw, frame, to_lon_lat(frame.cx, frame.cy)[1], s, small)
    out = io.BytesIO()
    image.convert("RGB").resize(size, Image.Resampling.LANCZOS).save(out, "PNG", optimize=True)
    return out.getvalue()


def _points(
    spot: tuple[float, float] | None, boundary: dict | None, geometries: list[dict[str, Any]]
) -> list[tuple[float, float]]:
    """Every point to frame: the estate's own, its boundary's and its buildings'."""
    points = [spot] if spot else []
    points += outer_points(boundary) if boundary else []
    return points + [p for geometry in geometries for p in outer_points(geometry)]


def _draw_boundary(draw: ImageDraw.ImageDraw, frame: _Frame, boundary: dict | None) -> None:
    s = _SUPERSAMPLE
    for ring in _rings(boundary):
        corners = [frame.lon_lat(p[0], p[1]) for p in ring]
        draw.polygon(corners, fill=(*_BOUNDARY, 40))
        draw.line(corners, fill=(*_BOUNDARY, 255), width=3 * s, joint="curve")


def _draw_buildings(
    draw: ImageDraw.ImageDraw,
    frame: _Frame,
    buildings: list[tuple[Building, dict[str, Any]]],
    colours: dict[str, Colour],
    font: _Font | None,
) -> None:
    """Each building's point or polygons in its status colour, and its name when a font is there."""
    s = _SUPERSAMPLE
    for building, geometry in buildings:
        colour = colours.get(building.uuid, _BUILDING)
        if geometry["type"] == "Point":
            x, y = frame.lon_lat(*geometry["coordinates"][:2])
            draw.ellipse(
                (x - 5 * s, y - 5 * s, x + 5 * s, y + 5 * s),
                fill=(*colour, 255),
                outline=(60, 60, 60, 255),
            )
        for ring in _rings(geometry):
            draw.polygon(
                [frame.lon_lat(p[0], p[1]) for p in ring],
                fill=(*colour, 230),
                outline=(60, 60, 60, 255),
            )
        if font is not None:
            x, y = frame.lon_lat(*_centre(geometry))
            draw.text((x, y), building.name, fill=(20, 20, 20, 255), anchor="mm", font=font,
                      stroke_width=2 * s, stroke_fill=(255, 255, 255, 255))  # fmt: skip


def _draw_spot(draw: ImageDraw.ImageDraw, frame: _Frame, spot: tuple[float, float]) -> None:
    """An estate with only a point: a dot there."""
    s = _SUPERSAMPLE
    x, y = frame.lon_lat(*spot)
    draw.ellipse(
        (x - 7 * s, y - 7 * s, x + 7 * s, y + 7 * s),
        fill=(*_BOUNDARY, 255),
        outline=(255, 255, 255, 255),
    )


def _centre(geometry: dict) -> tuple[float, float]:
    ring = outer_points(geometry)
    body = ring[:-1] if len(ring) > 1 else ring
    return sum(p[0] for p in body) / len(body), sum(p[1] for p in body) / len(body)
