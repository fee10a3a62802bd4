"""Signing in from the window (issue 26 point 4): File → 与服务器同步 on a copy whose role's
password is nowhere yet asks for it in a small dialog (the role shown), says so when it is
wrong, keeps it in the system keyring when 记住密码 is ticked (a real keyring backend:
keyrings.alt's file keyring in the test's folder), and the sync goes through over TLS to a
server that takes TLS connections with passwords only. The next sync asks nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import signin_support
from PySide6.QtCore import Qt
from signin_support import ROLE, ROLE_PASSWORD

from retrofit_app.core.project import Project
from retrofit_app.core.server import connection, keychain

pytestmark = pytest.mark.needs("postgis")
cluster, keyring_folder = signin_support.cluster, signin_support.keyring_folder  # fixtures

PNG = Path("/tmp/h26/server_signin_dialog.png")


def _type_and_sign_in(qtbot, action, text: str) -> object:  # noqa: ANN001
    qtbot.waitUntil(lambda: action.sign_in_dialog is not None, timeout=60_000)
    dialog = action.sign_in_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    assert not dialog.ok_button.isEnabled()  # nothing typed yet
    qtbot.keyClicks(dialog.password_edit, text)
    return dialog


def test_the_window_asks_for_the_roles_password_and_keeps_it_in_the_keyring(
    qtbot,
    context,
    boxes,
    cluster,
    keyring_folder: Path,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    from retrofit_app.core.server.access import grant
    from retrofit_app.core.server.publish import publish
    from retrofit_app.core.server.sync import clone
    from retrofit_app.gui.main_window import MainWindow

    office = tmp_path / "区里.gpkg"
    with Project.create(office, user="办公室") as project:
        project.estates.create("颐和新村", "鼓楼区", lon=118.78, lat=32.05)
    database = cluster.new_database()
    admin = cluster.url(database)
    publish(office, admin)
    grant(admin, ROLE, district="鼓楼区")
    url = cluster.url(database, user=ROLE, password=None)
    mine = tmp_path / "我的副本.gpkg"
    clone(cluster.url(database, user=ROLE, password=ROLE_PASSWORD), mine, user="小王")
    assert ROLE_PASSWORD.encode() not in mine.read_bytes()

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.started_up, timeout=10_000)
    assert window.open_project(mine)
    project = context.project
    project.estates.update(project.estates.resolve("颐和新村").uuid, note="加装电梯 1 部")
    sync = window.server_sync

    sync.action.trigger()
    dialog = _type_and_sign_in(qtbot, sync, "Not-the-password")
    assert dialog.role.text() == ROLE and dialog.remember_box.isChecked()
    assert context.project is not None  # the copy stays open while signing in
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    # wrong: asked again, with the sentence why
    qtbot.waitUntil(lambda: sync.sign_in_dialog not in (None, dialog), timeout=60_000)
    again = _type_and_sign_in(qtbot, sync, ROLE_PASSWORD)
    assert f"拒绝了用户 {ROLE} 的登录" in again.problem.text() and again.problem.isVisible()
    assert "Not-the-password" not in again.problem.text()
    PNG.parent.mkdir(parents=True, exist_ok=True)
    again.grab().save(str(PNG))
    qtbot.mouseClick(again.ok_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: sync.sign_in_dialog is None and context.jobs.active_count() == 0
                    and context.project is not None and any(
                        "已与服务器" in text for _, _, text in boxes.shown),
                    timeout=120_000)  # fmt: skip
    assert keychain.stored_password(url) == ROLE_PASSWORD
    import psycopg

    with psycopg.connect(cluster.url(database)) as conn:
        found = conn.execute("SELECT note FROM retrofit.estates WHERE name = '颐和新村'").fetchone()
    assert found == ("加装电梯 1 部",)

    # The password is in the keyring only: not in the settings, the copy, what was shown
    import os

    for variable in ("RETROFIT_APP_CONFIG_DIR", "RETROFIT_APP_DATA_DIR", "RETROFIT_APP_LOG_DIR"):
        folder = Path(os.environ[variable])
        for path in folder.rglob("*") if folder.exists() else []:
            assert not path.is_file() or ROLE_PASSWORD.encode() not in path.read_bytes(), path
    assert ROLE_PASSWORD.encode() not in mine.read_bytes()
    assert all(ROLE_PASSWORD not in text for _, _, text in boxes.shown)

    # Next time (another run of the program): the keyring's password, no dialog
    connection._session.clear()
    shown_before = len(boxes.shown)
    sync.action.trigger()
    qtbot.waitUntil(lambda: len(boxes.shown) > shown_before and context.project is not None,
                    timeout=120_000)  # fmt: skip
    assert sync.sign_in_dialog is None and "已与服务器" in boxes.shown[-1][2]
