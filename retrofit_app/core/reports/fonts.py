"""The PDF font chain: the font chosen in Settings, a CJK TrueType font on the system, STSong-Light."""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from retrofit_app.core.errors import ErrorCode

log = logging.getLogger(__name__)

FALLBACK_CID_FONT = "STSong-Light"
# A character every candidate must draw, so a Latin-only font is never taken.
_PROBE = "验"


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def system_candidates() -> list[Path]:
    """Where CJK TrueType fonts usually live, best first (SimSun prints like official documents)."""
    win = _windows_fonts()
    return [
        win / "simsun.ttc",
        win / "simhei.ttf",
        win / "msyh.ttc",
        win / "msyh.ttf",
        Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
        Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
        Path("/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc"),
        Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
        Path("/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf"),
        Path("/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc"),
        Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
        Path("/System/Library/Fonts/Supplemental/Songti.ttc"),
        Path("/Library/Fonts/Arial Unicode.ttf"),
    ]


@dataclass(frozen=True)
class ReportFont:
    """The registered font name; `path` is None and `warning` set when STSong-Light is used."""

    name: str
    path: Path | None
    embedded: bool
    warning: ErrorCode | None = None


def _register_truetype(path: Path) -> str | None:
    """Register the first face of `path` that draws Chinese; None when it cannot be used."""
    faces = 4 if path.suffix.lower() == ".ttc" else 1
    for index in range(faces):
        key = hashlib.sha1(f"{path.resolve()}#{index}".encode()).hexdigest()[:10]
        name = f"CJK-{key}"
        if name in pdfmetrics.getRegisteredFontNames():
            return name
        try:
            font = TTFont(name, str(path), subfontIndex=index)
        except (TTFError, OSError, ValueError, KeyError) as error:
            # CFF-outlined OpenType (most Noto CJK) and broken files land here.
            log.info("font %s#%d not usable: %s", path, index, error)
            if index == 0:
                return None
            continue
        if ord(_PROBE) not in font.face.charToGlyph:
            continue
        pdfmetrics.registerFont(font)
        return name
    return None


def _fallback() -> ReportFont:
    if FALLBACK_CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID_FONT))
    return ReportFont(FALLBACK_CID_FONT, None, embedded=False, warning=ErrorCode.PDF_FONT_FALLBACK)


def find_report_font(
    chosen: str | Path | None = None, candidates: list[Path] | None = None
) -> ReportFont:
    """The font reports use: `chosen` (Settings.pdf_font), else the system, else STSong-Light.

    TrueType fonts are embedded as a subset (ReportLab's default for TTFont); the
    CID fallback is not embedded, so the warning tells the caller to say so.
    """
    paths = [Path(chosen)] if chosen else []
    paths += system_candidates() if candidates is None else candidates
    for path in paths:
        if path.is_file():
            name = _register_truetype(path)
            if name:
                return ReportFont(name, path, embedded=True)
    if chosen:
        log.warning("the chosen PDF font %s cannot be used", chosen)
    if sys.platform == "win32" and candidates is None:
        log.warning("no CJK TrueType font in %s", _windows_fonts())
    return _fallback()
