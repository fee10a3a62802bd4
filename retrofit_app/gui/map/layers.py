"""Builds and restyles the map's vector layers: estate areas and points, buildings, photos, labels, reference layers."""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsScene

from retrofit_app.core.geo.map_data import MapData
from retrofit_app.gui.map.batch import ShapeBatchItem
from retrofit_app.gui.map.items import KIND_ROLE, UUID_ROLE, LabelItem, MarkerItem, TextMetrics
from retrofit_app.gui.map.projection import MapProjection
from retrofit_app.gui.map.themes import ThemeResult

BUILDING_LABEL_SCALE = 0.6  # building names show from 0.6 px per metre (a 60 m block ≈ 36 px)
LAYER_NAMES = ("estates", "buildings", "photos", "labels", "reference")
_Z = {"reference": 1, "estates": 2, "buildings": 3, "photos": 5, "labels": 6}
_PHOTO_COLOUR = QColor("#E69F00")
_REFERENCE_COLOURS = [QColor("#4A90D9"), QColor("#7F7F7F"), QColor("#A0522D"), QColor("#2E8B57")]


def _pen(colour: QColor, width: float) -> QPen:
    pen = QPen(colour, width)
    pen.setCosmetic(True)  # width in pixels at every zoom
    return pen


def _building_style(colour: QColor | None) -> tuple[QPen, QBrush]:
    """Grey footprints, or the theme's colour (a building's consultation status) when it has one.
    Styles are shared: thousands of buildings take a handful of colours."""
    return _building_style_of(None if colour is None else colour.rgba())


@functools.cache
def _building_style_of(rgba: int | None) -> tuple[QPen, QBrush]:
    colour = None if rgba is None else QColor.fromRgba(rgba)
    if colour is None:
        return _pen(QColor("#555555"), 1), QBrush(QColor(90, 90, 90, 110))
    fill = QColor(colour)
    fill.setAlpha(210)
    return _pen(QColor(colour).darker(150), 1), QBrush(fill)


def _area_style(colour: QColor, emphasised: bool) -> tuple[QPen, QBrush]:
    fill = QColor(colour)
    fill.setAlpha(90 if emphasised else 55)
    return _pen(QColor("black") if emphasised else colour, 3 if emphasised else 1), QBrush(fill)


def polygon_path(projection: MapProjection, geometry: dict[str, Any]) -> QPainterPath:
    """Polygon, MultiPolygon (holes by odd-even fill), LineString or MultiLineString as one path."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        rings = coords
    elif kind == "MultiPolygon":
        rings = [ring for polygon in coords for ring in polygon]
    elif kind in ("LineString", "MultiLineString"):
        for line in [coords] if kind == "LineString" else coords:
            if line:
                path.moveTo(projection.to_scene(*line[0][:2]))
                for p in line[1:]:
                    path.lineTo(projection.to_scene(*p[:2]))
        return path
    else:
        return path
    for ring in rings:
        path.addPolygon(projection.ring(ring))
        path.closeSubpath()
    return path


class MapLayers:
    """Owns the vector items of one scene; rebuilt when the data or the projection changes."""

    def __init__(self, scene: QGraphicsScene, projection: MapProjection) -> None:
        self.scene = scene
        self.projection = projection
        self.items: dict[str, list[QGraphicsItem]] = {name: [] for name in LAYER_NAMES}
        self.estate_batch = ShapeBatchItem()
        self.building_batch = ShapeBatchItem()
        self.estate_points: dict[str, MarkerItem] = {}
        self.visible = dict.fromkeys(LAYER_NAMES, True)
        # The application's font: a larger system font (Windows' "make text bigger") reaches
        # the map's labels too; a fixed 9 pt stayed tiny beside the rest of the window.
        self.label_metrics = TextMetrics(QFont())
        self.highlighted: str | None = None
        self.reference_sources: list[list[dict[str, Any]]] = []

    def clear(self, *, keep_reference: bool = True) -> None:
        for name, found in self.items.items():
            if keep_reference and name == "reference":
                continue
            for item in found:
                self.scene.removeItem(item)
            found.clear()
        self.estate_points.clear()

    def _add(self, layer: str, item: QGraphicsItem, kind: str = "", uuid: str = "") -> None:
        item.setZValue(_Z[layer])
        item.setData(KIND_ROLE, kind)
        item.setData(UUID_ROLE, uuid)
        item.setVisible(self.visible[layer])
        self.scene.addItem(item)
        self.items[layer].append(item)

    def build(self, data: MapData, theme: ThemeResult) -> None:
        self.clear()
        p = self.projection
        self.estate_batch = ShapeBatchItem()
        self.building_batch = ShapeBatchItem()
        for estate in data.estates:
            colour = theme.colours.get(estate.uuid, QColor("gray"))
            if estate.boundary:
                pen, brush = _area_style(colour, estate.uuid == self.highlighted)
                self.estate_batch.add(estate.uuid, polygon_path(p, estate.boundary), pen, brush)
            if estate.point:
                marker = MarkerItem(p.to_scene(*estate.point), colour)
                marker.set_emphasised(estate.uuid == self.highlighted)
                self._add("estates", marker, "estate", estate.uuid)
                # Above buildings and photo markers: zoomed out, the estate is what a click means.
                marker.setZValue(_Z["photos"] + 0.5)
                self.estate_points[estate.uuid] = marker
            spot = estate.point or (estate.boundary and _ring_centre(estate.boundary))
            if spot:
                self._add(
                    "labels",
                    LabelItem(p.to_scene(*spot), estate.name, self.label_metrics),
                    uuid=estate.uuid,
                )
        self._add("estates", self.estate_batch, "estate")
        for building in data.buildings:
            if building.geometry["type"] == "Point":
                spot = p.to_scene(*building.geometry["coordinates"][:2])
                marker = MarkerItem(spot, QColor("#666666"), 3.5)
                marker.setToolTip(building.name)
                self._add("buildings", marker, "building", building.uuid)
            else:
                pen, brush = _building_style(theme.building_colours.get(building.uuid))
                self.building_batch.add(
                    building.uuid, polygon_path(p, building.geometry), pen, brush
                )
                label = LabelItem(
                    p.to_scene(*_ring_centre(building.geometry)),
                    building.name,
                    self.label_metrics,
                    centred=True,
                    min_scale=BUILDING_LABEL_SCALE,
                )
                self._add("labels", label, uuid=building.estate_uuid)
        self._add("buildings", self.building_batch, "building")
        for photo in data.photos:
            marker = MarkerItem(p.to_scene(photo.lon, photo.lat), _PHOTO_COLOUR, 4.5, diamond=True)
            marker.setToolTip(photo.caption)
            self._add("photos", marker, "photo", photo.uuid)
        self._rebuild_reference()

    def recolour(self, theme: ThemeResult) -> None:
        for shape in self.estate_batch.shapes:
            colour = theme.colours.get(shape.uuid, QColor("gray"))
            self.estate_batch.set_style(
                shape.uuid, *_area_style(colour, shape.uuid == self.highlighted)
            )
        for uuid, marker in self.estate_points.items():
            marker.set_colour(theme.colours.get(uuid, QColor("gray")))
        for shape in self.building_batch.shapes:
            self.building_batch.set_style(
                shape.uuid, *_building_style(theme.building_colours.get(shape.uuid))
            )

    def highlight(self, uuid: str | None, theme: ThemeResult) -> None:
        self.highlighted = uuid
        self.recolour(theme)
        for key, marker in self.estate_points.items():
            marker.set_emphasised(key == uuid)

    def set_visible(self, layer: str, on: bool) -> None:
        self.visible[layer] = on
        for item in self.items[layer]:
            item.setVisible(on)

    def declutter(self, px_per_unit: float) -> int:
        """Hide labels that would overlap one already placed at this zoom (the selected estate's first);
        returns how many are shown. Greedy over a coarse screen grid, so it stays linear."""
        labels = [i for i in self.items["labels"] if isinstance(i, LabelItem)]
        # The selected estate first, then estate names before building names.
        labels.sort(key=lambda item: (item.data(UUID_ROLE) != self.highlighted, item.min_scale > 0))
        cell = 64.0
        grid: dict[tuple[int, int], list[QRectF]] = {}
        shown = 0
        for label in labels:
            if px_per_unit < label.min_scale:
                label.setVisible(False)
                continue
            box = label.boundingRect()
            rect = QRectF(
                label.pos().x() * px_per_unit + box.x(),
                label.pos().y() * px_per_unit + box.y(),
                box.width(),
                box.height(),
            )
            cells = [
                (cx, cy)
                for cx in range(int(rect.left() // cell), int(rect.right() // cell) + 1)
                for cy in range(int(rect.top() // cell), int(rect.bottom() // cell) + 1)
            ]
            free = not any(rect.intersects(other) for c in cells for other in grid.get(c, ()))
            label.setVisible(free and self.visible["labels"])
            if free:
                shown += 1
                for c in cells:
                    grid.setdefault(c, []).append(rect)
        return shown

    def batches(self) -> list[ShapeBatchItem]:
        """The polygon layers that answer clicks, top first (only the visible ones)."""
        return [b for b in (self.building_batch, self.estate_batch) if b.isVisible()]

    def estate_rect(self, uuid: str) -> QRectF | None:
        area = self.estate_batch.rect_of(uuid)
        if area is not None:
            return area
        if uuid in self.estate_points:
            centre = self.estate_points[uuid].pos()
            return QRectF(centre - QPointF(150, 150), centre + QPointF(150, 150))
        return None

    def extent(self) -> QRectF:
        """The scene rectangle holding every estate, building and photo (markers count by position)."""
        rect = QRectF()
        for layer in ("estates", "buildings", "photos"):
            for item in self.items[layer]:
                if isinstance(item, MarkerItem):
                    rect = rect.united(QRectF(item.pos(), item.pos()).adjusted(-1, -1, 1, 1))
                elif isinstance(item, ShapeBatchItem) and item.shapes:
                    rect = rect.united(item.boundingRect())
        return rect

    # ------------------------------------------------------------ reference layers
    def add_reference(self, geometries: list[dict[str, Any]]) -> None:
        self.reference_sources.append(geometries)
        self._rebuild_reference()

    def _rebuild_reference(self) -> None:
        for item in self.items["reference"]:
            self.scene.removeItem(item)
        self.items["reference"].clear()
        for index, geometries in enumerate(self.reference_sources):
            colour = _REFERENCE_COLOURS[index % len(_REFERENCE_COLOURS)]
            for geometry in geometries:
                if geometry.get("type") in ("Point", "MultiPoint"):
                    coords = geometry["coordinates"]
                    for spot in [coords] if geometry["type"] == "Point" else coords:
                        self._add(
                            "reference", MarkerItem(self.projection.to_scene(*spot[:2]), colour, 3)
                        )
                    continue
                item = QGraphicsPathItem(polygon_path(self.projection, geometry))
                item.setPen(_pen(colour, 2 if "Line" in str(geometry.get("type")) else 1))
                if "Polygon" in str(geometry.get("type")):
                    fill = QColor(colour)
                    fill.setAlpha(40)
                    item.setBrush(fill)
                self._add("reference", item)


def _ring_centre(geometry: dict[str, Any]) -> tuple[float, float]:
    coords = geometry["coordinates"]
    ring = coords[0] if geometry["type"] == "Polygon" else coords[0][0]
    xs = [q[0] for q in ring[:-1]]
    ys = [q[1] for q in ring[:-1]]
    return sum(xs) / len(xs), sum(ys) / len(ys)
