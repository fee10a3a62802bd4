"""Photo grid pages (2, 4 or 6 to a page) from the print renditions, with captions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from retrofit_app.core.reports.facts import STAGE_TAGS
from retrofit_app.core.reports.layout import FRAME_HEIGHT, FRAME_WIDTH
from retrofit_app.core.reports.stored_jpeg import StoredJpeg, jpeg_size
from retrofit_app.core.reports.styles import RULE, Styles, para
from retrofit_app.core.storage import report_queries

if TYPE_CHECKING:
    from retrofit_app.core.project import Project

GRID_SHAPES = {2: (1, 2), 4: (2, 2), 6: (2, 3)}  # photos per page → (columns, rows)
CAPTION_HEIGHT = 11 * mm


def prepare_photos(
    project: Project,
    photos: list[dict[str, Any]],
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[dict[str, Any]]:
    """The photos whose print rendition is a readable JPEG, each with its pixel "size" and "data".

    Each rendition is read once: the PDF holds every image until it is saved anyway,
    and reaching a rendition stored behind its original is the costly part of a read.
    """
    ready: list[dict[str, Any]] = []
    with project.read():
        for done, photo in enumerate(photos, start=1):
            if cancelled and cancelled():
                break
            data = report_queries.print_rendition(project.db, photo["data_fid"])
            size = jpeg_size(data)
            if size:
                ready.append({**photo, "size": size, "data": data})
            if progress:
                progress(done, len(photos))
    return ready


def caption(photo: dict[str, Any], number: int) -> str:
    parts = [f"图{number}", photo.get("building") or "", STAGE_TAGS.get(photo["stage_tag"], "")]
    parts.append(photo.get("caption") or "")
    if photo.get("taken_at"):
        parts.append(str(photo["taken_at"])[:10])
    return " · ".join(p for p in parts if p)


def fitted_image(photo: dict[str, Any], box_w: float, box_h: float) -> StoredJpeg:
    width, height = photo["size"]
    scale = min(box_w / width, box_h / height)
    return StoredJpeg(photo["uuid"], photo["data"], width * scale, height * scale)


def photo_grid_pages(styles: Styles, photos: list[dict[str, Any]], per_page: int, heading: Flowable) -> list[Flowable]:
    """The photo pages: `heading` on the first, then a grid per page, each photo with its caption."""
    if not photos:
        return []
    columns, rows = GRID_SHAPES.get(per_page, GRID_SHAPES[4])
    heading_room = 14 * mm
    cell_w = FRAME_WIDTH / columns
    cell_h = (FRAME_HEIGHT - heading_room) / rows - 2
    story: list[Flowable] = [PageBreak(), heading]
    count = columns * rows
    for start in range(0, len(photos), count):
        if start:
            story.append(PageBreak())
        chunk = photos[start : start + count]
        cells: list[list[object]] = []
        used_rows = -(-len(chunk) // columns)  # a last page with fewer photos gets no empty frames
        for r in range(used_rows):
            images, captions = [], []
            for c in range(columns):
                index = r * columns + c
                if index < len(chunk):
                    photo = chunk[index]
                    images.append(fitted_image(photo, cell_w - 8, cell_h - CAPTION_HEIGHT - 8))
                    captions.append(para(caption(photo, start + index + 1), styles.caption))
                else:
                    images.append("")
                    captions.append("")
            cells += [images, captions]
        heights = [cell_h - CAPTION_HEIGHT, CAPTION_HEIGHT] * used_rows
        table = Table(cells, colWidths=[cell_w] * columns, rowHeights=heights)
        table.setStyle(
            TableStyle(
                [
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("BOX", (0, 0), (-1, -1), 0.4, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
                + [("LINEBELOW", (0, 2 * r + 1), (-1, 2 * r + 1), 0.4, RULE) for r in range(used_rows)]
                + [("LINEAFTER", (c, 0), (c, -1), 0.4, RULE) for c in range(columns - 1)]
            )
        )
        story.append(table)
    return story
