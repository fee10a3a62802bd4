"""The digest block a report prints: a QR code of the whole digest beside its short code, the
project's id, the build time and how to check it later (issue 20)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from retrofit_app.core.evidence.report_digest import ReportDigest
from retrofit_app.core.reports.blocks import widths
from retrofit_app.core.reports.styles import RULE, Styles, para, table_style
from retrofit_app.core.reports.wording import Wording

if TYPE_CHECKING:
    from retrofit_app.core.reports.context import ReportContext

QR_SIDE = 30 * mm


def qr_drawing(payload: str, font: str, side: float = QR_SIDE) -> Drawing:
    """A QR code of `payload` (error correction M) drawn `side` wide; its widget keeps the value.
    The drawing starts in the report's `font`: ReportLab's default (Helvetica) would be named on
    the page without being embedded, which PDF/A refuses."""
    widget = QrCodeWidget(payload, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.initialFontName = font
    drawing.add(widget)
    return drawing


def digest_block(styles: Styles, words: Wording, digest: ReportDigest) -> list[Flowable]:
    """The block kept together at the end of the report."""
    text = [
        para(words("digest.heading"), styles.h2),
        para(words("digest.code", code=digest.short), styles.cell),
        para(words("digest.project", project=digest.project_id), styles.small),
        para(words("digest.built", time=digest.built_local), styles.small),
        para(words("digest.records", count=len(digest.records)), styles.small),
        para(words("digest.full", digest=digest.digest), styles.small),
    ]
    table = Table(
        [[qr_drawing(digest.qr_payload, styles.font), text]],
        colWidths=[QR_SIDE + 6 * mm, widths(1)[0] - QR_SIDE - 6 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        table_style(
            styles,
            [("BOX", (0, 0), (-1, -1), 0.5, RULE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")],
        )
    )
    return [
        Spacer(1, 6 * mm),
        KeepTogether([table, Spacer(1, 2 * mm), para(words("digest.how"), styles.small)]),
    ]


def digest_flowables(digest: ReportDigest) -> Callable[[ReportContext, str], list[Flowable]]:
    """The block as a report story's hook (ctx, title) -> flowables, e.g. review.DigestBlock."""
    return lambda ctx, _title: digest_block(ctx.styles, ctx.words, digest)
