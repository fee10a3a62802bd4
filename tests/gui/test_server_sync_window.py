"""File → 与服务器同步 in the window (issue 26 point 3), against a real PostgreSQL with PostGIS
(tests/pg_cluster.py): the open copy's edit goes up, a colleague's comes in, the window shows the
copy afresh; a file that is no server copy has the action greyed out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from needs import need

from retrofit_app.core.project import Project
from retrofit_app.core.server.publish import publish
from retrofit_app.core.server.sync import clone, sync

pytestmark = pytest.mark.needs("postgis")


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    need("postgis")
    from pg_cluster import throwaway_cluster

    with throwaway_cluster() as made:
        yield made


@pytest.fixture
def url(cluster, monkeypatch: pytest.MonkeyPatch) -> str:  # noqa: ANN001
    from pg_cluster import PASSWORD

    monkeypatch.setenv("PGPASSWORD", PASSWORD)  # where libpq finds it: a copy keeps no password
    return cluster.url(cluster.new_database())


def test_the_window_syncs_its_copy_and_shows_what_came_in(
    qtbot, context, boxes, url: str, tmp_path: Path  # noqa: ANN001
) -> None:
    import psycopg

    from retrofit_app.gui.main_window import MainWindow

    office = tmp_path / "区里.gpkg"
    with Project.create(office, user="办公室") as project:
        project.estates.create("颐和新村", "鼓楼区", lon=118.78, lat=32.05)
        project.estates.create("高云岭小区", "鼓楼区", lon=118.79, lat=32.06)
    publish(office, url)
    mine, theirs = tmp_path / "我的副本.gpkg", tmp_path / "同事副本.gpkg"
    clone(url, mine, user="小王")
    clone(url, theirs, user="小李")

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.started_up, timeout=10_000)
    assert window.open_project(mine)
    action = window.server_sync.action
    assert action.isEnabled() and "与区级服务器" in action.toolTip()
    assert action in window.file_menu.actions()

    project = context.project
    yihe = project.estates.resolve("颐和新村")
    project.estates.update(yihe.uuid, address="颐和路 8 号")  # an edit in the window
    with Project(theirs, user="小李") as colleague:  # meanwhile a colleague's, synced first
        colleague.estates.update(colleague.estates.resolve("高云岭小区").uuid, note="加装电梯 2 部")
    sync(theirs, user="小李")

    let_go = []  # the window lets go of the copy while it is handed out afresh
    context.project_changed.connect(lambda *_: let_go.append(context.project is None))
    action.trigger()  # signs in first (PGPASSWORD here), then syncs
    qtbot.waitUntil(lambda: let_go == [True, False] and context.jobs.active_count() == 0,
                    timeout=120_000)  # fmt: skip
    reopened = context.project
    assert reopened.path == mine.absolute() and not reopened.readonly
    assert reopened.estates.resolve("高云岭小区").note == "加装电梯 2 部"  # came in
    assert reopened.estates.resolve("颐和新村").address == "颐和路 8 号"  # kept
    said = boxes.texts("information")[-1]
    assert "已与服务器" in said and "上传" in said, boxes.shown
    with psycopg.connect(url) as conn:
        found = conn.execute("SELECT address FROM retrofit.estates WHERE name = '颐和新村'").fetchone()
    assert found == ("颐和路 8 号",)  # went up

    # A project that is no server copy: nothing to sync with
    plain = tmp_path / "普通项目.gpkg"
    Project.create(plain).close()
    assert window.open_project(plain)
    assert not window.server_sync.action.isEnabled()
