"""The signature pad (issue 20 point 4), clicked through the real widgets: strokes drawn with the
mouse on the pad of the vote dialog (the owner's signed consent) and of an acceptance party's row
are stored with signer and time, the record shows as signed, undo withdraws it; a pen (tablet)
and a finger (touch) draw strokes too; the drawn party signature prints in the report."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from retrofit_app.core.project import Project
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.dialogs.signature_dialog import SignatureDialog
from retrofit_app.gui.signature_pad import PAD_HEIGHT, PAD_WIDTH, SignaturePad
from retrofit_app.gui.tabs.consultation_tab import ConsultationTab
from retrofit_app.gui.tabs.reports_tab import ReportsTab
from tests.gui.test_consultation_tab import tab as consultation_tab  # noqa: F401 - a fixture


def draw(pad: SignaturePad, *strokes: list[tuple[float, float]]) -> None:
    """Each stroke pressed, moved through and released with the mouse; points as shares of the pad."""
    for stroke in strokes:
        points = [QPoint(int(x * pad.width()), int(y * pad.height())) for x, y in stroke]
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
        for point in points[1:]:
            QTest.mouseMove(pad, point, 5)
        QTest.mouseRelease(
            pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1]
        )


WANG = ([(0.1, 0.5), (0.2, 0.3), (0.3, 0.6), (0.4, 0.35)], [(0.5, 0.4), (0.7, 0.42), (0.8, 0.7)])


def signature_dialog(qtbot, parent) -> SignatureDialog:  # noqa: ANN001
    found: list[SignatureDialog] = []
    qtbot.waitUntil(lambda: bool(found.extend(parent.findChildren(SignatureDialog)) or found))
    return found[-1]


def vote_dialog(tab: ConsultationTab, *, voted: bool) -> tuple:
    """The first household with (or without) a vote, and its vote dialog opened."""
    row = next(i for i, h in enumerate(tab.model.rows()) if (h.vote is not None) == voted)
    tab.table.setCurrentIndex(tab.model.index(row, 0))
    return tab.model.rows()[row], tab.open_vote_dialog()


def test_the_owner_signs_the_recorded_vote_on_the_pad_and_undo_withdraws_it(
    qtbot,
    consultation_tab: ConsultationTab,  # noqa: F811 - the fixture imported above
    context: AppContext,
    demo_path: Path,  # noqa: ANN001
) -> None:
    tab = consultation_tab
    household, dialog = vote_dialog(tab, voted=True)
    assert "未签名" in dialog.signature_row.status.text()
    qtbot.mouseClick(dialog.signature_row.sign_button, Qt.MouseButton.LeftButton)
    pad_dialog = signature_dialog(qtbot, dialog)
    assert pad_dialog.name_edit.text() == household.owners[0].name  # the owner is asked first
    assert not pad_dialog.ok_button.isEnabled()  # nothing drawn yet
    draw(pad_dialog.pad, [(0.5, 0.5)])  # a click is a dot, not a signature
    assert not pad_dialog.ok_button.isEnabled()
    qtbot.mouseClick(pad_dialog.clear_button, Qt.MouseButton.LeftButton)
    assert pad_dialog.pad.strokes() == []
    draw(pad_dialog.pad, *WANG)
    assert pad_dialog.ok_button.isEnabled()
    with qtbot.waitSignal(pad_dialog.accepted, timeout=2000):
        qtbot.mouseClick(pad_dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "已签名" in dialog.signature_row.status.text()
    assert household.owners[0].name in dialog.signature_row.status.text()
    assert dialog.signature_row.picture.pixmap() is not None

    with Project(demo_path, readonly=True) as other:
        stored = other.signatures.of_vote(household.vote.uuid)
        assert stored is not None and stored.signer == household.owners[0].name
        assert stored.recorded_by == "测试员" and (stored.width, stored.height) == (
            PAD_WIDTH,
            PAD_HEIGHT,
        )
        assert [len(s) for s in stored.strokes] == [4, 3]
        first = stored.strokes[0]
        assert first[0][0] == pytest.approx(0.1 * PAD_WIDTH, abs=2)
        assert first[0][1] == pytest.approx(0.5 * PAD_HEIGHT, abs=2)
        times = [ms for s in stored.strokes for _x, _y, ms in s]
        assert times[0] == 0 and times == sorted(times)
    dialog.reject()

    # Opened again, the vote shows as signed; undo withdraws, redo signs again.
    again = tab.open_vote_dialog()
    assert "已签名" in again.signature_row.status.text()
    again.reject()
    context.undo_stack.undo()
    assert context.project.signatures.of_vote(household.vote.uuid) is None
    context.undo_stack.redo()
    assert context.project.signatures.of_vote(household.vote.uuid) == stored


def test_an_owner_signing_while_the_vote_is_first_recorded_is_stored_with_it(
    qtbot,
    consultation_tab: ConsultationTab,  # noqa: F811 - the fixture imported above
    demo_path: Path,  # noqa: ANN001
) -> None:
    tab = consultation_tab
    household, dialog = vote_dialog(tab, voted=False)
    dialog.vote_combo.setCurrentIndex(dialog.vote_combo.findData("agree"))
    qtbot.mouseClick(dialog.signature_row.sign_button, Qt.MouseButton.LeftButton)
    pad_dialog = signature_dialog(qtbot, dialog)
    pad_dialog.name_edit.setText("李桂兰")
    draw(pad_dialog.pad, *WANG)
    qtbot.mouseClick(pad_dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "保存后存入" in dialog.signature_row.status.text()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with Project(demo_path, readonly=True) as other:
        vote = other.consultations.vote_of(household.household_uuid)
        assert vote.choice == "agree"
        assert other.signatures.of_vote(vote.uuid).signer == "李桂兰"


def test_a_pen_and_a_finger_draw_strokes_on_the_pad(qtbot) -> None:  # noqa: ANN001
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.show()
    qtbot.waitExposed(pad)
    pen = QPointingDevice.primaryPointingDevice()
    for kind, x in ((QTabletEvent.Type.TabletPress, 20), (QTabletEvent.Type.TabletMove, 60),
                    (QTabletEvent.Type.TabletMove, 100), (QTabletEvent.Type.TabletRelease, 120)):  # fmt: skip
        local = QPointF(x, 40)
        event = QTabletEvent(kind, pen, local, pad.mapToGlobal(local), 0.5, 0.0, 0.0, 0.0, 0.0, 0.0,
                             Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton,
                             Qt.MouseButton.LeftButton)  # fmt: skip
        QApplication.sendEvent(pad, event)
    assert len(pad.strokes()) == 1 and len(pad.strokes()[0]) == 4
    finger = QTest.createTouchDevice()
    QTest.touchEvent(pad, finger).press(0, QPoint(30, 80)).commit()
    QTest.touchEvent(pad, finger).move(0, QPoint(90, 90)).commit()
    QTest.touchEvent(pad, finger).move(0, QPoint(150, 70)).commit()
    QTest.touchEvent(pad, finger).release(0, QPoint(150, 70)).commit()
    strokes = pad.strokes()
    assert len(strokes) == 2 and len(strokes[1]) >= 3  # the finger's stroke, once (no mouse copy)
    assert pad.has_signature()


@pytest.mark.needs("pdftotext")
def test_a_party_signs_in_the_acceptance_record_and_the_report_prints_it(
    qtbot,
    context: AppContext,
    boxes,
    demo_path: Path,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    project = Project(demo_path, user="测试员")
    context.set_project(project)
    estate = project.estates.resolve("GL-0001")
    tab = ReportsTab(context)
    qtbot.addWidget(tab)
    tab.show()
    tab.estate_combo.setCurrentIndex(tab.estate_combo.findData(estate.uuid))
    panel = tab.record_panel
    panel.name_edits["contractor"].setText("金陵建设公司")
    panel.person_edits["contractor"].setText("赵工")
    row = panel.signature_rows["contractor"]
    assert row.status.text() == "未签"
    qtbot.mouseClick(row.sign_button, Qt.MouseButton.LeftButton)  # saves what is typed first
    pad_dialog = signature_dialog(qtbot, panel)
    assert pad_dialog.name_edit.text() == "赵工"
    draw(pad_dialog.pad, *WANG)
    with qtbot.waitSignal(pad_dialog.accepted, timeout=2000):
        qtbot.mouseClick(pad_dialog.ok_button, Qt.MouseButton.LeftButton)
    assert row.status.text() == "已签" and "赵工" in row.status.toolTip()
    assert row.withdraw_button.isVisible()
    party = project.acceptances.chosen(estate.uuid).parties["contractor"]
    assert project.signatures.of_party(party.uuid).signer == "赵工"

    tab.out_edit.setText(str(tmp_path / "验收.pdf"))
    with qtbot.waitSignal(tab.report_built, timeout=60_000) as built:
        qtbot.mouseClick(tab.build_button, Qt.MouseButton.LeftButton)
    text = subprocess.run(["pdftotext", str(built.args[0].path), "-"], capture_output=True,
                          text=True).stdout  # fmt: skip
    assert "".join(text.split()).count("赵工签于") == 1

    qtbot.mouseClick(row.withdraw_button, Qt.MouseButton.LeftButton)
    assert row.status.text() == "未签" and project.signatures.of_party(party.uuid) is None


def test_a_changed_choice_is_signed_again_and_the_old_signature_withdrawn_on_save(
    qtbot,
    consultation_tab: ConsultationTab,  # noqa: F811 - the fixture imported above
    demo_path: Path,  # noqa: ANN001
) -> None:
    tab = consultation_tab
    household = next(h for h in tab.model.rows() if h.vote is not None)
    old = tab.context.project.signatures.sign_vote(
        household.vote.uuid, "王建国", [[[10, 10, 0], [200, 100, 40]]], PAD_WIDTH, PAD_HEIGHT
    )
    household, dialog = vote_dialog(tab, voted=True)
    assert "已签名 王建国" in dialog.signature_row.status.text()
    other = "object" if household.vote.choice != "object" else "agree"
    dialog.vote_combo.setCurrentIndex(dialog.vote_combo.findData(other))
    assert "保存后原签名撤回" in dialog.signature_row.status.text()
    qtbot.mouseClick(dialog.signature_row.sign_button, Qt.MouseButton.LeftButton)
    pad_dialog = signature_dialog(qtbot, dialog)
    draw(pad_dialog.pad, *WANG)
    qtbot.mouseClick(pad_dialog.ok_button, Qt.MouseButton.LeftButton)
    with Project(demo_path, readonly=True) as other_view:  # nothing stored before Save
        assert other_view.signatures.of_vote(household.vote.uuid).uuid == old.uuid
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with Project(demo_path, readonly=True) as other_view:
        now = other_view.signatures.of_vote(household.vote.uuid)
        assert now.uuid != old.uuid and [len(s) for s in now.strokes] == [4, 3]
        assert other_view.signatures.get(old.uuid).withdrawn_at is not None
        assert other_view.consultations.vote(household.vote.uuid).choice == other
