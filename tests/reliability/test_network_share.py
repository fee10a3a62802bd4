"""A project on a real network share: an sshfs mount (fuse.sshfs, as a colleague mounts a
server's folder) of a folder served by an sshd on loopback, made and removed by the test.
The program writes there without a write-ahead log and lets one program write at a time
(issue 26 point 1); tests/core/test_network_drive.py feeds the detection every other type.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from needs import need

from retrofit_app.core.project import Project
from retrofit_app.core.storage.network_drive import network_filesystem

pytestmark = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0 or not Path("/dev/fuse").exists(),
    reason="a FUSE mount needs root and /dev/fuse",
)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def share(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(the mounted folder, the server's folder behind it)."""
    need("sshfs")
    keys, served, mounted = tmp_path / "keys", tmp_path / "服务器上的文件夹", tmp_path / "共享盘"
    for folder in (keys, served, mounted):
        folder.mkdir()
    for name in ("host", "user"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", keys / name], check=True)
    (keys / "authorized_keys").write_bytes((keys / "user.pub").read_bytes())
    Path("/run/sshd").mkdir(exist_ok=True)  # the privilege-separation folder sshd insists on
    port = _free_port()
    config = tmp_path / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {keys / 'host'}\n"
        f"AuthorizedKeysFile {keys / 'authorized_keys'}\nPasswordAuthentication no\n"
        "PermitRootLogin prohibit-password\nStrictModes no\nUsePAM no\n"
        f"Subsystem sftp internal-sftp\nPidFile {tmp_path / 'sshd.pid'}\n",
        encoding="utf-8",
    )
    server = subprocess.Popen(["/usr/sbin/sshd", "-D", "-f", config, "-E", tmp_path / "sshd.log"])
    try:
        options = (f"IdentityFile={keys / 'user'},StrictHostKeyChecking=no,"
                   "UserKnownHostsFile=/dev/null,BatchMode=yes")  # fmt: skip
        for _ in range(50):  # sshd takes a moment to listen
            done = subprocess.run(
                ["sshfs", "-p", str(port), "-o", options, f"root@127.0.0.1:{served}", mounted],
                capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            if done.returncode == 0:
                break
            time.sleep(0.2)
        assert done.returncode == 0, done.stderr + (tmp_path / "sshd.log").read_text()
        try:
            yield mounted, served
        finally:
            subprocess.run(["fusermount3", "-u", mounted], capture_output=True)
            subprocess.run(["umount", "-l", mounted], capture_output=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_project_on_an_sshfs_share_has_no_log_and_one_writer(share: tuple[Path, Path]) -> None:
    mounted, served = share
    path = mounted / "玄武区.gpkg"
    assert network_filesystem(path) == "fuse.sshfs"
    with Project.create(path, user="王工") as project:
        project.estates.create("童家巷小区", "玄武区")
    with Project(path, user="王工") as holder:
        holder.estates.create("颐和新村", "鼓楼区")
        assert holder.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        other = subprocess.run(
            [sys.executable, "-m", "retrofit_app", "add-estate", str(path), "--name", "大光路小区",
             "--district", "秦淮区"],
            capture_output=True, text=True, timeout=120, env={**os.environ, "RETROFIT_APP_LANG": "zh"},
        )  # fmt: skip
        assert other.returncode != 0
        assert "网络驱动器（fuse.sshfs）" in other.stderr and "王工" in other.stderr, other.stderr
        read = subprocess.run(
            [sys.executable, "-m", "retrofit_app", "estates", str(path)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert read.returncode == 0 and "童家巷小区" in read.stdout, read.stderr
    # What the server holds: the project alone, whole, in a rollback journal; no -wal, no -shm.
    # (The lock file is removed while held; FUSE drops such a file a moment after its close.)
    for _ in range(50):
        if not any(p.name.startswith(".fuse_hidden") for p in served.iterdir()):
            break
        time.sleep(0.1)
    assert sorted(p.name for p in served.iterdir()) == ["玄武区.gpkg"]
    assert (served / "玄武区.gpkg").read_bytes()[18:20] == b"\x01\x01"
    with Project(served / "玄武区.gpkg", readonly=True) as project:
        assert sorted(e.name for e in project.estates.list()) == sorted(["童家巷小区", "颐和新村"])
