"""Photo grid pages (2, 4 or 6 to a page) from the print renditions (annotated when drawn on), with captions."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.limits import ADDRESS_MAX_CHARS, NAME_MAX_CHARS
from retrofit_app.core.reports.layout import FRAME_HEIGHT, FRAME_WIDTH
from retrofit_app.core.reports.stored_jpeg import StoredJpeg, jpeg_size
from retrofit_app.core.reports.styles import RULE, Styles, para, table_style
from retrofit_app.core.reports.wording import Wording
from retrofit_app.core.storage import report_queries
from retrofit_app.core.text_limits import shortened

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
    """The photos whose report picture is a readable JPEG, each with its pixel "size" and "data",
    a function reading the picture again when the PDF places it.

    The picture is the photos service's (report_rendition): the annotated rendition when
    someone drew on the photo, else the print rendition; never the original. Only its size
    and fingerprint are kept: the PDF holds each photo scaled to its printed size (a tenth
    of the rendition), so a 500-photo report no longer holds every rendition in memory.
    """
    ready: list[dict[str, Any]] = []
    for done, photo in enumerate(photos, start=1):
        if cancelled and cancelled():
            break
        read = _picture_reader(project, photo["data_fid"], photo["picture"])
        data = read(None)
        size = jpeg_size(data)
        if size:
            print_check = hashlib.blake2b(data, digest_size=16).digest()
            ready.append({**photo, "size": size, "data": partial(read, print_check)})
        if progress:
            progress(done, len(photos))
    return ready


def _picture_reader(project: Project, fid: int, column: str) -> Callable[[bytes | None], bytes]:
    """Reads the picture; given the fingerprint it had when chosen, refuses one changed since
    (a photo drawn on or removed while the report builds): the report prints what its digest names."""

    def read(check: bytes | None) -> bytes:
        try:
            with project.read():
                data = report_queries.report_picture(project.db, fid, column)
        except sqlite3.Error:  # its row went away
            data = b""
        if check is not None and hashlib.blake2b(data, digest_size=16).digest() != check:
            raise RetrofitError(ErrorCode.REPORT_DATA_CHANGED)
        return data

    return read


def caption(photo: dict[str, Any], number: int, words: Wording) -> str:
    """图3 · 2幢 · 改造后 · caption, the date 2026-05-04 below: the fixed parts in the report's language."""
    parts = [
        words("photo.figure", n=number),
        shortened(photo.get("building"), NAME_MAX_CHARS),  # (old files may hold longer ones)
        words.keyed("photo", photo.get("stage_tag") or "-"),
        shortened(photo.get("caption"), ADDRESS_MAX_CHARS),
    ]
    text = " · ".join(p for p in parts if p)
    # The date on a line of its own: CJK wrapping would otherwise break it anywhere (2025-03-1 / 0).
    return f"{text}\n{str(photo['taken_at'])[:10]}" if photo.get("taken_at") else text


def placed(
    written: list[dict[str, Any]], slots: list[dict[str, Any] | None] | None
) -> list[dict[str, Any] | None] | None:
    """`slots` with each photo replaced by its prepared row; one whose picture is unreadable left out."""
    if slots is None:
        return None
    ready = {p["uuid"]: p for p in written}
    kept = [s for s in slots if s is None or s["uuid"] in ready]
    return [None if s is None else ready[s["uuid"]] for s in kept]


def figure_numbers(slots: list[dict[str, Any] | None]) -> dict[str, int]:
    """Each placed photo's figure number (图1, 图2 …), in the order the grid prints them."""
    return {s["uuid"]: n for n, s in enumerate((s for s in slots if s is not None), start=1)}


def fitted_image(photo: dict[str, Any], box_w: float, box_h: float) -> StoredJpeg:
    width, height = photo["size"]
    scale = min(box_w / width, box_h / height)
    return StoredJpeg(photo["uuid"], photo["data"], width * scale, height * scale, (width, height))


def before_after_slots(photos: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
    """Grid slots: per building the n-th before beside the n-th after, then the rest.

    The photo pipeline files pictures of the same spot as the n-th before and n-th
    after of a building; a pair always starts a grid row (None is an empty slot), so
    with two columns each pair sits side by side, and in a one-column grid one above
    the other.
    """
    slots: list[dict[str, Any] | None] = []
    groups: dict[str, list[dict[str, Any]]] = {}
    for photo in photos:
        groups.setdefault(photo.get("building") or "", []).append(photo)
    for group in groups.values():
        before = [p for p in group if p["stage_tag"] == "before"]
        after = [p for p in group if p["stage_tag"] == "after"]
        pairs = min(len(before), len(after))
        for b, a in zip(before[:pairs], after[:pairs], strict=True):
            slots += [b, a]
        rest = before[pairs:] + [p for p in group if p["stage_tag"] == "during"] + after[pairs:]
        slots += rest + [None] * (len(rest) % 2)
    while slots and slots[-1] is None:
        slots.pop()
    return slots


def photo_grid_pages(
    styles: Styles,
    words: Wording,
    photos: list[dict[str, Any]],
    per_page: int,
    heading: Flowable,
    slots: list[dict[str, Any] | None] | None = None,
) -> list[Flowable]:
    """The photo pages: `heading` on the first, then a grid per page, each photo with its caption.

    `slots` places the photos (None an empty cell); by default each building's before beside after."""
    if not photos:
        return []
    slots = before_after_slots(photos) if slots is None else slots
    numbers: dict[int, int] = {}
    for index, photo in enumerate(slots):
        if photo is not None:
            numbers[index] = len(numbers) + 1
    columns, rows = GRID_SHAPES.get(per_page, GRID_SHAPES[4])
    heading_room = 14 * mm
    cell_w = FRAME_WIDTH / columns
    cell_h = (FRAME_HEIGHT - heading_room) / rows - 2
    story: list[Flowable] = [PageBreak(), heading]
    count = columns * rows
    for start in range(0, len(slots), count):
        if start:
            story.append(PageBreak())
        chunk = slots[start : start + count]
        cells: list[list[object]] = []
        heights: list[float] = []
        used_rows = -(-len(chunk) // columns)  # a last page with fewer photos gets no empty frames
        for r in range(used_rows):
            row = [chunk[r * columns + c] if r * columns + c < len(chunk) else None
                   for c in range(columns)]  # fmt: skip
            paragraphs = {
                c: para(caption(photo, numbers[start + r * columns + c], words), styles.caption)
                for c, photo in enumerate(row)
                if photo is not None
            }
            # a long caption (a long item name, several lines) takes its room from the picture
            caption_h = max(
                [CAPTION_HEIGHT] + [p.wrap(cell_w - 4, cell_h)[1] + 4 for p in paragraphs.values()]
            )
            captions: list[object] = [paragraphs.get(c, "") for c in range(columns)]
            images: list[object] = [
                fitted_image(photo, cell_w - 8, cell_h - caption_h - 8) if photo is not None else ""
                for photo in row
            ]
            cells += [images, captions]
            heights += [cell_h - caption_h, caption_h]
        table = Table(cells, colWidths=[cell_w] * columns, rowHeights=heights)
        table.setStyle(
            table_style(
                styles,
                [
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("BOX", (0, 0), (-1, -1), 0.4, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
                + [
                    ("LINEBELOW", (0, 2 * r + 1), (-1, 2 * r + 1), 0.4, RULE)
                    for r in range(used_rows)
                ]
                + [("LINEAFTER", (c, 0), (c, -1), 0.4, RULE) for c in range(columns - 1)],
            )
        )
        story.append(table)
    return story
