"""The owners' consent signed on the window's pad, as the feasibility record prints it."""

from __future__ import annotations

from collections.abc import Mapping

from reportlab.lib.units import mm
from reportlab.platypus import Table

from retrofit_app.core.reports.blocks import data_table
from retrofit_app.core.reports.layout import FRAME_WIDTH
from retrofit_app.core.reports.signature_drawing import DrawnSignature, signed_caption
from retrofit_app.core.reports.styles import Styles
from retrofit_app.core.reports.wording import Wording
from retrofit_app.core.signatures import Signature


def signed_votes_table(
    styles: Styles, words: Wording, roster: list[dict], signed: Mapping[str, Signature]
) -> Table | None:
    """The flats of `roster` whose owner signed the vote on the pad (household uuid → signature):
    unit, room, the vote, and the signature drawn with its signer and time; None when no owner did
    (their consent is on paper, as before)."""
    rows = [r for r in roster if r["uuid"] in signed]
    if not rows:
        return None
    column_widths = [FRAME_WIDTH * f for f in (0.14, 0.14, 0.16, 0.56)]
    header = words.labels(("col.unit", "col.room", "col.vote", "col.signature"))
    body = [
        [row["unit"], row["room"], row["choice_label"],
         DrawnSignature(signed[row["uuid"]], column_widths[3] - 8, 13 * mm, styles.font,
                        signed_caption(words, signed[row["uuid"]]))]
        for row in rows
    ]  # fmt: skip
    return data_table(styles, header, body, column_widths)
