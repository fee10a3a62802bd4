"""Apache PDFBox Preflight, the PDF/A validator Debian ships (libpdfbox2-java), run on a file.

Preflight checks ISO 19005-1 (PDF/A-1b; China's GB/T 23286.1-2009 is its identical adoption).
Our files are PDF/A-2b (ISO 19005-2), so its verdict is read finding by finding: only what
PDF/A-2 allows may be left, and each of those is named in EXCUSED with the reason. A finding is
excused only on a file that pikepdf.pdfa, a PDF/A-2 validator, approves as 2b (preflight_on_pdfa2b).
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from needs import PREFLIGHT_JARS, need

if TYPE_CHECKING:
    from pikepdf.pdfa import Report

# Preflight's code -> why a PDF/A-2b file may carry it.
EXCUSED = {
    # ISO 19005-1 6.4 forbids transparency; ISO 19005-2 6.4 allows it (the acceptance
    # report's watermark is drawn with fill alpha 0.18).
    "4.1.2": "Transparency error, ca entry in a ExtGState is invalid",
    # pdfaid:part is 2: the file says it is PDF/A-2, which is what it is.
    "7.11.2": "Error on MetaData, part must be 1",
}
FINDING = re.compile(r"^(\d+(?:\.\d+)*) : (.*)$")


def preflight(pdf: Path) -> tuple[bool, list[tuple[str, str]]]:
    """Preflight's verdict on `pdf` (valid as PDF/A-1b?) and its findings (code, sentence)."""
    need("preflight")
    classpath = ":".join(str(jar) for jar in PREFLIGHT_JARS)
    run = subprocess.run(
        ["java", "-cp", classpath, "org.apache.pdfbox.preflight.Validator_A1b", str(pdf)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    said = run.stdout
    assert "Exception" not in run.stderr, run.stderr
    valid = "is a valid PDF/A-1b file" in said
    assert valid == (run.returncode == 0), said
    findings = [(m[1], m[2]) for line in said.splitlines() if (m := FINDING.match(line.strip()))]
    assert valid or findings, said
    return valid, findings


def pikepdf_verdict(pdf: Path | bytes, form: str) -> Report:
    """pikepdf.pdfa's report on `pdf` (a file, or a file's bytes) as PDF/A-`form` ("2b", "1b"):
    an allowlist validator built from veraPDF's rules for ISO 19005-1 and -2, which approves a
    file only if every construct in it is known to conform."""
    from pikepdf.pdfa import validate_written

    return validate_written(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf, form)


def preflight_on_pdfa2b(pdf: Path) -> set[str]:
    """The codes Preflight (a PDF/A-1 validator) gives a file that a PDF/A-2 validator approves
    as 2b; each must be one EXCUSED says PDF/A-2 allows."""
    verdict = pikepdf_verdict(pdf, "2b")
    assert verdict.passed, verdict.summary()
    valid, findings = preflight(pdf)
    assert not valid  # it claims part 2
    for code, sentence in findings:
        assert code in EXCUSED and sentence.startswith(EXCUSED[code]), (code, sentence)
    return {code for code, _ in findings}
