"""A report signed with the district's certificate (PKCS#12) by pyhanko (issue 20 point 5).

The signature is an incremental update: the report's pages, its digest in the keywords and a
PDF/A-2b conversion made before stay as they were, and a PDF reader shows the signature.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retrofit_app.core.errors import ErrorCode, RetrofitError, write_failed

FIELD = "Signature1"


@dataclass(frozen=True)
class SignatureCheck:
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptography holds
    trusted: bool  # the signer's certificate chains to a given trust root
    signer: str
    covers_whole_file: bool  # nothing was added after signing

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted


def password_from_env(name: str) -> str:
    """The certificate's password from environment variable `name` (never a command-line word)."""
    value = os.environ.get(name)
    if value is None:
        raise RetrofitError(ErrorCode.SIGN_PASSWORD_UNSET, name=name)
    return value


def finish_report(
    path: Path, *, pdfa: str | bool = "", p12: Path | None = None, password: str = ""
) -> str:
    """What is done to a written report for the archive: PDF/A first ("2b" or "1b"; True is 2b),
    then the signature (a conversion after signing would break it). Returns the signer's name,
    "" when unsigned."""
    if pdfa:
        from retrofit_app.core.evidence.report_archive import make_pdfa

        make_pdfa(path, "2b" if pdfa is True else str(pdfa))
    return sign_pdf(path, p12, password) if p12 is not None else ""


def sign_pdf(path: Path, p12: Path, password: str, *, reason: str = "", location: str = "") -> str:
    """Sign the PDF at `path` in place with the key and certificate of `p12`; returns the signer's name.
    The file is rewritten whole or left as it was."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    signer = _signer(p12, password)
    path = Path(path)
    handle, temp_name = tempfile.mkstemp(suffix=".pdf.part", dir=path.parent)
    os.close(handle)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD, reason=reason or None, location=location or None
    )
    try:
        with path.open("rb") as source, open(temp_name, "wb") as out:
            writer = IncrementalPdfFileWriter(source)
            _keep_metadata(writer)
            _field_with_appearance(writer)
            signers.sign_pdf(writer, meta, signer=signer, output=out)
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
    return holder_name(signer.signing_cert)


def _signer(p12: Path, password: str) -> Any:
    from pyhanko.sign import signers

    p12 = Path(p12)
    if not p12.is_file():
        raise RetrofitError(ErrorCode.NOT_FOUND, path=p12)
    try:
        signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=password.encode("utf-8"))
    except (ValueError, OSError):
        signer = None
    if signer is None:
        raise RetrofitError(ErrorCode.SIGN_KEY_UNREADABLE, path=p12)
    return signer


def certificate_holder(p12: Path, password: str) -> str:
    """Whose certificate `p12` holds, once its password opens it: checked before a report is
    built, so a wrong password leaves no unsigned report behind."""
    return holder_name(_signer(p12, password).signing_cert)


def holder_name(cert: Any) -> str:
    """A certificate's holder as people read it: 鼓楼区房改办（南京市鼓楼区住房保障和房产局）."""
    name = cert.subject.native
    common, office = name.get("common_name", ""), name.get("organization_name", "")
    if not common:
        return str(cert.subject.human_friendly)
    return f"{common}（{office}）" if office and office != common else str(common)


def _field_with_appearance(writer: object) -> None:
    """The invisible signature's field made beforehand, its widget given an empty appearance:
    PDF/A-2 excuses a widget of zero size without one, PDF/A-1 does not (Preflight 5.3.1)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.sign import fields

    fields.append_signature_field(writer, fields.SigFieldSpec(FIELD))  # type: ignore[arg-type]
    for name, _value, field_ref in fields.enumerate_sig_fields(writer):  # type: ignore[arg-type]
        if name != FIELD:
            continue
        appearance = generic.StreamObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/XObject"),
                generic.pdf_name("/Subtype"): generic.pdf_name("/Form"),
                generic.pdf_name("/BBox"): generic.ArrayObject([generic.NumberObject(0)] * 4),
            },
            stream_data=b"",
        )
        field = field_ref.get_object()
        field[generic.pdf_name("/AP")] = generic.DictionaryObject(
            {generic.pdf_name("/N"): writer.add_object(appearance)}  # type: ignore[attr-defined]
        )


def _keep_metadata(writer: object) -> None:
    """A PDF/A file's XMP metadata and document information stay as the archive conversion wrote
    them. pyhanko would rewrite the XMP with each namespace declared on its own element, which
    PDF/A validators built on xmpbox (PDFBox Preflight) cannot read (7.3, "Schema is not set"),
    and name itself the producer. Its update is skipped for a file with XMP metadata; should a
    pyhanko version lack that step, the two producers are at least made the same."""
    if "/Metadata" not in writer.root:  # type: ignore[attr-defined]
        return
    if callable(getattr(writer, "_update_meta", None)):
        writer._update_meta = lambda: None  # type: ignore[attr-defined]
    else:
        _one_producer(writer)


def _one_producer(writer: object) -> None:
    """pyhanko names itself the producer in the XMP metadata but adds its name to the document
    information's producer: a PDF/A file's two would then differ, which PDF/A refuses. A file
    with XMP metadata gets pyhanko's name alone in both."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.metadata.model import VENDOR

    if "/Metadata" not in writer.root:  # type: ignore[attr-defined]
        return
    info = writer.prev.trailer_view.get("/Info")  # type: ignore[attr-defined]
    if info is None:
        return
    fields = generic.DictionaryObject(info.get_object())
    fields[generic.NameObject("/Producer")] = generic.TextStringObject(VENDOR)
    writer.set_info(fields)  # type: ignore[attr-defined]


def check_signature(path: Path, trust_roots: list[bytes]) -> SignatureCheck:
    """pyhanko's validation of the report's signature against `trust_roots` (DER or PEM certificates)."""
    from asn1crypto import pem, x509  # type: ignore[import-untyped]
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = []
    for data in trust_roots:
        if pem.detect(data):
            _, _, data = pem.unarmor(data)
        roots.append(x509.Certificate.load(data))
    with Path(path).open("rb") as handle:
        reader = PdfFileReader(handle)
        if not reader.embedded_signatures:
            return SignatureCheck(False, False, False, "", False)
        embedded = reader.embedded_signatures[0]
        status = validate_pdf_signature(embedded, ValidationContext(trust_roots=roots))
        return SignatureCheck(
            intact=status.intact,
            valid=status.valid,
            trusted=status.trusted,
            signer=holder_name(status.signing_cert),
            covers_whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
        )


def signature_verdict(path: Path, lang: str = "zh") -> tuple[str, bool]:
    """What a report's digital signature says, for verify-report and the window: who signed and
    whether the file is unchanged since, and whether that holds; ("", True) for an unsigned file.
    Trust in the certificate is the PDF reader's to show (the district's root is not known here)."""
    from retrofit_app.core.words import say

    # Without the district's root the certificate cannot be trusted here: pyhanko logs that with a
    # traceback, which is no news to anyone.
    chatter = logging.getLogger("pyhanko")
    level = chatter.level
    chatter.setLevel(logging.CRITICAL)
    try:
        check = check_signature(path, [])
    except Exception:  # noqa: BLE001 - pyhanko refuses a damaged signature in many ways
        return say("verify_report.signature_broken", lang, signer="?"), False
    finally:
        chatter.setLevel(level)
    if not check.signer:
        return "", True
    if not (check.intact and check.valid):
        return say("verify_report.signature_broken", lang, signer=check.signer), False
    key = "signature_whole" if check.covers_whole_file else "signature_added_after"
    return say(f"verify_report.{key}", lang, signer=check.signer), True
