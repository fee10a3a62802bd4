"""Every report kind saved with `report --pdfa` approved by a PDF/A validator that runs here:
pikepdf.pdfa (pikepdf[pdfa]), an allowlist validator built from veraPDF's rules for ISO 19005-1
and -2. It approves a file only if every construct it meets is known to conform; whatever it
does not know is a finding (issue 20 point 5)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from pdfa_preflight import pikepdf_verdict
from test_acceptance_verdict import inspect_all
from test_report_signature import make_certificate

from retrofit_app.cli import main
from retrofit_app.core.evidence.report_signature import check_signature
from retrofit_app.core.project import Project

NOTICE = ("--estate", "GL-0001", "--kind", "notice")
KINDS = {
    "notice": NOTICE,
    "feasibility": ("--estate", "GL-0001", "--kind", "feasibility", "--unit", "1幢"),
    "survey": ("--estate", "GL-0001", "--kind", "survey"),
    "review": ("--kind", "review", "--period", str(dt.date.today().year)),
    # the draft (items not yet inspected): its watermark is see-through, so 2b only
    "draft acceptance": ("--estate", "XW-0001", "--kind", "acceptance", "--photos", "all"),
    # every item inspected: photos, the QR code, no watermark
    "final acceptance": ("--estate", "XW-0001", "--kind", "acceptance", "--photos", "all"),
}
FORMS = [(kind, "2b") for kind in KINDS] + [
    (kind, "1b") for kind in KINDS if kind != "draft acceptance"
]


def report(project: Path, out: Path, *args: str) -> Path:
    assert main(["report", str(project), "--out", str(out), *args]) == 0
    return out


@pytest.fixture(scope="module")
def projects(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo project as it is, and a copy with XW-0001's acceptance items all inspected."""
    inspected = tmp_path_factory.mktemp("inspected") / "示范.gpkg"
    shutil.copyfile(demo_template, inspected)
    with Project(inspected, user="测试员") as project:
        inspect_all(project, project.estates.resolve("XW-0001").uuid)
    return {"draft": demo_template, "inspected": inspected}


@pytest.mark.parametrize(("kind", "form"), FORMS)
def test_each_report_kind_saved_as_pdfa_is_approved_by_pikepdfs_validator(
    projects, kind, form, tmp_path
):
    project = projects["inspected" if kind == "final acceptance" else "draft"]
    pdf = report(project, tmp_path / f"{kind}.pdf", *KINDS[kind], "--pdfa", form)
    verdict = pikepdf_verdict(pdf, form)
    assert verdict.findings == [], verdict.summary()
    assert verdict.passed and verdict.output_intent == "RGB"


def test_the_plain_report_is_not_approved(projects, tmp_path):
    """The validator is no rubber stamp: the report as ReportLab writes it claims no PDF/A."""
    pdf = report(projects["draft"], tmp_path / "公示.pdf", *NOTICE)
    verdict = pikepdf_verdict(pdf, "2b")
    assert verdict.verdict == "fail" and verdict.violations, verdict.summary()


def first_revision(signed: bytes) -> bytes:
    """The file as it was before the signature was appended (pyhanko signs incrementally)."""
    end = signed.index(b"%%EOF") + len(b"%%EOF")
    return signed[: end + 1] if signed[end : end + 1] == b"\n" else signed[:end]


@pytest.mark.parametrize("form", ["2b", "1b"])
def test_a_signed_pdfa_notice_is_the_approved_archive_file_plus_its_signature(
    projects, form, tmp_path, monkeypatch
):
    p12, der = make_certificate(tmp_path / "district.p12", "玄武区住房保障和房产局")
    monkeypatch.setenv("DISTRICT_PW", "district-pw")
    signed = report(projects["draft"], tmp_path / "签名公示.pdf", *NOTICE, "--pdfa", form,
                    "--sign-p12", str(p12), "--sign-password-env", "DISTRICT_PW")  # fmt: skip
    check = check_signature(signed, [der])
    assert check.ok and check.covers_whole_file
    before = pikepdf_verdict(first_revision(signed.read_bytes()), form)
    assert before.passed, before.summary()
    # The signature is a form field (/AcroForm), which PDF/A allows and this validator does not
    # check; pyhanko's update also names PDF 1.7 in the catalog, past what it checks for part 1.
    # Nothing it found is a violation.
    after = pikepdf_verdict(signed, form)
    assert not after.violations, after.summary()
    found = {(finding.rule, finding.where.rsplit(" ", 1)[-1]) for finding in after.unsupported}
    expected = {("pikepdf:schema-Catalog", "/AcroForm")}
    if form == "1b":
        expected.add(("pikepdf:schema-Catalog", "/Version"))
    assert found == expected, after.summary()
