"""A signature drawn on the window's pad, printed: its strokes scaled into a box as PDF lines,
the signer and the time small under them. A box with no drawn signature stays empty for a pen."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from retrofit_app.core.evidence.report_digest import local_time
from retrofit_app.core.reports.wording import Wording
from retrofit_app.core.signatures import Signature

INK = colors.HexColor("#10206a")  # a ballpoint's blue-black: a drawn signature reads as signed
_CAPTION_POINTS = 6.5
_LINE_WIDTH = 0.9


def signed_caption(words: Wording, signature: Signature) -> str:
    """王建国 签于 2026-12-07 16:20 (Beijing time, to the minute)."""
    return words("sign.drawn", signer=signature.signer, at=local_time(signature.signed_at)[:16])


class DrawnSignature(Flowable):
    """`signature`'s strokes in a `width` × `height` box (its caption inside, at the bottom);
    an empty box of the same size when there is none, so a pen can sign on paper."""

    def __init__(
        self, signature: Signature | None, width: float, height: float, font: str, caption: str = ""
    ) -> None:
        super().__init__()
        self.signature, self.box_width, self.box_height = signature, width, height
        self.font, self.caption = font, caption
        self.drawn_width = width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.drawn_width = min(self.box_width, avail_width)
        return self.drawn_width, self.box_height

    def draw(self) -> None:
        signature = self.signature
        if signature is None:
            return
        canvas = self.canv
        caption_room = _CAPTION_POINTS * 1.4 if self.caption else 0
        room_w, room_h = self.drawn_width - 2 * mm, self.box_height - caption_room - 1 * mm
        scale, dx, dy = signature.fitted(room_w, room_h)
        left, top = 1 * mm + dx, self.box_height - 0.5 * mm - dy
        canvas.saveState()
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(_LINE_WIDTH)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        path = canvas.beginPath()
        for stroke in signature.strokes:
            (x0, y0, _), *rest = stroke
            path.moveTo(left + x0 * scale, top - y0 * scale)
            for x, y, _ms in rest or [stroke[0]]:
                path.lineTo(left + x * scale, top - y * scale)
        canvas.drawPath(path, stroke=1, fill=0)
        if self.caption:
            canvas.setFillColor(colors.HexColor("#444444"))
            canvas.setFont(self.font, _CAPTION_POINTS)
            canvas.drawString(1 * mm, 1, self.caption)
        canvas.restoreState()
