"""Signing in to the district server as one's own role (issue 26 point 4), against a real
PostgreSQL that takes TLS connections with passwords only (`hostssl … scram-sha-256`, a
throwaway cluster from tests/pg_cluster.py on 127.0.0.1). The password lives in a real keyring
backend (keyrings.alt's file keyring in the test's folder), never in settings, the project
file, a log or a sentence."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
import signin_support
from signin_support import ROLE, ROLE_PASSWORD

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.project import Project
from retrofit_app.core.server import connection, keychain

pytestmark = pytest.mark.needs("postgis")
cluster, keyring_folder = signin_support.cluster, signin_support.keyring_folder  # fixtures


@pytest.fixture
def server(cluster, tmp_path: Path) -> tuple[str, str]:  # noqa: ANN001
    """A district published by the administrator, and gulou_w granted 鼓楼区: (the role's
    address without a password, the administrator's)."""
    from retrofit_app.core.server.access import grant
    from retrofit_app.core.server.publish import publish

    office = tmp_path / "区里.gpkg"
    with Project.create(office, user="办公室") as project:
        project.estates.create("颐和新村", "鼓楼区", lon=118.78, lat=32.05)
        project.estates.create("后宰门小区", "玄武区", lon=118.81, lat=32.04)
    database = cluster.new_database()
    admin = cluster.url(database)
    publish(office, admin)
    grant(admin, ROLE, district="鼓楼区")
    return cluster.url(database, user=ROLE, password=None), admin


def _cli(*args: str, given: str | None = None) -> subprocess.CompletedProcess[str]:
    """The command line without a terminal (standard input a pipe)."""
    return subprocess.run(
        [sys.executable, "-m", "retrofit_app", *args], input=given or "", capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip


def _in_terminal(*args: str, answer: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """The command line in a terminal (a pseudo-terminal): `answer` typed when it asks for a
    password. (exit status, everything the terminal showed)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: its controlling terminal is the pty, where getpass asks
        os.execve(sys.executable, [sys.executable, "-m", "retrofit_app", *args],
                  env or dict(os.environ))  # fmt: skip
    shown, asked = b"", False
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child ended and closed the terminal
                break
            if not chunk:
                break
            shown += chunk
            if not asked and "输入时不显示".encode() in shown:
                os.write(fd, answer.encode() + b"\n")
                asked = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode("utf-8", "replace")


def _holds_password(folder: Path) -> list[Path]:
    return [
        p for p in folder.rglob("*") if p.is_file() and ROLE_PASSWORD.encode() in p.read_bytes()
    ]


def test_a_role_signs_in_with_its_password_from_the_keyring_over_tls(
    server: tuple[str, str], keyring_folder: Path, tmp_path: Path
) -> None:
    url, _ = server
    copy = tmp_path / "我的副本.gpkg"
    said = []
    done = _cli("server", "clone", "--db", url, str(copy))  # no password anywhere yet
    said.append(done)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert f"要求角色 {ROLE} 的密码" in done.stderr and "server password --db" in done.stderr
    assert not copy.exists()

    done = _cli("server", "password", "--db", url, given=ROLE_PASSWORD + "\n")
    said.append(done)
    assert done.returncode == 0, done.stderr
    assert f"已把角色 {ROLE} 在区级服务器" in done.stdout and "存入系统钥匙串" in done.stdout
    assert keychain.stored_password(url) == ROLE_PASSWORD  # the same file keyring, read here

    for args in (("server", "clone", "--db", url, str(copy)), ("sync", str(copy))):
        if args[0] == "sync":
            with Project(copy, user="小王") as laptop:
                laptop.estates.update(laptop.estates.resolve("颐和新村").uuid, note="加装电梯")
        done = _cli(*args)
        said.append(done)
        assert done.returncode == 0, done.stderr
    assert "0 个冲突待处理，服务器版本 2" in said[-1].stdout

    # The program's own connection: TLS (libpq's sslmode=prefer kept), as the role
    assert keychain.sign_in_as_kept(url) is None
    with connection.connect(url) as conn:
        encrypted, who = conn.execute(
            "SELECT ssl, current_user FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
        ).fetchone()
        note = conn.execute("SELECT note FROM retrofit.estates WHERE name = '颐和新村'").fetchone()
    assert encrypted is True and who == ROLE and note == ("加装电梯",)

    # The password is in the keyring and nowhere else: settings, logs, data, the copy and its
    # mirror, what the commands printed
    for variable in ("RETROFIT_APP_CONFIG_DIR", "RETROFIT_APP_DATA_DIR", "RETROFIT_APP_LOG_DIR"):
        folder = Path(os.environ[variable])
        assert not folder.exists() or _holds_password(folder) == []
    assert all(keyring_folder in p.parents for p in _holds_password(tmp_path))
    assert copy.is_file() and ROLE_PASSWORD.encode() not in copy.read_bytes()
    for done in said:
        assert ROLE_PASSWORD not in done.stdout + done.stderr


def test_a_wrong_password_is_refused_in_a_sentence_and_not_kept(
    server: tuple[str, str], keyring_folder: Path
) -> None:
    url, _ = server
    done = _cli("server", "password", "--db", url, given="Wrong-guess-0042\n")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert f"拒绝了用户 {ROLE} 的登录" in done.stderr
    assert "Wrong-guess-0042" not in done.stdout + done.stderr
    assert keychain.stored_password(url) is None
    with pytest.raises(RetrofitError) as refused:
        connection.sign_in(url, "Wrong-guess-0042")
    assert refused.value.code == ErrorCode.SERVER_LOGIN_FAILED
    assert "Wrong-guess-0042" not in refused.value.sentence("zh") + refused.value.sentence("en")

    keychain.store_password(url, "Wrong-guess-0042")  # a password changed on the server since
    done = _cli("server", "clone", "--db", url, "/tmp/never.gpkg")
    assert done.returncode != 0 and f"拒绝了用户 {ROLE} 的登录" in done.stderr
    assert "server password --db" in done.stderr and "Wrong-guess-0042" not in done.stderr
    done = _cli("server", "password", "--db", url, "--forget")
    assert done.returncode == 0 and f"已从系统钥匙串中删除角色 {ROLE}" in done.stdout
    assert keychain.stored_password(url) is None
    done = _cli("server", "password", "--db", url, "--forget")
    assert done.returncode == 0 and "系统钥匙串中没有角色" in done.stdout


def test_an_address_without_tls_is_refused_by_a_server_that_asks_for_it(
    server: tuple[str, str], keyring_folder: Path, tmp_path: Path
) -> None:
    url, admin = server
    keychain.store_password(url, ROLE_PASSWORD)
    plain = url + " sslmode=disable"
    done = _cli("server", "clone", "--db", plain, str(tmp_path / "c.gpkg"))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "只接受加密（TLS）连接" in done.stderr and "sslmode=disable" in done.stderr
    with pytest.raises(RetrofitError) as refused:
        connection.check(admin + " sslmode=disable")
    assert refused.value.code == ErrorCode.SERVER_TLS_REQUIRED
    assert "server-test-password" not in refused.value.sentence("zh")


def test_verify_full_with_the_districts_certificate_authority(
    cluster,
    server: tuple[str, str],
    keyring_folder: Path,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    from pg_cluster import _certificates

    url, _ = server
    keychain.store_password(url, ROLE_PASSWORD)
    checked = f"{url} sslmode=verify-full sslrootcert={cluster.ca_file}"
    assert keychain.sign_in_as_kept(checked) is None
    with connection.connect(checked) as conn:
        found = conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
    assert found == (True,)
    other_ca, _, _ = _certificates(
        tmp_path, "127.0.0.1"
    )  # a certificate authority not the server's
    with pytest.raises(RetrofitError) as untrusted:
        keychain.sign_in_as_kept(f"{url} sslmode=verify-full sslrootcert={other_ca}")
    assert untrusted.value.code == ErrorCode.SERVER_TLS_FAILED
    assert "证书不被信任" in untrusted.value.sentence("zh")
    assert ROLE_PASSWORD not in untrusted.value.sentence("zh")


def test_a_terminal_asks_for_the_password_and_without_a_keyring_uses_it_once(
    server: tuple[str, str], keyring_folder: Path, tmp_path: Path
) -> None:
    url, _ = server
    code, shown = _in_terminal("server", "clone", "--db", url, str(tmp_path / "a.gpkg"),
                               answer=ROLE_PASSWORD)  # fmt: skip
    assert code == 0, shown
    assert f"角色 {ROLE} 在区级服务器" in shown and ROLE_PASSWORD not in shown  # not echoed
    assert keychain.stored_password(url) is None  # typed, not stored unasked

    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    code, shown = _in_terminal("server", "clone", "--db", url, str(tmp_path / "b.gpkg"),
                               answer=ROLE_PASSWORD, env=env)  # fmt: skip
    assert code == 0, shown
    assert "系统钥匙串不可用" in shown and ROLE_PASSWORD not in shown
    done = subprocess.run(
        [sys.executable, "-m", "retrofit_app", "server", "password", "--db", url],
        input=ROLE_PASSWORD + "\n", capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0 and "系统钥匙串不可用" in done.stderr
    assert "Traceback" not in done.stderr and ROLE_PASSWORD not in done.stderr


def test_without_a_keyring_nothing_is_read_and_storing_says_why() -> None:
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        url = "postgresql://gulou_w@district.example/nanjing"
        assert not keychain.available() and keychain.stored_password(url) is None
        with pytest.raises(RetrofitError) as absent:
            keychain.store_password(url, ROLE_PASSWORD)
        assert absent.value.code == ErrorCode.KEYRING_UNAVAILABLE
        assert ROLE_PASSWORD not in absent.value.sentence("zh")
    finally:
        keyring.set_keyring(before)


def test_the_keyring_entry_names_role_server_and_database() -> None:
    assert connection.account("postgresql://gulou_w@db.gl.nj/district") == (
        "gulou_w@db.gl.nj:5432/district"
    )
    assert (
        connection.account("host=10.0.0.5 port=6432 dbname=d user=city") == "city@10.0.0.5:6432/d"
    )
    for bad in ("postgresql://u:Top-Secret@h/d?nosuch=1", "host=h password=Top-Secret dbname"):
        with pytest.raises(RetrofitError) as refused:
            connection.parts(bad)
        assert refused.value.code == ErrorCode.SERVER_URL_INVALID
        assert "Top-Secret" not in refused.value.sentence("zh"), refused.value.sentence("zh")


def test_every_connection_gives_up_a_silent_link_on_both_sides(server) -> None:  # noqa: ANN001
    """Not only sync: the connections a publish, a grant, an upgrade or a review opens give up
    after the silence limit (libpq's keepalives and TCP user timeout), and the server drops such
    a session and rolls its transaction back after as long, instead of the system's 15 minutes
    to 2 hours with the district's schema locked."""
    from retrofit_app.core.server.patience import SILENCE_LIMIT

    _, admin = server
    with connection.connect(admin) as conn:
        asked = conn.info.get_parameters()
        on_server = {
            name: conn.execute(f"SHOW {name}").fetchone()[0]
            for name in ("tcp_user_timeout", "tcp_keepalives_idle", "tcp_keepalives_count")
        }
        over_tcp = conn.execute("SELECT inet_server_addr() IS NOT NULL").fetchone()[0]
    assert over_tcp
    assert asked["tcp_user_timeout"] == str(SILENCE_LIMIT * 1000)
    assert asked["keepalives"] == "1"
    assert on_server == {
        "tcp_user_timeout": str(SILENCE_LIMIT * 1000),  # milliseconds
        "tcp_keepalives_idle": str(SILENCE_LIMIT // 3),  # seconds
        "tcp_keepalives_count": "3",
    }
