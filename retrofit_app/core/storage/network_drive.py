"""Is a project file on a network drive? Then SQLite's write-ahead log must not be used.

SQLite's documentation: WAL "does not work over a network filesystem", because the
readers and writers share the -shm file as memory, which only works on one computer.
QGIS met it with GeoPackages on shares (QGIS PR 36741, issue 37623: every QGIS that had
the file open froze) and switches such files to journal_mode=DELETE; so do we, and let one
program write at a time (core/network_writer.py).

Linux: the filesystem type of the mount holding the file, from /proc/self/mountinfo (the
longest mount point that contains the path). Windows: a UNC path (\\\\server\\share) or a
drive letter Windows reports as DRIVE_REMOTE.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PureWindowsPath

# Filesystems reached over a network, as /proc/self/mountinfo names them. 9p is how WSL 2
# and virtual machines reach the host's disks: the same shared-memory problem.
NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smb2", "smbfs", "9p", "afs", "ceph", "glusterfs", "lustre",
    "beegfs", "gpfs", "ocfs2", "gfs2", "coda", "ncpfs", "davfs", "virtiofs", "fuse.sshfs",
    "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "fuse.davfs2", "fuse.glusterfs", "fuse.cephfs",
    "fuse.smbnetfs", "fuse.goofys", "fuse.juicefs",
})  # fmt: skip
_DRIVE_REMOTE = 4  # GetDriveTypeW
MOUNTINFO = Path("/proc/self/mountinfo")


def _unescaped(field: str) -> str:
    """A mountinfo path field: spaces, tabs, newlines and backslashes come as \\040 etc."""
    if "\\" not in field:
        return field
    out, i = bytearray(), 0
    raw = field.encode("utf-8", "surrogateescape")
    while i < len(raw):
        if raw[i : i + 1] == b"\\" and raw[i + 1 : i + 4].isdigit() and len(raw[i + 1 : i + 4]) == 3:
            out.append(int(raw[i + 1 : i + 4], 8))
            i += 4
        else:
            out.append(raw[i])
            i += 1
    return out.decode("utf-8", "surrogateescape")


def mount_type(path: str, mountinfo: str) -> str:
    """The filesystem type of the mount holding `path` (absolute, resolved), given the text
    of /proc/self/mountinfo; "" when no line names it."""
    best, found = -1, ""
    for line in mountinfo.splitlines():
        fields = line.split(" ")
        if " - " not in line or len(fields) < 5:
            continue
        point = _unescaped(fields[4])
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= best:  # a later mount over the same point hides the earlier
            after = line.split(" - ", 1)[1].split(" ")
            best, found = len(point), after[0] if after else ""
    return found


def windows_kind(path: str, drive_type: int | None) -> str:
    """"UNC" for \\\\server\\share paths, "remote drive" for a drive letter Windows calls
    remote (`drive_type`, GetDriveTypeW of its root), else ""."""
    windows = PureWindowsPath(path)
    if windows.drive.startswith(("\\\\", "//")):
        return "UNC"
    return "remote drive" if drive_type == _DRIVE_REMOTE else ""


def _windows_drive_type(path: str) -> int | None:
    if sys.platform != "win32":
        return None
    import ctypes

    drive = PureWindowsPath(path).drive
    return int(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")) if drive else None


def network_filesystem(path: Path) -> str:
    """The network filesystem `path` is on ("cifs", "nfs4", "fuse.sshfs", "UNC", …), or ""
    on a local disk or where the system cannot tell."""
    where = os.path.realpath(path)
    if sys.platform == "win32":
        return windows_kind(where, _windows_drive_type(where))
    try:
        kind = mount_type(where, MOUNTINFO.read_text(encoding="utf-8", errors="surrogateescape"))
    except OSError:  # not Linux (macOS), or /proc not mounted
        return ""
    return kind if kind in NETWORK_TYPES else ""
