"""A project on a network drive: no write-ahead log (SQLite's -shm is memory shared on one
computer only), the file set back to a rollback journal whenever it is opened there, and one
writer at a time, the second told who holds it (issue 26, point 1).

The filesystem type is what /proc/self/mountinfo says; the tests feed it each type by a
mountinfo text whose longest mount point holds the test's folder, as the kernel would list a
share mounted there.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from retrofit_app.core.project import Project
from retrofit_app.core.storage import network_drive
from retrofit_app.core.storage.network_drive import mount_type, network_filesystem, windows_kind

# What a Debian laptop lists: root on ext4, a Windows share, an NFS home, sshfs with a space
# in its folder (\040), WSL's /mnt/c over 9p, a tmpfs, and a share mounted over a local folder.
MOUNTINFO = r"""22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro
25 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
61 22 0:52 / /mnt/区房产科 rw,relatime shared:33 - cifs //fs01/房产科 rw,vers=3.1.1,cache=strict
62 22 0:53 / /home/wang/nfs rw,relatime shared:34 - nfs4 fs02:/export/home rw,vers=4.2
63 22 0:54 / /media/wang/外业\040资料 rw,nosuid,nodev shared:35 - fuse.sshfs wang@10.0.0.5:/data rw
64 22 0:55 / /mnt/c rw,noatime shared:36 - 9p drvfs rw,aname=drvfs;path=C:\
65 22 0:56 / /tmp rw,nosuid,nodev shared:37 - tmpfs tmpfs rw
66 22 259:3 / /srv/data rw,relatime shared:38 - ext4 /dev/sdb1 rw
67 66 0:57 / /srv/data rw,relatime shared:39 - smb3 //fs03/data rw
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/mnt/区房产科/2026/玄武区.gpkg", "cifs"),
        ("/home/wang/nfs/项目.gpkg", "nfs4"),
        ("/media/wang/外业 资料/项目.gpkg", "fuse.sshfs"),
        ("/mnt/c/Users/wang/项目.gpkg", "9p"),
        ("/srv/data/项目.gpkg", "smb3"),  # mounted over a local disk's folder: the share counts
        ("/tmp/项目.gpkg", "tmpfs"),
        ("/home/wang/项目.gpkg", "ext4"),
        ("/mnt/区房产科2/项目.gpkg", "ext4"),  # a longer name, not inside the share
    ],
)
def test_the_mount_holding_a_project_gives_its_filesystem(path: str, kind: str) -> None:
    assert mount_type(path, MOUNTINFO) == kind
    assert (kind in network_drive.NETWORK_TYPES) == (kind not in ("tmpfs", "ext4"))


@pytest.mark.parametrize(
    ("path", "drive_type", "kind"),
    [
        (r"\\fs01\房产科\玄武区.gpkg", None, "UNC"),
        ("//fs01/房产科/玄武区.gpkg", None, "UNC"),
        (r"Z:\项目\玄武区.gpkg", 4, "remote drive"),  # a mapped drive letter: DRIVE_REMOTE
        (r"C:\项目\玄武区.gpkg", 3, ""),  # DRIVE_FIXED
        (r"E:\项目\玄武区.gpkg", 2, ""),  # DRIVE_REMOVABLE: a USB stick is local
    ],
)
def test_windows_shares_by_unc_path_or_remote_drive_letter(
    path: str, drive_type: int | None, kind: str
) -> None:
    assert windows_kind(path, drive_type) == kind


@pytest.fixture
def share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder the kernel would list as a CIFS share (what `mount -t cifs` makes)."""
    folder = tmp_path / "共享"
    folder.mkdir()
    listing = tmp_path / "mountinfo"
    listing.write_text(
        MOUNTINFO + f"70 22 0:60 / {os.path.realpath(folder)} rw - cifs //fs01/房产科 rw\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(network_drive, "MOUNTINFO", listing)
    return folder


def _journal(path: Path) -> str:
    """The file's own journal mode, as its header says (bytes 18 and 19: 2 is WAL)."""
    with open(path, "rb") as file:
        header = file.read(20)
    return "wal" if header[18] == 2 and header[19] == 2 else "rollback"


def test_a_project_on_a_share_is_written_without_a_write_ahead_log(share: Path) -> None:
    path = share / "玄武区.gpkg"
    assert network_filesystem(path) == "cifs"
    with Project.create(path, user="王工") as project:
        project.estates.create("童家巷小区", "玄武区")
        assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    assert _journal(path) == "rollback"


def test_a_file_opened_in_wal_elsewhere_is_set_back_when_opened_on_the_share(
    tmp_path: Path, share: Path
) -> None:
    local = tmp_path / "本机.gpkg"
    with Project.create(local) as project:
        project.estates.create("童家巷小区", "玄武区")
    assert _journal(local) == "wal"  # as every project on a local disk
    for readonly in (True, False):  # copied onto the share; opened there to read, or to write
        copied = share / f"复制{int(readonly)}.gpkg"
        copied.write_bytes(local.read_bytes())
        assert _journal(copied) == "wal"
        with Project(copied, readonly=readonly) as project:
            assert [e.name for e in project.estates.list()] == ["童家巷小区"]
        assert _journal(copied) == "rollback", readonly
        assert not Path(f"{copied}-shm").exists()


_SECOND_WRITER = """
import sys
from pathlib import Path
from retrofit_app.core.storage import network_drive
network_drive.MOUNTINFO = Path(sys.argv[1])
from retrofit_app.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _second_program(share: Path, *argv: object, lang: str = "zh") -> subprocess.CompletedProcess:
    """Another program on the same machine, which sees the same share."""
    listing = network_drive.MOUNTINFO
    return subprocess.run(
        [sys.executable, "-c", _SECOND_WRITER, str(listing), *map(str, argv)],
        capture_output=True,
        text=True,
        env={**os.environ, "RETROFIT_APP_LANG": lang},
        timeout=120,
    )


def test_a_second_writer_is_told_who_holds_the_project_and_may_read(share: Path) -> None:
    path = share / "玄武区.gpkg"
    with Project.create(path, user="王工"):
        pass
    with Project(path, user="王工") as holder:
        holder.estates.create("童家巷小区", "玄武区")
        refused = _second_program(share, "add-estate", path, "--name", "大光路小区", "--district", "秦淮区")  # fmt: skip
        assert refused.returncode != 0
        assert "网络驱动器（cifs）" in refused.stderr and "王工" in refused.stderr, refused.stderr
        assert "自 20" in refused.stderr and "T" not in refused.stderr.split("自 ")[1][:12] and "只读" in refused.stderr, refused.stderr
        assert "程序内部错误" not in refused.stderr
        looked = _second_program(share, "estates", path, "--json")  # reading is allowed
        assert looked.returncode == 0 and "童家巷小区" in looked.stdout, looked.stderr
        # The same program opening the project again (a background job of the window) is no other writer
        with Project(path, user="王工") as job:
            job.estates.create("颐和新村", "鼓楼区")
    done = _second_program(share, "add-estate", path, "--name", "大光路小区", "--district", "秦淮区")
    assert done.returncode == 0, done.stderr
    with Project(path, readonly=True) as project:
        assert sorted(e.name for e in project.estates.list()) == sorted(["大光路小区", "颐和新村", "童家巷小区"])
    assert not Path(f"{path}.lock").exists() and _journal(path) == "rollback"


def test_the_refusal_names_the_holder_in_english_too(share: Path) -> None:
    path = share / "玄武区.gpkg"
    with Project.create(path, user="王工"), Project(path, user="王工"):
        refused = _second_program(share, "add-estate", path, "--name", "X", "--district", "玄武区", lang="en")  # fmt: skip
    assert refused.returncode != 0
    assert "is on a network drive (cifs)" in refused.stderr and "王工" in refused.stderr, refused.stderr
    assert "read-only" in refused.stderr


def test_on_a_local_disk_two_programs_still_write_at_once(tmp_path: Path) -> None:
    path = tmp_path / "玄武区.gpkg"
    with Project.create(path, user="王工"):
        pass
    with Project(path, user="王工") as holder:
        holder.estates.create("童家巷小区", "玄武区")
        other = subprocess.run(
            [sys.executable, "-m", "retrofit_app", "add-estate", str(path), "--name", "大光路小区",
             "--district", "秦淮区"],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert other.returncode == 0, other.stderr
        assert holder.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM estates").fetchone()[0] == 2
