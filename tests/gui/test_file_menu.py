"""File menu: New, Open read-only, Open recent, Save a copy (in the background)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from retrofit_app.core.project import Project


def choose(monkeypatch, method: str, path) -> None:  # noqa: ANN001
    monkeypatch.setattr(QFileDialog, method, staticmethod(lambda *a, **k: (str(path), "")))


def test_new_makes_an_empty_project_and_opens_it(window, monkeypatch, tmp_path):  # noqa: ANN001
    target = tmp_path / "新项目"
    choose(monkeypatch, "getSaveFileName", target)
    window.new_action.trigger()
    assert window.context.project.path == (tmp_path / "新项目.gpkg").absolute()
    assert window.context.project.counts().estates == 0
    assert window.tree.model.rowCount() == 0


def test_new_refuses_to_overwrite_an_existing_file(window, boxes, monkeypatch, demo_path):  # noqa: ANN001
    before = demo_path.read_bytes()
    other = demo_path.with_name("已有.gpkg")
    other.write_bytes(before)
    choose(monkeypatch, "getSaveFileName", other)
    window.new_action.trigger()
    assert boxes.texts("warning") == [f"{other} 已存在，不会覆盖。"]
    assert other.read_bytes() == before


def test_open_read_only_from_the_menu(window, monkeypatch, demo_template, tmp_path):  # noqa: ANN001
    import shutil

    path = tmp_path / "只读.gpkg"
    shutil.copyfile(demo_template, path)
    choose(monkeypatch, "getOpenFileName", path)
    window.open_readonly_action.trigger()
    assert window.context.is_readonly() and "只读" in window.file_label.text()


def test_recent_files_reopen_a_project(window, demo_path, tmp_path):  # noqa: ANN001
    second = tmp_path / "第二个.gpkg"
    Project.create(second).close()
    assert window.open_project(second)
    window.recent_menu.aboutToShow.emit()
    entries = [a.text() for a in window.recent_menu.actions()]
    assert entries[:2] == [f"&1 {second.absolute()}", f"&2 {demo_path.absolute()}"]
    window.recent_menu.actions()[1].trigger()
    assert window.context.project.path == demo_path.absolute()


def test_save_a_copy_runs_in_the_background_and_keeps_the_original_open(
    qtbot, window, monkeypatch, tmp_path
):  # noqa: ANN001
    target = tmp_path / "备份" / "副本.gpkg"
    target.parent.mkdir()
    choose(monkeypatch, "getSaveFileName", target)
    original = window.context.project.path
    window.save_copy_action.trigger()
    assert window.context.jobs.wait_for_all(20_000)
    assert window.context.project.path == original
    with Project(target, readonly=True) as copy:
        assert copy.counts() == window.context.project.counts()
    assert "副本已保存到" in window.statusBar().currentMessage()


def test_the_status_bar_names_the_job_while_it_runs(qtbot, window, monkeypatch, tmp_path):  # noqa: ANN001
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    choose(monkeypatch, "getSaveFileName", tmp_path / "副本.gpkg")
    window.save_copy_action.trigger()
    assert window.context.jobs.wait_for_all(20_000)
    assert shown[0] == "正在另存副本…" and shown[-1].startswith("副本已保存到")


def test_file_dialogs_open_beside_the_project_or_in_the_documents_folder(context, project_path):  # noqa: ANN001
    from retrofit_app.core.project import Project
    from retrofit_app.gui.file_dialogs import documents_folder

    assert context.start_folder() == documents_folder()
    assert ".local" not in context.start_folder() and "AppData" not in context.start_folder()
    context.set_project(Project.create(project_path))
    assert context.start_folder() == str(project_path.parent)
