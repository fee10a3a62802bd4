"""The window's roster import says that refused rows naming their flat are kept as flats to check
(and which rows name no unit); the household dialog corrects an owner's name instead of adding one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.dialogs.household_dialog import HouseholdDialog
from retrofit_app.gui.tabs.consultation_tab import ConsultationTab


@pytest.fixture
def tab(qtbot, context: AppContext, demo_path: Path) -> ConsultationTab:  # noqa: ANN001
    project = Project(demo_path, user="测试员")
    context.set_project(project)
    made = ConsultationTab(context)
    qtbot.addWidget(made)
    made.show()
    context.select("estate", project.estates.resolve("颐和新村").uuid)
    return made


def test_the_import_question_says_refused_rows_are_kept_as_flats_to_check(
    tab, context, tmp_path, boxes, monkeypatch
):  # noqa: ANN001
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(lambda _p, title, text, *a: boxes.shown.append(("question", title, text))
                     or QMessageBox.StandardButton.Yes),
    )  # fmt: skip
    roster = tmp_path / "名册.csv"
    roster.write_bytes(
        "楼栋,单元,房号,面积,产权人,意见\n9,1,101,60,王伟,同意\n9,1,102,70,李娜,同 意\n"
        "8,,301,60,钱七,同意\n".encode("gbk")
    )
    tab.import_roster_file(roster)
    assert context.jobs.wait_for_all(10_000)
    (asked,) = boxes.texts("question")
    assert "第 3 行：意见“同 意”无法识别" in asked
    assert "其中 1 行写明了所在的户：这些户将保留为待核实户" in asked
    assert "第 4 行看不出所在楼栋或单元，未导入" in asked
    assert {("9幢", "101"), ("9幢", "102")} <= {(h.building, h.room) for h in tab.model.rows()}
    (told,) = boxes.texts("information")
    assert "第 3 行（9幢1单元102）已保留为待核实户" in told and "该行的其他内容一概未采用" in told
    # The unit's result is not concluded while 102 is to be checked.
    scopes = context.project.consultations.tally_estate(context.selected_estate_uuid())
    (nine,) = [s for s in scopes if s.building == "9幢"]
    assert nine.result.status == "cannot_conclude"


def test_the_household_dialog_corrects_the_owner_s_name(qtbot, context, demo_path):  # noqa: ANN001
    project = Project(demo_path, user="测试员")
    context.set_project(project)
    unit_uuid = project.db.execute("SELECT uuid FROM units LIMIT 1").fetchone()[0]
    made = project.households.create(
        unit_uuid, "999", area=60, owners=[Owner("", "王伟", "320105198602091207")]
    )
    before = project.db.execute("SELECT count(*) FROM owners").fetchone()[0]
    dialog = HouseholdDialog(project.households, unit_uuid, project.households.get(made.uuid))
    qtbot.addWidget(dialog)
    dialog.owners_table.item(0, 0).setText("王玮")  # the same ID: a name typed wrong, corrected
    dialog.save()
    assert project.db.execute("SELECT count(*) FROM owners").fetchone()[0] == before
    assert [o.name for o in project.households.get(made.uuid).owners] == ["王玮"]
    assert dialog.changed
