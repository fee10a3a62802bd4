"""Paragraph styles for reports: Chinese sizes (号), CJK wrapping, no punctuation at a line start."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors, textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, TableStyle, paragraph

from retrofit_app.core.limits import ADDRESS_MAX_CHARS, PRINT_MAX_CHARS
from retrofit_app.core.text_limits import shortened
from retrofit_app.core.words import language_of

# ReportLab's CJK wrapping hangs a character that may not start a line into the right
# margin, but its list lacks the full-width comma, semicolon, colon and marks used in
# Chinese. Both wrapping paths read a module-level copy of that list (textsplit for
# one-style paragraphs, paragraph for mixed ones), so both copies get the additions.
NO_LINE_START = "，。、；：？！）」』》〉】〕…—％"
for _module in (textsplit, paragraph):
    _missing = "".join(ch for ch in NO_LINE_START if ch not in _module.ALL_CANNOT_START)
    _module.ALL_CANNOT_START += _missing

# Chinese type sizes in points: 二号, 三号, 四号, 小四, 五号, 小五, 六号.
ER_HAO, SAN_HAO, SI_HAO, XIAO_SI, WU_HAO, XIAO_WU, LIU_HAO = 22, 16, 14, 12, 10.5, 9, 7.5
INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#555555")
SHADE = colors.HexColor("#e8ecf0")
MUTED = colors.HexColor("#666666")


@dataclass(frozen=True)
class Setting:
    """How a language's text is set: where lines may break, how body text aligns and indents."""

    wrap: str | None  # "CJK": between any two characters; None: at spaces
    body_alignment: int
    first_line_indent: float  # in body-size characters


# Chinese wraps between any two characters (CJK), justified, with a two-character first-line
# indent. English is ragged-right and wraps at spaces, since CJK wrapping also cuts Latin words
# ("Househ-olds"), and justified English opens wide gaps around a Chinese name that cannot
# break; a Chinese name too long for its line is still cut (splitLongWords).
SETTINGS = {
    "zh": Setting(wrap="CJK", body_alignment=TA_JUSTIFY, first_line_indent=2),
    "en": Setting(wrap=None, body_alignment=TA_LEFT, first_line_indent=0),
}


@dataclass(frozen=True)
class Styles:
    font: str
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    caption: ParagraphStyle
    centre: ParagraphStyle


def make_styles(font: str, lang: str = "zh") -> Styles:
    """The styles in `font`, set as the language `lang` is set (SETTINGS)."""
    setting = SETTINGS[language_of(lang)]
    wrap = setting.wrap

    def style(name: str, size: float, leading: float, **extra: object) -> ParagraphStyle:
        extra.setdefault("textColor", INK)
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=leading, wordWrap=wrap, **extra
        )

    return Styles(
        font=font,
        title=style("title", ER_HAO, ER_HAO * 1.5, alignment=TA_CENTER, spaceAfter=12),
        subtitle=style("subtitle", SAN_HAO, SAN_HAO * 1.6, alignment=TA_CENTER),
        h1=style("h1", SAN_HAO, SAN_HAO * 1.4, spaceBefore=10, spaceAfter=8),
        h2=style("h2", SI_HAO, SI_HAO * 1.4, spaceBefore=8, spaceAfter=4),
        body=style(
            "body",
            XIAO_SI,
            XIAO_SI * 1.6,
            alignment=setting.body_alignment,
            firstLineIndent=setting.first_line_indent * XIAO_SI,
            spaceAfter=4,
        ),
        small=style("small", XIAO_WU, XIAO_WU * 1.5, textColor=MUTED),
        cell=style("cell", WU_HAO, WU_HAO * 1.35, alignment=TA_LEFT),
        cell_head=style("cell_head", WU_HAO, WU_HAO * 1.35, alignment=TA_CENTER),
        caption=style("caption", XIAO_WU, XIAO_WU * 1.4, alignment=TA_CENTER),
        centre=style("centre", XIAO_SI, XIAO_SI * 1.6, alignment=TA_CENTER),
    )


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (never markup: names and notes come from users).

    At most PRINT_MAX_CHARS of it: a file from before the length limits may hold a megabyte-long name.
    """
    text = shortened(text, PRINT_MAX_CHARS)
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class Heading(Paragraph):
    """A heading that starts on the next page when less than `room` is left below it, so it
    never ends a page alone. (keepWithNext would instead carry a whole long table along.)"""

    def __init__(self, text: str, style: ParagraphStyle, room: float) -> None:
        # A heading cannot split, so it must fit a page: long names are cut.
        super().__init__(escape(shortened(text, ADDRESS_MAX_CHARS)), style)
        self.room = room

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = super().wrap(avail_width, avail_height)
        if height + self.room > avail_height:
            return width, avail_height + 1  # too tall here: split() below sends it on
        return width, height

    def split(self, avail_width: float, avail_height: float) -> list:
        return []


def table_style(styles: Styles, commands: list[tuple]) -> TableStyle:
    """A table style whose plain (empty) cells use the report font too: ReportLab's default,
    Helvetica, would otherwise be named in the PDF without being embedded."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), styles.font), *commands])
