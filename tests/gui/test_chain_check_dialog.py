"""Tools → 检查证据链: the window shows what `retrofit-app verify` finds (issue 20 point 2)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project
from retrofit_app.gui.context import AppContext
from retrofit_app.gui.dialogs.chain_check_dialog import ChainCheckDialog


def two_votes(path: Path) -> str:
    """A project where flats 201 and 202 voted through the program; 201's uuid."""
    with Project.create(path, user="测试员") as project:
        estate = project.estates.create("锁金新村", "玄武区", code="XW-8001")
        unit = project.buildings.add_unit(
            project.buildings.create(estate.uuid, "1幢").uuid, "1单元"
        )
        consultation = project.consultations.for_scope("unit", unit.uuid)
        flats = [
            project.households.create(unit.uuid, room, floor=2, area=60, owners=[Owner("", name)])
            for room, name in (("201", "王伟"), ("202", "李娜"))
        ]
        for flat in flats:
            project.consultations.record_vote(
                consultation.uuid, flat.uuid, "agree", method="in_person"
            )
    return flats[0].uuid


def done(qtbot, context: AppContext) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: context.jobs.active_count() == 0, timeout=30_000)


def test_the_dialog_says_whole_then_names_a_vote_edited_with_sqlite3(
    qtbot, context: AppContext, tmp_path: Path
) -> None:  # noqa: ANN001
    path = tmp_path / "项目.gpkg"
    flat = two_votes(path)
    context.set_project(Project(path, user="测试员"))
    dialog = ChainCheckDialog(context)
    qtbot.addWidget(dialog)
    # The check runs on a pool thread: the window stays live meanwhile.
    assert dialog.verdict_label.text() == "正在检查证据链…"
    assert not dialog.again_button.isEnabled()
    done(qtbot, context)
    assert dialog.result is not None and dialog.result.ok and dialog.again_button.isEnabled()
    assert dialog.verdict_label.text().startswith("证据链完整")
    assert dialog.details.toPlainText() == ""
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE votes SET choice = 'object' WHERE household_uuid = ?", [flat])
    conn.close()
    qtbot.mouseClick(dialog.again_button, Qt.MouseButton.LeftButton)
    done(qtbot, context)
    assert dialog.verdict_label.text().startswith("发现 1 处")
    shown = dialog.details.toPlainText()
    assert "201" in shown and "锁金新村" in shown and "程序之外被改动" in shown


def test_the_tools_menu_opens_it(qtbot, window, monkeypatch) -> None:  # noqa: ANN001
    opened: list[str] = []
    monkeypatch.setattr(ChainCheckDialog, "exec", lambda self: opened.append(self.windowTitle()))
    assert window.check_chain_action.isEnabled()
    window.check_chain_action.trigger()
    assert opened == ["检查证据链"]
    done(qtbot, window.context)
