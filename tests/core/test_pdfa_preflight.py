"""Reports saved with `report --pdfa` checked by a PDF/A validator: Apache PDFBox Preflight
(issue 20 point 5).

Preflight checks ISO 19005-1 (PDF/A-1b; China's GB/T 23286.1-2009 is its identical adoption).
Our files are PDF/A-2b (ISO 19005-2), so Preflight's verdict is read finding by finding: only
what PDF/A-2 allows may be left, and each of those is named below with the reason.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from needs import PREFLIGHT_JARS, need
from PIL import Image, ImageCms

from retrofit_app.cli import main
from retrofit_app.core.evidence.report_archive import srgb_profile

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


def save_pdfa(project: Path, out: Path, *args: str) -> Path:
    assert main(["report", str(project), "--out", str(out), "--pdfa", *args]) == 0
    return out


def as_part_1(pdf: Path, out: Path) -> Path:
    """The same file claiming PDF/A-1b: what Preflight says then is everything else it found."""
    with pikepdf.open(pdf) as document:
        xmp = document.Root.Metadata.read_bytes().replace(
            b"<pdfaid:part>2</pdfaid:part>", b"<pdfaid:part>1</pdfaid:part>"
        )
        assert b"<pdfaid:part>1</pdfaid:part>" in xmp
        document.Root.Metadata.write(xmp)
        document.save(out)
    return out


def fonts_of(pdf: Path) -> list[str]:
    need("pdffonts")
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    return rows.splitlines()[2:]


@pytest.fixture(scope="module")
def archived(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A notice, an acceptance report with its photos and the review report, saved as PDF/A."""
    folder = tmp_path_factory.mktemp("pdfa")
    year = str(dt.date.today().year)
    return {
        "notice": save_pdfa(demo_template, folder / "公示.pdf", "--estate", "GL-0001", "--kind", "notice"),
        "acceptance": save_pdfa(demo_template, folder / "验收.pdf", "--estate", "XW-0001",
                                "--kind", "acceptance", "--photos", "all"),
        "review": save_pdfa(demo_template, folder / "评估.pdf", "--kind", "review", "--period", year),
    }  # fmt: skip


@pytest.mark.parametrize("kind", ["notice", "review"])
def test_a_notice_and_a_review_report_leave_preflight_nothing_but_their_part_number(
    archived, kind, tmp_path
):
    pdf = archived[kind]
    rows = fonts_of(pdf)
    assert any("WenQuanYi" in row for row in rows)  # Chinese text, in an embedded font
    assert all(row.split()[-5] == "yes" for row in rows), rows  # the emb column
    valid, findings = preflight(pdf)
    assert not valid
    assert findings == [("7.11.2", EXCUSED["7.11.2"])]
    # Claiming part 1 instead, the very same file is a valid PDF/A-1b for Preflight.
    assert preflight(as_part_1(pdf, tmp_path / "part1.pdf")) == (True, [])


def test_an_acceptance_report_with_photos_leaves_preflight_only_what_pdfa2_allows(
    archived, tmp_path
):
    pdf = archived["acceptance"]
    need("pdfimages")
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
    assert len(images.splitlines()) > 2  # photos placed
    valid, findings = preflight(pdf)
    assert not valid
    codes = {code for code, _ in findings}
    assert codes == {"4.1.2", "7.11.2"}, findings
    for code, sentence in findings:
        assert sentence.startswith(EXCUSED[code]), (code, sentence)
    # Part 1 claimed: the watermark's transparency is all PDF/A-1 would still refuse.
    valid, findings = preflight(as_part_1(pdf, tmp_path / "part1.pdf"))
    assert not valid and {code for code, _ in findings} == {"4.1.2"}


def test_the_output_intent_profile_is_srgb_as_an_icc_version_2_profile():
    profile = srgb_profile()
    assert profile[36:40] == b"acsp" and profile[8] == 2  # PDF/A-1 readers take version 2 only
    opened = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    assert ImageCms.getProfileDescription(opened).strip() == "sRGB IEC61966-2.1"
    colours = [(0, 0, 0), (255, 0, 0), (128, 200, 30), (70, 70, 240), (255, 255, 255)]
    image = Image.new("RGB", (len(colours), 1))
    image.putdata(colours)
    srgb = ImageCms.createProfile("sRGB")
    through = ImageCms.applyTransform(image, ImageCms.buildTransform(srgb, opened, "RGB", "RGB"))
    after_all = [through.getpixel((x, 0)) for x in range(len(colours))]
    for before, after in zip(colours, after_all, strict=True):
        assert max(abs(a - b) for a, b in zip(before, after, strict=True)) <= 1, (before, after)
