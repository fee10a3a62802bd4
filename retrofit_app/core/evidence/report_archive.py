"""A report saved as PDF/A-2b, or PDF/A-1b, for the city archive (issue 20 point 5).

ReportLab's open-source edition writes no PDF/A. The PDF it wrote is finished with pikepdf:
an sRGB output intent (a version 2 ICC profile built here, which PDF/A-1 readers and PDF/A-2
alike accept), XMP metadata carrying the document information and pdfaid part 2, conformance B
(every namespace declared on its rdf:Description, as XMP validators read it), and no font left
unembedded. ReportLab lists Helvetica in every page's resources and its charts select it in
empty text blocks (BT /F2 10 Tf ET) without setting a glyph in it: a font no text is shown in
loses those selections and its resource entry; a font text is shown in and is not embedded
refuses the conversion. ReportLab also gives every page an empty transition dictionary
(/Trans << >>, a slide-show effect, here the default: replace). It is dropped, nothing shown
changes: pikepdf's PDF/A validator does not know the key and would leave every page unchecked.
The file is rewritten whole or left as it was.

PDF/A-1b (ISO 19005-1, adopted in China as GB/T 23286.1) is the same file claiming part 1, for
a report without transparency; one with transparency (the acceptance report's watermark drawn
with fill alpha, a soft mask, a blend mode) is refused for 1b, as PDF/A-1 forbids it.

Checked with pikepdf.pdfa, an allowlist validator for PDF/A-1b and -2b built from veraPDF's
rules, which approves every report kind in either form (tests/core/test_pdfa_validator.py), and
with Apache PDFBox Preflight, which applies ISO 19005-1 (tests/core/test_pdfa_preflight.py):
a 1b file is valid; a 2b file leaves only what PDF/A-2 allows and PDF/A-1 does not, namely its
part number 2 and transparency.
"""

from __future__ import annotations

import contextlib
import os
import struct
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from retrofit_app.core.errors import ErrorCode, RetrofitError, write_failed

SRGB = "sRGB IEC61966-2.1"

# sRGB's colorants adapted to the PCS's D50 (Bradford), its D65 white, and D50 itself.
_COLORANTS = {
    b"rXYZ": (0.4360747, 0.2225045, 0.0139322),
    b"gXYZ": (0.3850649, 0.7168786, 0.0971045),
    b"bXYZ": (0.1430804, 0.0606169, 0.7141733),
    b"wtpt": (0.9505, 1.0, 1.0890),
}
_D50 = (0.9642, 1.0, 0.8249)
_TEXT_SHOWN = frozenset(("Tj", "TJ", "'", '"'))
PARTS = {"2b": "2", "1b": "1"}  # the form a user names -> pdfaid:part (conformance B for both)


def _s15(values: tuple[float, float, float]) -> bytes:
    return b"".join(struct.pack(">i", round(value * 65536)) for value in values)


def _srgb_curve(points: int = 1024) -> bytes:
    """sRGB's transfer curve (IEC 61966-2-1) as an ICC curveType table."""

    def linear(x: float) -> float:
        return x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4

    table = [round(linear(i / (points - 1)) * 65535) for i in range(points)]
    return b"curv" + bytes(4) + struct.pack(f">I{points}H", points, *table)


def srgb_profile() -> bytes:
    """An sRGB ICC profile, version 2.1 (matrix and curves; PDF/A-1 takes version 2 only)."""
    description = SRGB.encode("ascii") + b"\0"
    tags: list[tuple[bytes, bytes]] = [
        (b"desc", b"desc" + bytes(4) + struct.pack(">I", len(description)) + description
         + bytes(4 + 4 + 2 + 1 + 67)),  # no Unicode or ScriptCode description
        (b"cprt", b"text" + bytes(4) + b"No copyright, use freely\0"),
        *((sig, b"XYZ " + bytes(4) + _s15(xyz)) for sig, xyz in _COLORANTS.items()),
    ]  # fmt: skip
    curve = _srgb_curve()
    table_size = 4 + 12 * (len(tags) + 3)
    offset = 128 + table_size
    entries, data = [], b""
    for sig, body in tags:
        entries.append(struct.pack(">4sII", sig, offset + len(data), len(body)))
        data += body + bytes(-len(body) % 4)
    curve_at = offset + len(data)
    entries += [
        struct.pack(">4sII", sig, curve_at, len(curve)) for sig in (b"rTRC", b"gTRC", b"bTRC")
    ]
    data += curve
    size = offset + len(data)
    header = (
        struct.pack(">I4sI4s4s4s6H4s", size, b"", 0x02100000, b"mntr", b"RGB ", b"XYZ ",
                    2026, 1, 1, 0, 0, 0, b"acsp")
        + bytes(4 + 4 + 4 + 4 + 8 + 4)  # platform, flags, maker, model, attributes, intent
        + _s15(_D50) + bytes(4 + 44)  # illuminant; creator, reserved
    )  # fmt: skip
    return header + struct.pack(">I", len(tags) + 3) + b"".join(entries) + data


def _fonts_shown(pdf: object) -> set[str]:
    """Resource names of the fonts some page shows text in (current at a Tj, TJ, ' or ")."""
    import pikepdf

    shown: set[str] = set()
    for page in pdf.pages:  # type: ignore[attr-defined]
        current, saved = "", []
        for instruction in pikepdf.parse_content_stream(page):
            operator = str(instruction.operator)
            if operator == "q":
                saved.append(current)
            elif operator == "Q" and saved:
                current = saved.pop()
            elif operator == "Tf":
                current = str(instruction.operands[0])
            elif operator in _TEXT_SHOWN:
                shown.add(current)
    return shown


def _drop_selections(pdf: object, names: set[str]) -> None:
    """Remove each page's Tf selecting one of `names` (fonts no text is shown in: the text
    drawn is unchanged, every glyph is set while another font is current)."""
    import pikepdf

    for page in pdf.pages:  # type: ignore[attr-defined]
        instructions = pikepdf.parse_content_stream(page)
        kept = [
            instruction for instruction in instructions
            if not (str(instruction.operator) == "Tf" and str(instruction.operands[0]) in names)
        ]  # fmt: skip
        if len(kept) != len(instructions):
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))  # type: ignore[attr-defined]


def _embed_check(pdf: object, path: Path) -> None:
    """Drop fonts no text is shown in; refuse when one that shows text is not embedded."""
    import pikepdf

    shown = _fonts_shown(pdf)
    unshown: set[str] = set()
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
            if name in shown:
                raise RetrofitError(
                    ErrorCode.PDFA_FONT_NOT_EMBEDDED, path=path, font=str(font.get("/BaseFont"))
                )
            unshown.add(name)
            del fonts[name]
    if unshown:
        _drop_selections(pdf, unshown)


def _transparent(resources: object, seen: set[tuple[int, int]]) -> bool:
    """Whether these resources (and the forms they draw) use transparency PDF/A-1 forbids."""
    import pikepdf

    if not isinstance(resources, pikepdf.Dictionary):
        return False
    for state in (resources.get("/ExtGState") or {}).values():
        alphas = [state.get(key) for key in ("/ca", "/CA")]
        if any(alpha is not None and float(alpha) != 1.0 for alpha in alphas):
            return True
        if str(state.get("/SMask", "/None")) != "/None":
            return True
        if str(state.get("/BM", "/Normal")) not in ("/Normal", "/Compatible"):
            return True
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.objgen in seen:
            continue
        seen.add(xobject.objgen)
        if "/SMask" in xobject or "/SMaskInData" in xobject:
            return True
        if xobject.get("/Subtype") == pikepdf.Name.Form and (
            "/Group" in xobject or _transparent(xobject.get("/Resources"), seen)
        ):
            return True
    return False


def _refuse_transparency(pdf: object, path: Path) -> None:
    """PDF/A-1 forbids transparency: refuse the 1b form for a report that uses it."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:  # type: ignore[attr-defined]
        if "/Group" in page.obj or _transparent(page.Resources, seen):
            raise RetrofitError(ErrorCode.PDFA1_TRANSPARENCY, path=path)


def _xmp(info: dict[str, str], dates: dict[str, str], part: str) -> bytes:
    """XMP metadata saying what the document information says, and pdfaid `part`, conformance B."""

    def alt(text: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'

    fields = {
        "dc:title": alt(info["/Title"]) if "/Title" in info else None,
        "dc:creator": f"<rdf:Seq><rdf:li>{escape(info['/Author'])}</rdf:li></rdf:Seq>"
        if "/Author" in info else None,
        "dc:description": alt(info["/Subject"]) if "/Subject" in info else None,
        "pdf:Keywords": escape(info.get("/Keywords", "")) or None,
        "pdf:Producer": escape(info.get("/Producer", "")) or None,
        "xmp:CreatorTool": escape(info.get("/Creator", "")) or None,
        "xmp:CreateDate": dates.get("/CreationDate"),
        "xmp:ModifyDate": dates.get("/ModDate"),
        "pdfaid:part": part,
        "pdfaid:conformance": "B",
    }  # fmt: skip
    body = "".join(f"<{key}>{value}</{key}>" for key, value in fields.items() if value is not None)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        f' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">{body}</rdf:Description>'
        "</rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    ).encode()


def _set_metadata(pdf: object, part: str) -> None:
    """Keep the document information PDF/A knows and write its XMP twin (dates as ISO 8601)."""
    import pikepdf
    from pikepdf.models.metadata import decode_pdf_date

    docinfo = pdf.docinfo  # type: ignore[attr-defined]
    # /Trapped has no XMP twin written here; PDF/A wants the two to agree, so it goes.
    if "/Trapped" in docinfo:
        del docinfo["/Trapped"]
    info = {str(key): str(value) for key, value in docinfo.items()}
    dates: dict[str, str] = {}
    for key in ("/CreationDate", "/ModDate"):
        if key not in info:
            continue
        try:
            dates[key] = decode_pdf_date(info[key]).isoformat()
        except ValueError:
            del docinfo[key]  # a date the XMP cannot repeat is dropped from both
    stream = pdf.make_stream(_xmp(info, dates, part))  # type: ignore[attr-defined]
    stream.Type = pikepdf.Name.Metadata
    stream.Subtype = pikepdf.Name.XML
    pdf.Root.Metadata = stream  # type: ignore[attr-defined]


def _drop_empty_transitions(pdf: object) -> None:
    """ReportLab's empty /Trans on each page: no effect, the default transition (replace)."""
    for page in pdf.pages:  # type: ignore[attr-defined]
        transition = page.obj.get("/Trans")
        if transition is not None and len(transition.keys()) == 0:
            del page.obj["/Trans"]


def make_pdfa2b(path: Path) -> None:
    """Rewrite the report at `path` as PDF/A-2b (output intent, XMP pdfaid 2B, fonts embedded)."""
    make_pdfa(path, "2b")


def make_pdfa(path: Path, form: str = "2b") -> None:
    """Rewrite the report at `path` as PDF/A in `form`, "2b" or "1b" (output intent, XMP pdfaid,
    fonts embedded; 1b refused for a report with transparency)."""
    import pikepdf

    part = PARTS[form]

    path = Path(path)
    handle, temp_name = tempfile.mkstemp(suffix=".pdf.part", dir=path.parent)
    os.close(handle)
    try:
        with pikepdf.open(path) as pdf:
            if part == "1":
                _refuse_transparency(pdf, path)
            _embed_check(pdf, path)
            _drop_empty_transitions(pdf)
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
            _set_metadata(pdf, part)
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
