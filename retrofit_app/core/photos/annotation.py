"""Annotations over a photo: arrows, circles, rectangles and text, drawn onto a copy of the print rendition.

Shapes are kept as data (JSON) with coordinates as fractions of the upright picture
(0..1), so they can be edited or removed later and do not depend on a rendition's size.
The original bytes are never touched.
"""

from __future__ import annotations

import functools
import math
import re
from io import BytesIO
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from retrofit_app.core.errors import ErrorCode, RetrofitError

KINDS = ("arrow", "circle", "rect", "text")
DEFAULT_COLOUR = "#E53935"
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
ANNOTATED_QUALITY = 88


def clean_shapes(shapes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Checked, normalised copies of `shapes`; an impossible shape is refused with a sentence."""
    cleaned = []
    for shape in shapes:
        kind = shape.get("kind")
        if kind not in KINDS:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field="annotation kind", value=kind)
        try:
            points = [float(shape.get(k, 0.0)) for k in ("x1", "y1", "x2", "y2")]
        except (TypeError, ValueError) as error:
            raise RetrofitError(
                ErrorCode.INVALID_VALUE, field="annotation position", value=shape
            ) from error
        if not all(-0.5 <= p <= 1.5 and math.isfinite(p) for p in points):
            raise RetrofitError(ErrorCode.INVALID_VALUE, field="annotation position", value=points)
        colour = str(shape.get("colour") or DEFAULT_COLOUR)
        if not _COLOUR.match(colour):
            raise RetrofitError(ErrorCode.INVALID_VALUE, field="annotation colour", value=colour)
        text = str(shape.get("text") or "").strip()
        if kind == "text" and not text:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field="annotation text", value="''")
        cleaned.append(
            dict(
                zip(("x1", "y1", "x2", "y2"), points, strict=True),
                kind=kind,
                colour=colour,
                text=text,
            )
        )
    return cleaned


@functools.lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A CJK TrueType font (the same system list the PDF reports use), else Pillow's own."""
    from retrofit_app.core.reports.fonts import system_candidates

    for path in system_candidates():
        if path.exists():
            try:
                return ImageFont.truetype(str(path), size)
            except OSError:
                continue
    return ImageFont.load_default(size)


def _arrow(
    draw: ImageDraw.ImageDraw,
    a: tuple[float, float],
    b: tuple[float, float],
    colour: str,
    width: int,
) -> None:
    draw.line([a, b], fill=colour, width=width)
    angle = math.atan2(b[1] - a[1], b[0] - a[0])
    head = width * 4
    left = (b[0] - head * math.cos(angle - 0.45), b[1] - head * math.sin(angle - 0.45))
    right = (b[0] - head * math.cos(angle + 0.45), b[1] - head * math.sin(angle + 0.45))
    draw.polygon([b, left, right], fill=colour)


def draw_annotations(jpeg: bytes, shapes: list[dict[str, Any]]) -> bytes:
    """The picture with `shapes` drawn over it, as a new JPEG."""
    image = Image.open(BytesIO(jpeg)).convert("RGB")
    w, h = image.size
    width = max(2, round(max(w, h) * 0.005))
    draw = ImageDraw.Draw(image)
    for shape in clean_shapes(shapes):
        x1, y1, x2, y2 = shape["x1"] * w, shape["y1"] * h, shape["x2"] * w, shape["y2"] * h
        box = [min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)]
        colour = shape["colour"]
        if shape["kind"] == "arrow":
            _arrow(draw, (x1, y1), (x2, y2), colour, width)
        elif shape["kind"] == "circle":
            draw.ellipse(box, outline=colour, width=width)
        elif shape["kind"] == "rect":
            draw.rectangle(box, outline=colour, width=width)
        else:
            font = _font(max(12, round(max(w, h) * 0.03)))
            # A pale backing keeps the words readable on a busy wall.
            left, top, right, bottom = draw.textbbox((x1, y1), shape["text"], font=font)
            draw.rectangle(
                [left - width, top - width, right + width, bottom + width], fill="#FFFFFF"
            )
            draw.text((x1, y1), shape["text"], fill=colour, font=font)
    out = BytesIO()
    image.save(out, "JPEG", quality=ANNOTATED_QUALITY)
    return out.getvalue()
