"""A report signed with a district's PKCS#12 certificate (checked by pyhanko) and saved as PDF/A-2b."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pikepdf
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from retrofit_app.cli import main
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.evidence.report_archive import make_pdfa2b
from retrofit_app.core.evidence.report_digest_check import digest_in_pdf
from retrofit_app.core.evidence.report_signature import check_signature, sign_pdf
from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project
from retrofit_app.core.reports import build_report

OFFICE = "玄武区住房保障和房产局"


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, bytes]:
    return make_certificate(tmp_path / "district.p12", OFFICE)


def make_certificate(path: Path, office: str) -> tuple[Path, bytes]:
    """A self-signed certificate of `office` in a PKCS#12 file (password 'district-pw') and its DER."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, office),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(
        digital_signature=True, content_commitment=True, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"district", key, cert, None, serialization.BestAvailableEncryption(b"district-pw")
        )
    )
    return path, cert.public_bytes(serialization.Encoding.DER)


@pytest.fixture
def consulted(project: Project) -> Path:
    """A project with one consulted unit; closed, its path returned."""
    estate = project.estates.create("锁金新村", "玄武区", code="XW-8001")
    unit = project.buildings.add_unit(project.buildings.create(estate.uuid, "1幢").uuid, "1单元")
    consultation = project.consultations.for_scope("unit", unit.uuid)
    for room, owner in (("101", "王伟"), ("102", "李娜")):
        flat = project.households.create(
            unit.uuid, room, floor=1, area=60, owners=[Owner("", owner)]
        )
        project.consultations.record_vote(consultation.uuid, flat.uuid, "agree", method="in_person")
    path = project.path
    project.close()
    return path


def report_args(path: Path, out: Path, *more: str) -> list[str]:
    return ["report", str(path), "--estate", "XW-8001", "--kind", "notice", "--unit", "1幢1单元",
            "--out", str(out), *more]  # fmt: skip


def test_a_signed_pdfa_notice_validates_with_pyhanko_and_still_verifies_its_records(
    consulted, certificate, tmp_path, monkeypatch, capsys
):
    p12, der = certificate
    out = tmp_path / "公示.pdf"
    monkeypatch.setenv("DISTRICT_PW", "district-pw")
    args = report_args(
        consulted, out, "--pdfa", "--sign-p12", str(p12), "--sign-password-env", "DISTRICT_PW"
    )
    assert main(args) == 0
    check = check_signature(out, [der])
    assert check.ok and check.covers_whole_file
    assert OFFICE in check.signer
    with pikepdf.open(out) as pdf:
        producer = str(pdf.docinfo["/Producer"])  # read before open_metadata, which rewrites it
        with pdf.open_metadata() as meta:
            assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
            # PDF/A: the document information and the XMP metadata say the same
            assert meta["pdf:Producer"] == producer
            assert meta["dc:title"] == str(pdf.docinfo["/Title"])
    capsys.readouterr()
    assert main(["verify-report", str(consulted), str(out)]) == 0
    said = capsys.readouterr().out
    assert "未改动" in said and f"数字签名：{OFFICE}；签名后文件未改动" in said
    data = bytearray(out.read_bytes())
    at = data.index(b"/Title")  # inside the signed bytes: the document information
    data[at + 8] ^= 0x01
    out.write_bytes(bytes(data))
    assert main(["verify-report", str(consulted), str(out)]) == 1  # the records hold, the file not
    assert f"数字签名：{OFFICE}的签名不成立" in capsys.readouterr().out


def test_a_signed_report_is_untrusted_under_another_root_and_broken_when_changed_afterwards(
    consulted, certificate, tmp_path
):
    p12, der = certificate
    with Project(consulted) as project:
        result = build_report(
            project, "notice", project.estates.list(), tmp_path / "公示.pdf", scope="1幢1单元"
        )
    sign_pdf(result.path, p12, "district-pw")
    _, stranger = make_certificate(tmp_path / "other.p12", "别的单位")
    elsewhere = check_signature(result.path, [stranger])
    assert elsewhere.intact and not elsewhere.trusted and not elsewhere.ok
    data = bytearray(result.path.read_bytes())
    at = data.index(b"/Title")  # inside the signed bytes: the document information
    data[at + 8] ^= 0x01
    result.path.write_bytes(bytes(data))
    assert not check_signature(result.path, [der]).intact


def test_a_wrong_password_or_unset_variable_is_refused_and_leaves_the_report(
    consulted, certificate, tmp_path, monkeypatch, capsys
):
    p12, _ = certificate
    with Project(consulted) as project:
        result = build_report(
            project, "notice", project.estates.list(), tmp_path / "公示.pdf", scope="1幢1单元"
        )
    before = result.path.read_bytes()
    with pytest.raises(RetrofitError) as refused:
        sign_pdf(result.path, p12, "wrong")
    assert refused.value.code == ErrorCode.SIGN_KEY_UNREADABLE
    assert result.path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".part") == []
    monkeypatch.delenv("NO_SUCH_PW", raising=False)
    out = tmp_path / "未写.pdf"
    assert (
        main(
            report_args(consulted, out, "--sign-p12", str(p12), "--sign-password-env", "NO_SUCH_PW")
        )
        == 1
    )
    assert "NO_SUCH_PW" in capsys.readouterr().err and not out.exists()
    # A wrong password is said before the report is built: no unsigned report is left to pass as signed.
    monkeypatch.setenv("WRONG_PW", "wrong")
    args = report_args(consulted, out, "--sign-p12", str(p12), "--sign-password-env", "WRONG_PW")
    assert main(args) == 1
    assert str(p12.name) in capsys.readouterr().err and not out.exists()


def test_a_pdfa_report_embeds_every_font_and_carries_output_intent_and_xmp(consulted, tmp_path):
    with Project(consulted) as project:
        result = build_report(
            project, "notice", project.estates.list(), tmp_path / "公示.pdf", scope="1幢1单元"
        )
    make_pdfa2b(result.path)
    fonts = subprocess.run(["pdffonts", str(result.path)], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # the emb column
    with pikepdf.open(result.path) as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == pikepdf.Name.GTS_PDFA1
        assert intent.DestOutputProfile.N == 3
        assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"  # an ICC profile
        assert "/Filter" not in pdf.Root.Metadata
        with pdf.open_metadata() as meta:
            assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
            assert meta["dc:title"] == str(pdf.docinfo["/Title"])
        assert "/Trapped" not in pdf.docinfo
    assert digest_in_pdf(result.path) == result.digest
