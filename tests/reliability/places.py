"""Real read-only places and real small disks for the reliability tests, also when run as root.

Root ignores file permissions, so a read-only folder is honest only for a
process without CAP_DAC_OVERRIDE: `as_unprivileged` runs a command with those
capabilities dropped (setpriv). Read-only media and a small disk are mounts
(a read-only bind mount, a small tmpfs) inside a private mount namespace
(`unshare -m`; `unshare -r -m` for a normal user) that ends with the command:
nothing is left mounted, whatever happens to the test.
"""

from __future__ import annotations

import functools
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from crash_support import Run, command

_DROPPED = "-dac_override,-dac_read_search,-fowner"

# Runs each argv of a JSON list in turn; prints [[status, out, err], ...].
_DRIVER = (
    "import json, subprocess, sys\n"
    "done = [subprocess.run(a, capture_output=True, text=True, encoding='utf-8')"
    " for a in json.loads(sys.argv[1])]\n"
    "print(json.dumps([[d.returncode, d.stdout, d.stderr] for d in done], ensure_ascii=False))\n"
)


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def as_unprivileged(argv: list[str]) -> list[str]:
    """`argv` run so that file permissions bind it (root loses the capabilities that skip them)."""
    if not is_root():
        return argv
    return ["setpriv", f"--bounding-set={_DROPPED}", f"--inh-caps={_DROPPED}", *argv]


def _unshare() -> list[str]:
    return ["unshare", *([] if is_root() else ["-r"]), "-m", "--propagation", "private"]


@functools.cache
def mounts_available() -> bool:
    """Whether this machine lets us mount in a private namespace (root, or user namespaces)."""
    if shutil.which("unshare") is None or os.name != "posix":
        return False
    probe = subprocess.run(
        [*_unshare(), "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt && touch /mnt/x"],
        capture_output=True,
    )
    return probe.returncode == 0


def setpriv_available() -> bool:
    return not is_root() or shutil.which("setpriv") is not None


def in_private_mounts(setup: str, steps: list[list[object]], env: dict[str, str]) -> list[Run]:
    """Mount as `setup` (shell) says, then run each step (an argv) there; one Run per step."""
    argvs = [[str(a) for a in step] for step in steps]
    script = f'{setup} && exec {shlex.quote(sys.executable)} -c "$0" "$1"'
    done = subprocess.run(
        [*_unshare(), "sh", "-c", script, _DRIVER, json.dumps(argvs)],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return [Run(*found) for found in json.loads(done.stdout)]


def read_only_bind(folder: Path) -> str:
    """The setup that makes `folder` read-only media (EROFS, for root as well)."""
    where = shlex.quote(str(folder))
    return f"mount --bind {where} {where} && mount -o remount,ro,bind {where}"


def small_disk(folder: Path, megabytes: int) -> str:
    """The setup that makes `folder` an empty disk of `megabytes` MB."""
    return f"mount -t tmpfs -o size={megabytes}m tmpfs {shlex.quote(str(folder))}"


def app(*argv: object) -> list[str]:
    """The command line as a step."""
    return command(*argv)
