"""The page: A4 with a binding margin, header and footer, 第 X 页 共 Y 页 (Page X of Y), metadata, building."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from retrofit_app.core.errors import ErrorCode, RetrofitError, write_failed
from retrofit_app.core.reports.styles import LIU_HAO, RULE, XIAO_WU
from retrofit_app.core.reports.wording import PDF_LANG_TAGS, Wording

WATERMARK = HexColor("#b03030")

# JPEG files go into the PDF unchanged only without ASCII85 (design.md: ~50x faster, -25 % size).
rl_config.useA85 = 0

PAGE_WIDTH, PAGE_HEIGHT = A4
# Binding on the left (装订边): documents are punched and filed in archive folders.
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 28 * mm, 20 * mm, 25 * mm, 22 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    subject: str
    author: str  # the issuing office
    doc_number: str
    font: str
    keywords: str = ""
    language: str = "zh"  # the words of the header and footer, and the PDF's /Lang
    watermark: str = ""  # drawn across every page (草稿 DRAFT on an acceptance not yet concluded)
    # The short code of the report's digest (issue 20): printed in every page's footer instead of
    # repeating the header's number, so a photograph of any one page can be checked.
    digest_code: str = ""

    @property
    def words(self) -> Wording:
        return Wording(self.language)


def page_label(page: int, total: int, words: Wording | None = None) -> str:
    return (words or Wording())("page.x_of_y", page=page, total=total)


def numbered_canvas(info: DocumentInfo) -> type[Canvas]:
    """A canvas that holds every page until the end, then stamps 第 X 页 共 Y 页 on each."""
    words = info.words

    class NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._draw_frame_text(total)
                super().showPage()
            super().save()

        def _draw_frame_text(self, total: int) -> None:
            self.saveState()
            self.setFont(info.font, XIAO_WU)
            top = PAGE_HEIGHT - MARGIN_TOP + 8 * mm
            self.drawString(MARGIN_LEFT, top, info.author)
            self.drawRightString(
                PAGE_WIDTH - MARGIN_RIGHT, top, words("doc.number", number=info.doc_number)
            )
            self.setStrokeColor(RULE)
            self.setLineWidth(0.6)
            self.line(MARGIN_LEFT, top - 2.5 * mm, PAGE_WIDTH - MARGIN_RIGHT, top - 2.5 * mm)
            bottom = MARGIN_BOTTOM - 12 * mm
            self.line(MARGIN_LEFT, bottom + 5 * mm, PAGE_WIDTH - MARGIN_RIGHT, bottom + 5 * mm)
            self.drawCentredString(
                PAGE_WIDTH / 2, bottom, page_label(self._pageNumber, total, words)
            )
            self.setFont(info.font, LIU_HAO)
            self.drawString(MARGIN_LEFT, bottom, info.title)
            right = words("digest.code", code=info.digest_code) if info.digest_code else ""
            self.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, bottom, right or info.doc_number)
            self.restoreState()
            if info.watermark:
                self._draw_watermark()

        def _draw_watermark(self) -> None:
            self.saveState()
            self.setFillColor(WATERMARK)
            self.setFillAlpha(0.18)
            self.setFont(info.font, 72)
            # Level, not slanted: text extraction (pdftotext, search) reads it as one word.
            self.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT / 2, info.watermark)
            self.restoreState()

    return NumberedCanvas


class _Stop(Exception):
    """Raised from ReportLab's progress callback to abandon a build."""


def build_pdf(
    out: Path,
    story: list[Flowable],
    info: DocumentInfo,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    partial: Path | None = None,
) -> int:
    """Lay out `story` into `out` (written whole or not at all); returns the page count.

    It is written at `partial` (or a temporary name beside `out`) and renamed when whole.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if partial is None:
        handle, temp_name = tempfile.mkstemp(suffix=".pdf.part", dir=out.parent)
        os.close(handle)
    else:
        temp_name = str(partial)
    doc = BaseDocTemplate(
        temp_name,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=info.title,
        author=info.author,
        subject=info.subject,
        keywords=info.keywords,
        creator=info.words("doc.creator"),
        lang=PDF_LANG_TAGS[info.language],
        # Otherwise each page starts in Helvetica, which the PDF then names but never embeds.
        initialFontName=info.font,
    )
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        FRAME_WIDTH,
        FRAME_HEIGHT,
        id="body",
        leftPadding=0,
        rightPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    total: dict[str, float] = {"n": max(len(story), 1), "done": 0.0}

    def on_progress(kind: str, value: int) -> None:
        if cancelled and cancelled():
            raise _Stop
        if kind == "SIZE_EST":
            total["n"] = max(int(value), 1)
        elif kind == "PROGRESS" and progress:
            # ReportLab's size estimate moves while it lays out: the bar never goes back.
            total["done"] = max(total["done"], min(int(value), total["n"]) / total["n"])
            progress(int(total["done"] * 1000), 1000)

    doc.setProgressCallBack(on_progress)
    try:
        doc.build(story, canvasmaker=numbered_canvas(info))
    except _Stop:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise RetrofitError(ErrorCode.CANCELLED) from None
    except OSError as error:  # a full disk, a folder that went away: a sentence, nothing left
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise write_failed(error, out) from error
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    # mkstemp makes the file private (0600); a report is a document to share, like any other.
    with contextlib.suppress(OSError):
        os.chmod(temp_name, 0o644)
    try:
        os.replace(temp_name, out)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise write_failed(error, out) from error
    return doc.page
