"""A report saved as PDF/A-2b for the city archive (issue 20 point 5).

ReportLab's open-source edition writes no PDF/A. The PDF it wrote is finished with pikepdf:
an sRGB output intent (the ICC profile Pillow's littleCMS makes), XMP metadata carrying the
document information and pdfaid part 2, conformance B, and no font left unembedded (ReportLab
lists Helvetica in every page's resources even when no text is set in it; an unused entry is
dropped, a used one refuses the conversion). The file is rewritten whole or left as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from retrofit_app.core.errors import ErrorCode, RetrofitError, write_failed

SRGB = "sRGB IEC61966-2.1"


def srgb_profile() -> bytes:
    """An sRGB ICC profile (v2, made by littleCMS through Pillow; no file to ship)."""
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _used_fonts(pdf: object) -> set[str]:
    """Resource names of the fonts some page sets text in (the operand of each Tf)."""
    import pikepdf

    used: set[str] = set()
    for page in pdf.pages:  # type: ignore[attr-defined]
        for instruction in pikepdf.parse_content_stream(page, "Tf"):
            used.add(str(instruction.operands[0]))
    return used


def _embed_check(pdf: object, path: Path) -> None:
    """Drop fonts listed but never used; refuse when a used font is not embedded."""
    import pikepdf

    used = _used_fonts(pdf)
    for page in pdf.pages:  # type: ignore[attr-defined]
        fonts = page.Resources.get("/Font")
        if fonts is None:
            continue
        for name in list(fonts.keys()):
            font = fonts[name]
            descriptor = font.get("/FontDescriptor")
            if font.get("/Subtype") == pikepdf.Name.Type0:
                descriptor = font.DescendantFonts[0].get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            if embedded:
                continue
            if name in used:
                raise RetrofitError(
                    ErrorCode.PDFA_FONT_NOT_EMBEDDED, path=path, font=str(font.get("/BaseFont"))
                )
            del fonts[name]


def make_pdfa2b(path: Path) -> None:
    """Rewrite the report at `path` as PDF/A-2b (output intent, XMP pdfaid 2B, fonts embedded)."""
    import pikepdf

    path = Path(path)
    handle, temp_name = tempfile.mkstemp(suffix=".pdf.part", dir=path.parent)
    os.close(handle)
    try:
        with pikepdf.open(path) as pdf:
            _embed_check(pdf, path)
            profile = pdf.make_stream(srgb_profile())
            profile.N = 3
            intent = pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent,
                S=pikepdf.Name.GTS_PDFA1,
                OutputConditionIdentifier=pikepdf.String(SRGB),
                Info=pikepdf.String(SRGB),
                DestOutputProfile=profile,
            )
            pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])
            # /Trapped has no XMP twin pikepdf writes; PDF/A wants the two to agree, so it goes.
            if "/Trapped" in pdf.docinfo:
                del pdf.docinfo["/Trapped"]
            with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
                meta.load_from_docinfo(pdf.docinfo)
                meta["pdfaid:part"] = "2"
                meta["pdfaid:conformance"] = "B"
            pdf.save(temp_name)
        with contextlib.suppress(OSError):
            os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise write_failed(error, path) from error
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
