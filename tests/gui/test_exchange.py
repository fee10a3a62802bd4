"""Field copies, merges, conflicts and backups from the window's File menu and their dialogs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

sys.path.insert(0, str(Path(__file__).parents[1] / "core"))
from exchange_support import households_of  # noqa: E402

from retrofit_app.core.exchange.conflicts import list_conflicts  # noqa: E402
from retrofit_app.core.exchange.export import export_package  # noqa: E402
from retrofit_app.core.exchange.merge import merge_package  # noqa: E402
from retrofit_app.core.project import Project  # noqa: E402
from retrofit_app.core.project_backups import backup_now, list_backups  # noqa: E402
from retrofit_app.gui.dialogs.backups_dialog import BackupsDialog  # noqa: E402
from retrofit_app.gui.dialogs.conflicts_dialog import ConflictsDialog  # noqa: E402
from retrofit_app.gui.dialogs.export_package_dialog import ExportPackageDialog  # noqa: E402
from retrofit_app.gui.exchange_actions import ExchangeActions  # noqa: E402


@pytest.fixture
def office(qtbot, context, boxes, demo_path):  # noqa: ANN001, ANN201
    """A bare window with the exchange actions in its File menu, on a demo copy."""
    window = QMainWindow()
    qtbot.addWidget(window)
    context.jobs.window = window
    context.set_project(Project(demo_path, user="办公室"))
    actions = ExchangeActions(window, context)
    menu = QMenu("文件", window)
    actions.add_to(menu)
    return actions


def wait_for_jobs(qtbot, context) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: context.jobs.active_count() == 0, timeout=30_000)


def test_the_export_dialog_needs_an_estate_and_gives_the_choices(qtbot, demo_path, tmp_path):  # noqa: ANN001
    with Project(demo_path) as project:
        estates = project.estates.list()
    dialog = ExportPackageDialog(estates, tmp_path / "外业", selected_uuid=estates[1].uuid)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert dialog.chosen_codes() == [estates[1].code] and ok.isEnabled()
    dialog.estate_list.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert not ok.isEnabled()
    dialog.estate_list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.no_personal_data.setChecked(True)
    assert dialog.chosen_codes() == [estates[0].code]
    assert dialog.personal_data() is False and dialog.target() == tmp_path / "外业.gpkg"


def test_the_export_dialog_masks_by_default_and_warns_before_full_numbers(
    qtbot, demo_path, tmp_path
):  # noqa: ANN001
    with Project(demo_path) as project:
        estates = project.estates.list()
    dialog = ExportPackageDialog(estates, tmp_path / "外业", selected_uuid=estates[0].uuid)
    qtbot.addWidget(dialog)
    assert dialog.personal_data() and not dialog.full_numbers()
    assert not dialog.full_warning.isVisibleTo(dialog)
    dialog.full_personal_data.setChecked(True)
    assert dialog.full_numbers() and dialog.full_warning.isVisibleTo(dialog)
    assert "完整的身份证号和电话" in dialog.full_warning.text()
    assert not dialog.no_personal_data.isEnabled()  # none and in full exclude each other
    dialog.full_personal_data.setChecked(False)
    dialog.no_personal_data.setChecked(True)
    assert not dialog.full_personal_data.isEnabled() and not dialog.full_numbers()
    assert not dialog.full_warning.isVisibleTo(dialog)


def test_export_then_merge_from_the_menu(qtbot, office, context, boxes, monkeypatch, tmp_path):  # noqa: ANN001
    code = context.project.estates.list()[0].code
    target = tmp_path / "小王.gpkg"
    office.start_export([code], target, personal_data=True)
    wait_for_jobs(qtbot, context)
    assert target.exists()
    with Project(target, user="小王") as field:
        household = households_of(field, code)[0]
        field.households.update(household.uuid, note="窗口里合并的")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    changed: list[str] = []
    context.data_changed.connect(changed.append)
    office.merge_action.trigger()
    wait_for_jobs(qtbot, context)
    assert context.project.households.get(household.uuid).note == "窗口里合并的"
    assert "households" in changed
    assert any("已合并" in text for text in boxes.texts("information"))
    # Opening made the scheduled backup; the merge made its own, newest.
    assert [b.reason for b in list_backups(context.project.path)] == ["before-merge", "scheduled"]


def test_a_merge_with_conflicts_opens_the_conflicts_dialog(
    qtbot, office, context, boxes, monkeypatch, tmp_path
):  # noqa: ANN001
    code = context.project.estates.list()[0].code
    made = export_package(context.project, [code], tmp_path / "外业.gpkg")
    with Project(made.path, user="小王") as field:
        household = households_of(field, code)[0]
        field.households.update(household.uuid, note="外业的")
    context.project.households.update(household.uuid, note="办公室的")
    opened: list[bool] = []
    monkeypatch.setattr(ConflictsDialog, "exec", lambda self: opened.append(True))
    office.start_merge(made.path)
    wait_for_jobs(qtbot, context)
    assert opened == [True]
    assert any("请逐项决定" in text for text in boxes.texts("information"))


def test_the_conflicts_dialog_decides_per_field(qtbot, demo_path, tmp_path):  # noqa: ANN001
    with Project(demo_path, user="办公室") as project:
        code = project.estates.list()[0].code
        made = export_package(project, [code], tmp_path / "外业.gpkg")
        with Project(made.path, user="小王") as field:
            household = households_of(field, code)[0]
            field.households.update(household.uuid, note="外业的", area=61.0)
        project.households.update(household.uuid, note="办公室的", area=60.0)
        merge_package(project, made.path)
        dialog = ConflictsDialog(project)
        qtbot.addWidget(dialog)
        assert dialog.table.rowCount() == 2 and not dialog.take_field_button.isEnabled()
        fields = [dialog.table.item(r, 2).text() for r in range(2)]
        row = fields.index("备注")
        # In words: where the household is, its owner masked, and who changed each side.
        estate = project.estates.resolve(code)
        assert dialog.table.item(row, 0).text().startswith(f"{estate.name}（{code}）")
        assert household.room in dialog.table.item(row, 0).text()
        assert (dialog.table.item(row, 3).text(), dialog.table.item(row, 5).text()) == ("办公室的", "外业的")
        assert dialog.table.item(row, 4).text().startswith("办公室 ")
        assert dialog.table.item(row, 6).text().startswith("小王 ")
        dialog.table.selectRow(row)
        qtbot.mouseClick(dialog.take_field_button, Qt.MouseButton.LeftButton)
        assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "专有面积"
        dialog.table.selectRow(0)
        qtbot.mouseClick(dialog.keep_office_button, Qt.MouseButton.LeftButton)
        assert dialog.table.rowCount() == 0 and "没有待处理" in dialog.summary.text()
        decided = project.households.get(household.uuid)
        assert (decided.note, decided.area) == ("外业的", 60.0)
        assert {c.choice for c in list_conflicts(project)} == {"field", "office"}


def test_the_conflicts_dialog_shows_a_record_deleted_in_the_field_and_edited_in_the_office(
    qtbot, demo_path, tmp_path
):  # noqa: ANN001
    with Project(demo_path, user="办公室") as project:
        code = project.estates.list()[0].code
        made = export_package(project, [code], tmp_path / "外业.gpkg")
        with Project(made.path, user="小王") as field:
            household = households_of(field, code)[0]
            field.households.delete(household.uuid)
        project.households.update(household.uuid, note="办公室导出后补记")
        merge_package(project, made.path)
        assert project.households.get(household.uuid).deleted_at is None  # not deleted silently
        dialog = ConflictsDialog(project)
        qtbot.addWidget(dialog)
        assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "回收站"
        assert "1 项是一方删除了记录、另一方改过它" in dialog.summary.text()
        dialog.table.selectRow(0)
        qtbot.mouseClick(dialog.take_field_button, Qt.MouseButton.LeftButton)
        assert project.households.get(household.uuid).deleted_at is not None


def test_backups_dialog_backs_up_and_restores_through_jobs(
    qtbot, office, context, boxes, monkeypatch
):  # noqa: ANN001
    project = context.project
    wait_for_jobs(qtbot, context)  # the scheduled backup at opening first: then `first` is not due
    first = backup_now(project)
    estate = project.estates.list()[0]
    project.estates.update(estate.uuid, note="备份之后改的")
    dialog = BackupsDialog(project.path, office.start_backup, office.start_restore)
    qtbot.addWidget(dialog)
    office.backups_dialog = dialog
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    wait_for_jobs(qtbot, context)
    assert dialog.table.rowCount() == 3, boxes.shown  # scheduled on opening, `first`, the button's
    row = [b.path for b in dialog.backups].index(first)
    dialog.table.selectRow(row)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    wait_for_jobs(qtbot, context)
    assert context.project.estates.get(estate.uuid).note == estate.note
    assert dialog.table.rowCount() == 4
    assert dialog.backups[0].reason == "before-restore"


def test_a_backup_that_leaves_the_disk_nearly_full_says_so_before_one_is_refused(
    qtbot, office, context, boxes, monkeypatch
):  # noqa: ANN001
    import shutil

    from retrofit_app.core.storage import backups

    wait_for_jobs(qtbot, context)
    dialog = BackupsDialog(context.project.path, office.start_backup, office.start_restore)
    qtbot.addWidget(dialog)
    office.backups_dialog = dialog
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    wait_for_jobs(qtbot, context)
    assert [kind for kind, _, _ in boxes.shown] == []  # room enough: nothing to say

    real = shutil.disk_usage  # a 100 GB disk with 1 GB left: this backup fits, a few more not

    def nearly_full(path: object) -> object:
        return real(path)._replace(total=100 * 1024**3, free=1024**3)

    monkeypatch.setattr(backups.shutil, "disk_usage", nearly_full)
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    wait_for_jobs(qtbot, context)
    assert dialog.table.rowCount() == 3  # the backup was made
    [(kind, title, text)] = boxes.shown
    assert (kind, title) == ("warning", "磁盘空间不足")
    assert "只剩 1,024 MB" in text and "设置" in text


def test_opening_a_project_makes_a_scheduled_backup_when_due(office, context, qtbot) -> None:  # noqa: ANN001
    wait_for_jobs(qtbot, context)  # the backup is made in the background
    assert [b.reason for b in list_backups(context.project.path)] == ["scheduled"]
    office.backup_if_due()
    wait_for_jobs(qtbot, context)
    assert len(list_backups(context.project.path)) == 1
