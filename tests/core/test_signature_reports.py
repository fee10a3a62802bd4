"""Signatures drawn on the pad, printed (issue 20 point 4): the acceptance report draws a party's
strokes in its box with signer and time, and leaves the other boxes empty for a pen; the
feasibility record prints the owners' consent signed on the pad; the acceptance report's digest
names the signature, so withdrawing it afterwards is found by verify-report."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image

from retrofit_app.cli import main
from retrofit_app.core.project import Project

STROKES = [
    [[20, 80, 0], [60, 40, 35], [100, 90, 70], [140, 50, 110]],
    [[160, 60, 400], [220, 62, 430], [260, 120, 470]],
]


def page_text(pdf: Path, page: int) -> str:
    args = ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return "".join(subprocess.run(args, capture_output=True, text=True, check=True).stdout.split())


def page_with(pdf: Path, words: str) -> int:
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(pdf)], capture_output=True, text=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    return next(p for p in range(1, pages + 1) if words in page_text(pdf, p))


def ink_pixels(pdf: Path, page: int) -> int:
    """Pixels of the signature's blue-black ink on the page rendered at 60 dpi."""
    out = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "60", "-f", str(page), "-l", str(page), "-png",
                    "-singlefile", str(pdf), str(out)], check=True)  # fmt: skip
    image = Image.open(out.with_suffix(".png")).convert("RGB")
    data = image.tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    return sum(1 for r, g, b in pixels if b > r + 40 and b > g + 30 and r < 110)


def report(project: Path, kind: str, out: Path, *extra: str) -> Path:
    assert main(["report", str(project), "--estate", "GL-0001", "--kind", kind,
                 "--out", str(out), *extra]) == 0  # fmt: skip
    return out


def test_the_acceptance_report_draws_a_signed_partys_strokes_and_leaves_paper_boxes_empty(
    demo_path: Path, tmp_path: Path, capsys
) -> None:
    with Project(demo_path) as project:
        estate = project.estates.resolve("GL-0001")
        record = project.acceptances.chosen(estate.uuid) or project.acceptances.add(estate.uuid)
        record = project.acceptances.set_parties(
            record, {"client": ("玄武区房产局", "王建国"), "contractor": ("金陵建设公司", "赵工")}
        )
        client = record.parties["client"].uuid
    unsigned = report(demo_path, "acceptance", tmp_path / "未签.pdf")
    boxes = page_with(unsigned, "验收各方签字盖章")
    assert ink_pixels(unsigned, boxes) == 0
    assert page_text(unsigned, boxes).count("负责人（签字）") == 6

    with Project(demo_path) as project:
        signature = project.signatures.sign_party(client, "王建国", STROKES, 300, 150)
    signed = report(demo_path, "acceptance", tmp_path / "已签.pdf")
    page = page_with(signed, "验收各方签字盖章")
    text = page_text(signed, page)
    assert "王建国签于2026-" in text or "王建国签于20" in text
    assert text.count("签于") == 1  # the contractor's box and the others stay empty for a pen
    assert text.count("负责人（签字）") == 6
    assert ink_pixels(signed, page) > 15

    # The report's digest names the signature: withdrawn afterwards, verify-report says so.
    capsys.readouterr()
    assert main(["verify-report", str(demo_path), str(signed)]) == 0
    with Project(demo_path) as project:
        project.signatures.withdraw(signature.uuid)
    capsys.readouterr()
    assert main(["verify-report", str(demo_path), str(signed)]) != 0
    said = capsys.readouterr()
    assert "王建国" in said.out + said.err


def test_the_feasibility_record_prints_the_owners_consent_signed_on_the_pad(
    demo_path: Path, tmp_path: Path
) -> None:
    unsigned = report(demo_path, "feasibility", tmp_path / "未签.pdf", "--unit", "1幢1单元")
    with Project(demo_path) as project:
        vote, room = project.conn.execute(
            """SELECT v.uuid, h.room FROM votes v JOIN consultations c ON c.uuid = v.consultation_uuid
               JOIN households h ON h.uuid = v.household_uuid
               JOIN units u ON u.uuid = h.unit_uuid JOIN buildings b ON b.uuid = u.building_uuid
               JOIN estates e ON e.uuid = c.estate_uuid
               WHERE e.code = 'GL-0001' AND b.name = '1幢' AND u.name = '1单元'
               ORDER BY v.fid LIMIT 1"""
        ).fetchone()
        project.signatures.sign_vote(vote, "李桂兰", STROKES, 300, 150)
    signed = report(demo_path, "feasibility", tmp_path / "已签.pdf", "--unit", "1幢1单元")
    page = page_with(signed, "业主在签名板上的签名")
    text = page_text(signed, page)
    assert room in text and "李桂兰签于" in text
    assert ink_pixels(signed, page) > 15
    assert "签名板" not in "".join(page_text(unsigned, p) for p in (1, 2, 3))
