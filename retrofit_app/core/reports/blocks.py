"""Building blocks shared by the documents: tables that repeat their header, fact tables, seal boxes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from retrofit_app.core.limits import ADDRESS_MAX_CHARS, NAME_MAX_CHARS
from retrofit_app.core.reports.layout import FRAME_WIDTH
from retrofit_app.core.reports.signature_drawing import DrawnSignature, signed_caption
from retrofit_app.core.reports.styles import RULE, SHADE, Styles, para, table_style
from retrofit_app.core.reports.wording import Wording
from retrofit_app.core.text_limits import shortened

if TYPE_CHECKING:
    from retrofit_app.core.signatures import Signature


def widths(*fractions: float) -> list[float]:
    """Column widths as fractions of the text width (they need not sum exactly to 1)."""
    scale = FRAME_WIDTH / sum(fractions)
    return [f * scale for f in fractions]


def data_table(
    styles: Styles, header: Sequence[str], rows: Sequence[Sequence[object]], col_widths: list[float]
) -> Table:
    """A ruled table whose header row repeats on every page it runs onto (a cell may be a drawing)."""
    body = [[para(h, styles.cell_head) for h in header]]
    body += [[c if isinstance(c, Flowable) else para(c, styles.cell) for c in row] for row in rows]
    # splitInRow: a row with a long note runs on over the page instead of stopping the report.
    table = Table(body, colWidths=col_widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
    table.setStyle(
        table_style(
            styles,
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ],
        )
    )
    return table


def facts_table(styles: Styles, facts: Sequence[tuple[str, object]], columns: int = 2) -> Table:
    """Label/value pairs, `columns` pairs to a row, labels shaded (like a form)."""
    cells: list[list[object]] = []
    for start in range(0, len(facts), columns):
        row: list[object] = []
        for label, value in facts[start : start + columns]:
            row += [para(label, styles.cell_head), para(value, styles.cell)]
        row += [""] * (2 * columns - len(row))
        cells.append(row)
    fractions = [0.19, 0.31] * columns if columns > 1 else [0.25, 0.75]
    table = Table(cells, colWidths=widths(*fractions), hAlign="LEFT", splitInRow=1)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    commands += [("BACKGROUND", (c, 0), (c, -1), SHADE) for c in range(0, 2 * columns, 2)]
    table.setStyle(table_style(styles, commands))
    return table


def signature_boxes(
    styles: Styles,
    words: Wording,
    parties: Sequence[tuple[str, str]],
    drawn: Sequence[Signature | None] = (),
) -> Table:
    """One box per party (role key, name): role and name, a signature line, room for the seal, the date.
    A signature drawn on the window's pad (`drawn`, in the parties' order) prints under the
    signature line; without one the room stays empty for a pen."""
    cells = []
    for index, (role, name) in enumerate(parties):
        signature = drawn[index] if index < len(drawn) else None
        caption = signed_caption(words, signature) if signature is not None else ""
        sign = "sign.representative" if role == "residents" else "sign.head"
        cells.append(
            [
                para(words(f"party.{role}"), styles.cell_head),
                # A box cannot split; an unnamed party keeps the line, so the boxes line up.
                para(shortened(name, NAME_MAX_CHARS) or "\u00a0", styles.cell),
                para(words(sign), styles.cell),
                DrawnSignature(signature, FRAME_WIDTH / 2 - 14, 14 * mm, styles.font, caption),
                # Residents' representatives sign as persons: no seal.
                para(words("sign.seal") if role != "residents" else "", styles.caption),
                para(words("sign.date"), styles.cell),
            ]
        )
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    grid = [[_party_box(styles, cell) for cell in row] + [""] * (2 - len(row)) for row in rows]
    table = Table(grid, colWidths=[FRAME_WIDTH / 2] * 2, hAlign="CENTER")
    table.setStyle(
        table_style(
            styles,
            [
                ("GRID", (0, 0), (-1, -1), 0.6, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ],
        )
    )
    return table


def _party_box(styles: Styles, lines: list[Flowable]) -> Table:
    role, name, sign, signed, seal, date = lines
    inner = Table(
        [[role], [name], [Spacer(1, 6 * mm)], [sign], [signed], [seal], [date]],
        colWidths=[FRAME_WIDTH / 2 - 10],
    )
    inner.setStyle(
        table_style(
            styles, [("LEFTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 1)]
        )
    )
    return inner


def seal_box(styles: Styles, lines: Sequence[str], size: float = 42 * mm) -> Table:
    """A right-aligned block with the issuer's name, the date and a dashed circle where the seal goes."""
    circle = _SealCircle(size)
    text = [[para(shortened(line, ADDRESS_MAX_CHARS), styles.centre)] for line in lines]
    table = Table([[circle]] + text, colWidths=[size + 30 * mm], hAlign="RIGHT")
    table.setStyle(table_style(styles, [("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return table


class _SealCircle(Flowable):
    def __init__(self, size: float) -> None:
        super().__init__()
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor("#b0b0b0"))
        canvas.setDash(3, 3)
        canvas.circle(self.size / 2, self.size / 2, self.size / 2 - 1)
        canvas.restoreState()
