"""Nothing left behind: what a killed operation leaves goes at the next open; killed imports leave no workers.

Scratch, backups and exchange snapshots live in one owner-only folder beside the
project (`<project>.retrofit/`, core/storage/work_folder.py). Real kills (SIGKILL,
like a battery running out) of the command line where the moment can be caught
(a merge, an import, the demo); where the window is a few milliseconds (the last
write of a report or a backup) a child process stops inside the same code and is
killed there.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from crash_support import cli, cli_env, command, write_jpegs

from retrofit_app.core.exchange.export import export_package
from retrofit_app.core.project import Project
from retrofit_app.core.storage import work_folder
from retrofit_app.core.storage.backups import list_backups

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is a POSIX signal")


def wait_for(found: Callable[[], object], seconds: float, what: str) -> object:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if result := found():
            return result
        time.sleep(0.01)
    raise AssertionError(f"gave up waiting for {what}")


def killed(child: subprocess.Popen) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)


def scratch_of(project: Path, kind: str) -> list[Path]:
    folder = work_folder.scratch_folder(project)
    return sorted(folder.glob(f"{kind}-*")) if folder.is_dir() else []


def open_for_writing(project: Path) -> None:
    """What the next start does: open the project (the window or any writing command)."""
    with Project(project, user="办公室"):
        pass


def stop_inside(code: str, *args: object) -> subprocess.Popen:
    """A child that runs `code` up to where it prints 'ready', then waits to be killed."""
    child = subprocess.Popen(
        [sys.executable, "-c", code, *map(str, args)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline().strip() == "ready"
    return child


@pytest.fixture
def office(demo_path: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The demo as the office, and a field copy of its first estate with one household edited."""
    with Project(demo_path, user="办公室") as project:
        code = project.estates.list()[0].code
        made = export_package(project, [code], tmp_path / "外业.gpkg")
    with Project(made.path, user="小王") as field:
        estate = field.estates.resolve(code)
        unit = field.buildings.units(field.buildings.of_estate(estate.uuid)[0].uuid)[0]
        household = field.households.of_unit(unit.uuid)[0]
        field.households.update(household.uuid, note="外业修改")
    return demo_path, made.path


# ------------------------------------------------------------------ scratch of killed work
def _written(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


def test_a_killed_merge_leaves_scratch_that_the_next_open_removes(office, tmp_path) -> None:  # noqa: ANN001
    project, package = office
    env = cli_env(tmp_path / "home")
    child = subprocess.Popen(
        command("merge-package", project, package),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    found = wait_for(  # the field copy's records written (they land whole, at their commit)
        lambda: [d for d in scratch_of(project, "merge") if _written(d / "field.gpkg")],
        60,
        "the merge's scratch folder",
    )
    killed(child)
    (left,) = found
    assert left.is_dir() and (left / "field.gpkg").stat().st_size > 0  # full IDs inside, before
    open_for_writing(project)
    assert not left.exists() and not work_folder.scratch_folder(project).exists()
    assert not list(project.parent.glob(".merge-*"))
    again = cli(env, "merge-package", project, package)
    assert again.status == 0, again.err
    assert not work_folder.scratch_folder(project).exists()


def test_a_killed_export_leaves_a_part_that_the_next_open_removes(
    demo_path: Path, tmp_path: Path
) -> None:
    env = cli_env(tmp_path / "home")
    out = tmp_path / "外业" / "外业.gpkg"
    out.parent.mkdir()
    with Project(demo_path, readonly=True) as project:
        code = project.estates.list()[0].code
    child = subprocess.Popen(
        command("export-package", demo_path, "--estate", code, "--out", out),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(lambda: list(out.parent.glob("*.part")), 60, "the package being written")
    killed(child)
    assert not out.exists() and list(out.parent.glob("*.part"))
    open_for_writing(demo_path)
    assert list(out.parent.iterdir()) == []
    assert not work_folder.root(demo_path).exists()  # no scratch, and no unrecorded snapshot
    assert cli(env, "export-package", demo_path, "--estate", code, "--out", out).status == 0


_PART_WRITER = """
import sys, time
from pathlib import Path
from retrofit_app.core.storage.work_folder import partial_file
with partial_file(Path(sys.argv[1]), Path(sys.argv[2])) as partial:
    partial.write_bytes(b"%PDF-1.4 half a report" * 50_000)
    print("ready", flush=True)
    time.sleep(600)
"""


def test_a_half_written_report_of_a_killed_process_goes_at_the_next_open(
    project_path: Path, tmp_path: Path
) -> None:
    """The report's temporary name is recorded in the project's folder (core/reports/build.py)."""
    Project.create(project_path).close()
    out = tmp_path / "报告" / "验收.pdf"
    out.parent.mkdir()
    killed(stop_inside(_PART_WRITER, project_path, out))
    (left,) = out.parent.glob("*.part")
    assert left.stat().st_size > 1_000_000
    open_for_writing(project_path)
    assert list(out.parent.iterdir()) == []
    assert not work_folder.root(project_path).exists()


def test_a_killed_report_command_leaves_a_part_that_the_next_open_removes(
    demo_path: Path, tmp_path: Path
) -> None:
    """The real command, killed while ReportLab writes the file (under a second here)."""
    env = cli_env(tmp_path / "home")
    out = tmp_path / "报告" / "验收.pdf"
    out.parent.mkdir()
    with Project(demo_path, readonly=True) as project:
        code = project.estates.list()[0].code
    argv = command("report", demo_path, "--estate", code, "--kind", "acceptance", "--out", out)
    for _ in range(3):  # the window is short: a run that ends before we see it is tried again
        child = subprocess.Popen(
            argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        while child.poll() is None and not list(out.parent.glob("*.part")):
            time.sleep(0.002)
        killed(child)
        if list(out.parent.glob("*.part")):
            break
        out.unlink(missing_ok=True)
    assert not out.exists() and list(out.parent.glob("*.part"))  # before: tmp*.pdf.part for good
    open_for_writing(demo_path)
    assert list(out.parent.iterdir()) == []
    assert not work_folder.root(demo_path).exists()


_BACKUP_WRITER = """
import sqlite3, sys, time
from pathlib import Path
from retrofit_app.core.storage.backups import make_backup

asked = []

def stops_half_way():
    # Asked between tables and every few photos: after a few, the process is killed here.
    asked.append(1)
    if len(asked) == 8:
        print("ready", flush=True)
        time.sleep(600)
    return False

make_backup(Path(sys.argv[1]), Path(sys.argv[1]), "before-restore", should_stop=stops_half_way)
"""


def test_a_killed_backup_leaves_nothing_listed_and_its_scratch_goes_at_the_next_open(
    demo_path: Path,
) -> None:
    killed(stop_inside(_BACKUP_WRITER, demo_path))
    (left,) = scratch_of(demo_path, "backup")
    assert [f.name for f in left.iterdir()]  # killed half-way: its partial records file is there
    assert list_backups(demo_path) == []
    open_for_writing(demo_path)
    assert not left.exists() and list_backups(demo_path) == []


_SCRATCH_HOLDER = """
import sys, time
from pathlib import Path
from retrofit_app.core.storage.work_folder import scratch
with scratch(Path(sys.argv[1]), "merge") as work:
    (work.path / "field.gpkg").write_bytes(b"x" * 1000)
    print("ready", flush=True)
    time.sleep(600)
"""


def test_scratch_another_process_is_working_in_is_kept(project_path: Path) -> None:
    Project.create(project_path).close()
    child = stop_inside(_SCRATCH_HOLDER, project_path)
    try:
        (live,) = scratch_of(project_path, "merge")
        open_for_writing(project_path)
        assert (live / "field.gpkg").exists()  # its owner is alive: left alone
    finally:
        killed(child)
    open_for_writing(project_path)
    assert not live.exists()


def test_old_scratch_beside_the_project_goes_once_nothing_touched_it_for_a_while(
    project_path: Path,
) -> None:
    """Left by versions before the project's folder: no lock tells whether their owner lives."""
    Project.create(project_path).close()
    old, fresh = project_path.parent / ".merge-k3j2a1", project_path.parent / ".merge-9x8y7z"
    for folder in (old, fresh):
        folder.mkdir()
        (folder / "field.gpkg").write_bytes(b"x" * 1000)
    old_part = project_path.parent / "tmpa1b2c3.pdf.part"  # an old report's temporary file
    old_part.write_bytes(b"%PDF-1.4")
    an_hour_ago = time.time() - 3600
    for path in (old / "field.gpkg", old, old_part):
        os.utime(path, (an_hour_ago, an_hour_ago))
    open_for_writing(project_path)
    assert not old.exists() and not old_part.exists()
    assert (fresh / "field.gpkg").exists()  # maybe an older version merging right now


# ------------------------------------------------------------------ the demo
def test_a_killed_demo_leaves_no_project_and_the_next_demo_builds_it(tmp_path: Path) -> None:
    target = tmp_path / "示范.gpkg"
    env = cli_env(tmp_path / "home")
    child = subprocess.Popen(
        command("demo", target), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_for(
        lambda: [d for d in scratch_of(target, "demo") if (d / target.name).exists()],
        60,
        "the demo being built",
    )
    time.sleep(1.0)  # well into the estates
    killed(child)
    assert not target.exists()  # before: a half-built project that passed `check`
    again = cli(env, "demo", target)
    assert again.status == 0, again.err
    assert cli(env, "check", target).status == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["home", target.name])


# ------------------------------------------------------------------ photo import workers
def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with_parent = process_field(int(entry), 1)
            if with_parent is not None:
                children.setdefault(int(with_parent), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def process_field(pid: int, index: int) -> str | None:
    """Field `index` after the command name in /proc/<pid>/stat (0: state, 1: parent pid)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()[index]


def running(pid: int) -> bool:
    return process_field(pid, 0) not in (None, "Z")  # a zombie holds nothing open


_WINDOW_IMPORT = """
import sys, threading
from pathlib import Path
from retrofit_app.core.photos.importer import import_photos
from retrofit_app.core.photos.model import Placement
from retrofit_app.core.project import Project
threading.Thread(target=threading.Event().wait, daemon=True).start()  # as Qt's pool thread
with Project(Path(sys.argv[1])) as project:
    estate = project.estates.resolve(sys.argv[2])
    import_photos(project, Placement(estate.uuid), [Path(sys.argv[3])], workers=2)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("started", ["command line (fork)", "window (forkserver)"])
def test_a_killed_photo_import_leaves_no_worker_running(
    project_path: Path, tmp_path: Path, started: str
) -> None:
    """Before: the workers slept on for hours, each holding the project file open."""
    with Project.create(project_path) as project:
        code = project.estates.create("颐和新村", "鼓楼区").code
    photos = write_jpegs(tmp_path / "照片", 16, seed=23, size=(2400, 1800))
    env = cli_env(tmp_path / "home")
    argv = (
        command("import-photos", project_path, "--estate", code, photos, "--workers", 2)
        if started.startswith("command")
        else [sys.executable, "-c", _WINDOW_IMPORT, str(project_path), code, str(photos)]
    )
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = wait_for(
        lambda: (found := descendants(child.pid)) and len(found) >= 2 and found,
        60,
        "the decoding workers",
    )
    time.sleep(0.5)  # decoding
    workers = descendants(child.pid)
    killed(child)
    end = time.monotonic() + 5
    while any(running(p) for p in workers) and time.monotonic() < end:
        time.sleep(0.05)
    assert [p for p in workers if running(p)] == []


# ------------------------------------------------------------------ the folder and old projects
def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backups_and_exchange_snapshots_are_in_one_owner_only_folder(office) -> None:  # noqa: ANN001
    project, package = office
    with Project(project, user="办公室") as opened:
        from retrofit_app.core.exchange.merge import merge_package

        merge_package(opened, package)
    root = work_folder.root(project)
    assert sorted(p.name for p in project.parent.iterdir() if p.name != "外业.gpkg") == sorted(
        [project.name, root.name]
    )
    assert sorted(p.name for p in root.iterdir()) == ["backups", "exchange"]
    inside = list(root.rglob("*"))
    store = root / "backups" / "photo-store"  # each photo's bytes once, named by their hash
    listed = [p for p in inside if p.is_file() and store not in p.parents]
    assert {p.name.rsplit(".", 2)[-2] for p in listed} == {"before-merge", "base"}
    assert mode(root) == 0o700 and all(mode(p) == 0o700 for p in inside if p.is_dir())
    assert all(mode(p) == 0o600 for p in inside if p.is_file())


def test_a_package_exported_before_the_folder_moved_still_merges(office, tmp_path) -> None:  # noqa: ANN001
    """An office from before: its snapshots in `<project>.exchange/`, backups in `.backups/`."""
    project, package = office
    root = work_folder.root(project)
    (base,) = (root / "exchange").iterdir()
    old_exchange = work_folder.legacy_exchange_folder(project)
    old_backups = work_folder.legacy_backups_folder(project)
    old_exchange.mkdir()
    old_backups.mkdir()
    shutil.move(base, old_exchange / base.name)
    old_backup = old_backups / f"{project.stem}.20260101-080000.manual.gpkg"
    shutil.copyfile(project, old_backup)
    (old_backups / f"{old_backup.name}.part").write_bytes(b"half")  # an old killed backup
    an_hour_ago = time.time() - 3600
    os.utime(old_backups / f"{old_backup.name}.part", (an_hour_ago, an_hour_ago))
    shutil.rmtree(root)
    env = cli_env(tmp_path / "home")

    checked = cli(env, "check", project)  # read-only: nothing moves, the old place is read
    assert checked.status == 0, checked.out + checked.err
    assert old_exchange.exists()
    merged = cli(env, "merge-package", project, package)
    assert merged.status == 0, merged.err
    assert not old_exchange.exists() and not old_backups.exists()
    assert (root / "exchange" / base.name).exists()
    assert [b.reason for b in list_backups(project)] == ["before-merge", "manual"]
    assert mode(root / "exchange" / base.name) == 0o600


def test_many_operations_at_once_each_get_their_scratch(project_path: Path) -> None:
    """Each finishing operation drops the folders it leaves empty while others are making theirs."""
    import threading

    from retrofit_app.core.storage.work_folder import backups_folder, ensure, scratch

    Project.create(project_path).close()
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for _ in range(40):
                with scratch(project_path, f"t{n}") as made:
                    (made.path / "x").write_bytes(b"x")
                if n == 0:
                    ensure(backups_folder(project_path)).rmdir()
        except BaseException as error:  # noqa: BLE001 - any failure is the finding
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert not work_folder.scratch_folder(project_path).exists()
