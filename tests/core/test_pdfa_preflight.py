"""Reports saved with `report --pdfa` checked by a PDF/A validator, Apache PDFBox Preflight
(issue 20 point 5; what it checks and what a PDF/A-2b file may leave: tests/pdfa_preflight.py)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
from needs import need
from pdfa_preflight import EXCUSED, preflight, preflight_on_pdfa2b
from PIL import Image, ImageCms
from test_acceptance_verdict import inspect_all
from test_report_signature import make_certificate

from retrofit_app.cli import main
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.evidence.report_archive import make_pdfa, srgb_profile
from retrofit_app.core.evidence.report_signature import check_signature
from retrofit_app.core.project import Project


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
    assert preflight_on_pdfa2b(pdf) == {"7.11.2"}  # approved as 2b by pikepdf.pdfa
    # Claiming part 1 instead, the very same file is a valid PDF/A-1b for Preflight.
    assert preflight(as_part_1(pdf, tmp_path / "part1.pdf")) == (True, [])


def test_an_acceptance_report_with_photos_leaves_preflight_only_what_pdfa2_allows(
    archived, tmp_path
):
    pdf = archived["acceptance"]
    need("pdfimages")
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
    assert len(images.splitlines()) > 2  # photos placed
    assert preflight_on_pdfa2b(pdf) == {"4.1.2", "7.11.2"}  # approved as 2b by pikepdf.pdfa
    # Part 1 claimed: the watermark's transparency is all PDF/A-1 would still refuse.
    valid, findings = preflight(as_part_1(pdf, tmp_path / "part1.pdf"))
    assert not valid and {code for code, _ in findings} == {"4.1.2"}


@pytest.mark.parametrize(
    ("kind", "args"),
    [("notice", ["--estate", "GL-0001", "--kind", "notice"]), ("review", ["--kind", "review"])],
)
def test_a_notice_and_a_review_report_saved_as_pdfa_1b_are_valid_for_preflight(
    demo_template, kind, args, tmp_path
):
    if kind == "review":
        args = [*args, "--period", str(dt.date.today().year)]
    pdf = save_pdfa(demo_template, tmp_path / f"{kind}.pdf", "1b", *args)
    assert pdf.read_bytes().startswith(b"%PDF-1.4")
    assert preflight(pdf) == (True, [])


def test_a_draft_acceptance_report_is_refused_as_pdfa_1b_for_its_see_through_watermark(
    demo_template, tmp_path, capsys
):
    out = tmp_path / "验收.pdf"
    args = ["report", str(demo_template), "--estate", "XW-0001", "--kind", "acceptance",
            "--out", str(out), "--pdfa", "1b"]  # fmt: skip
    assert main(args) == 1
    assert "不能存为 PDF/A-1b：报告用了透明效果" in capsys.readouterr().err
    with pikepdf.open(out) as pdf:  # the report as written, claiming no PDF/A part
        assert "/Metadata" not in pdf.Root


def test_an_inspected_acceptance_report_with_photos_saved_as_pdfa_1b_is_valid_for_preflight(
    demo_path, tmp_path
):
    with Project(demo_path, user="测试员") as project:  # every item inspected: no draft watermark
        inspect_all(project, project.estates.resolve("XW-0001").uuid)
    pdf = save_pdfa(demo_path, tmp_path / "验收.pdf", "1b", "--estate", "XW-0001",
                    "--kind", "acceptance", "--photos", "all")  # fmt: skip
    need("pdfimages")
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
    assert len(images.splitlines()) > 2  # photos placed
    assert preflight(pdf) == (True, [])


def test_a_signed_pdfa_notice_leaves_preflight_only_its_part_number_and_its_signature_holds(
    demo_path, tmp_path, monkeypatch
):
    p12, der = make_certificate(tmp_path / "district.p12", "玄武区住房保障和房产局")
    monkeypatch.setenv("DISTRICT_PW", "district-pw")
    signed = save_pdfa(
        demo_path, tmp_path / "签名公示.pdf", "--estate", "GL-0001", "--kind", "notice",
        "--sign-p12", str(p12), "--sign-password-env", "DISTRICT_PW",
    )  # fmt: skip
    check = check_signature(signed, [der])
    assert check.ok and check.covers_whole_file
    # the signature's widget has an (empty) appearance; the XMP is still the archive's own
    assert preflight(signed) == (False, [("7.11.2", EXCUSED["7.11.2"])])
    with pikepdf.open(signed) as pdf:
        assert pdf.Root.AcroForm.Fields[0].AP.N.BBox == [0, 0, 0, 0]
        producer = str(pdf.docinfo["/Producer"])
        with pdf.open_metadata() as meta:
            assert meta["pdf:Producer"] == producer


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


@pytest.mark.parametrize(
    ("state", "refused"),
    [({"/ca": 0.5}, True), ({"/CA": 0.2}, True), ({"/BM": "/Multiply"}, True),
     ({"/SMask": {"/S": "/Luminosity"}}, True), ({"/ca": 1, "/BM": "/Normal"}, False),
     ({"/SMask": "/None"}, False)],
)  # fmt: skip
def test_pdfa_1b_is_refused_exactly_for_what_pdfa_1_calls_transparency(state, refused, tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "page.pdf"
    drawing = canvas.Canvas(str(path))
    drawing.rect(100, 100, 200, 100, fill=1)
    drawing.save()
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        value = {k: pikepdf.Name(v) if isinstance(v, str) else v for k, v in state.items()}
        if isinstance(value.get("/SMask"), dict):
            value["/SMask"] = pikepdf.Dictionary(
                {k: pikepdf.Name(v) for k, v in state["/SMask"].items()}
            )
        pdf.pages[0].Resources.ExtGState = pikepdf.Dictionary(G0=pikepdf.Dictionary(value))
        pdf.save(path)
    before = path.read_bytes()
    if refused:
        with pytest.raises(RetrofitError) as raised:
            make_pdfa(path, "1b")
        assert raised.value.code is ErrorCode.PDFA1_TRANSPARENCY
        assert path.read_bytes() == before  # left as it was
    else:
        make_pdfa(path, "1b")
        with pikepdf.open(path) as pdf, pdf.open_metadata() as meta:
            assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("1", "B")
    make_pdfa(path, "2b")  # PDF/A-2 allows transparency
