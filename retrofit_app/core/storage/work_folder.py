"""The one folder beside a project for its backups, exchange snapshots and scratch work: layout, rights, tidying.

    示范.gpkg
    示范.gpkg.retrofit/          owner-only (0700; the files in it 0600)
        backups/                 rolling backups (storage/backups.py keeps the count)
        exchange/                the base snapshot of each field copy handed out (kept:
                                 a copy still out in the field merges against it)
        scratch/<kind>-XXXX/     one folder per running operation, locked while it runs

A killed operation leaves its scratch folder (and any half-written file it
named outside, such as a report's `.part`) behind; `tidy()`, called when a
project is opened for writing, removes those whose lock is free: a lock the
operating system dropped when its holder died. A scratch folder another process
is still working in stays. Projects from before this folder had
`<project>.backups/` and `<project>.exchange/` beside them: `tidy()` moves their
files in, and until it can (a read-only folder) the readers look in both.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from retrofit_app.core.errors import ErrorCode, ProjectFileError
from retrofit_app.core.instance_lock import OsLock

SUFFIX = ".retrofit"
OWNER_ONLY_FOLDER = 0o700
_LOCK = ".lock"
_OUTSIDE = ".outside"  # half-written files this operation put beside their final names
_PARTIAL_ENDINGS = (".part", ".partial")
_SQLITE_SIDES = ("-journal", "-wal", "-shm")  # what SQLite keeps beside a file it was writing
# A scratch folder is made, then locked: one without its lock file is left alone this long.
_UNLOCKED_GRACE = 60.0
# Leftovers of the old layout carry no lock: removed once nothing has touched them this long.
_LEGACY_STALE = 15 * 60.0
_ATTEMPTS = 5


def root(project: Path) -> Path:
    project = Path(project).absolute()
    return project.with_name(project.name + SUFFIX)


def backups_folder(project: Path) -> Path:
    return root(project) / "backups"


def exchange_folder(project: Path) -> Path:
    return root(project) / "exchange"


def scratch_folder(project: Path) -> Path:
    return root(project) / "scratch"


def legacy_backups_folder(project: Path) -> Path:
    project = Path(project).absolute()
    return project.with_name(project.name + ".backups")


def legacy_exchange_folder(project: Path) -> Path:
    project = Path(project).absolute()
    return project.with_name(project.name + ".exchange")


def ensure(folder: Path) -> Path:
    """Make `folder` (the project's folder or one inside it) and those between, owner-only."""
    folder = Path(folder)
    chain = [folder]
    while not chain[-1].name.endswith(SUFFIX):
        if chain[-1].parent == chain[-1]:
            raise ValueError(f"{folder} is not inside a project's {SUFFIX} folder")
        chain.append(chain[-1].parent)
    for attempt in range(_ATTEMPTS):
        try:
            for step in reversed(chain):
                _private_folder(step)
            return folder
        except FileNotFoundError as error:
            # Another process dropped an empty folder on the way (scratch() does): make it again.
            if attempt == _ATTEMPTS - 1:
                raise _cannot_write(folder, error) from error
        except OSError as error:
            raise _cannot_write(folder, error) from error
    return folder


def _cannot_write(folder: Path, error: OSError) -> ProjectFileError:
    return ProjectFileError(
        ErrorCode.CANNOT_WRITE, path=folder, detail=error.strerror or str(error)
    )


def _private_folder(folder: Path) -> None:
    with contextlib.suppress(FileExistsError):
        folder.mkdir(OWNER_ONLY_FOLDER)
    if os.name == "posix" and folder.stat().st_mode & 0o077:
        os.chmod(folder, OWNER_ONLY_FOLDER)  # whatever the umask, or an older version, made


def private_copy_target(path: Path) -> Path:
    """An empty owner-only file at `path` for SQLite or a copy to fill (they keep its mode)."""
    from retrofit_app.core.storage.create import private_file

    path.unlink(missing_ok=True)
    return private_file(path)


class Scratch:
    """A locked scratch folder; `partial_for()` names a half-written file to remove if we die."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def partial_for(self, target: Path) -> Path:
        """A temporary name beside `target` (renamed onto it when whole), recorded here."""
        target = Path(target).absolute()
        partial = target.with_name(f".{target.name}.{self.path.name[-8:]}.part")
        with (self.path / _OUTSIDE).open("a", encoding="utf-8") as handle:
            handle.write(f"{partial}\n")
        return partial


@contextlib.contextmanager
def scratch(project: Path, kind: str) -> Iterator[Scratch]:
    """A new scratch folder under the project's folder, held locked, removed afterwards."""
    lock, folder = _new_scratch(project, kind)
    work = Scratch(folder)
    try:
        yield work
    finally:
        _remove_partials(folder)
        lock.release()  # first: Windows removes no file that is open
        shutil.rmtree(folder, ignore_errors=True)
        _drop_if_empty(scratch_folder(project))


def _new_scratch(project: Path, kind: str) -> tuple[OsLock, Path]:
    for attempt in range(_ATTEMPTS):  # another process may drop an empty scratch/ meanwhile
        parent = ensure(scratch_folder(project))
        try:
            folder = Path(tempfile.mkdtemp(prefix=f"{kind}-", dir=parent))
        except FileNotFoundError as error:
            if attempt == _ATTEMPTS - 1:
                raise _cannot_write(parent, error) from error
            continue
        except OSError as error:
            raise _cannot_write(parent, error) from error
        # Locked under another name, then named: tidy() never finds the lock unlocked.
        lock = OsLock(folder / f"{_LOCK}-making", mode=0o600)
        if lock.acquire():  # a new folder's lock is always free
            os.replace(lock.path, folder / _LOCK)
            return lock, folder
    raise ProjectFileError(ErrorCode.CANNOT_WRITE, path=scratch_folder(project))


@contextlib.contextmanager
def partial_file(project: Path, target: Path) -> Iterator[Path]:
    """A temporary name beside `target`, recorded in a scratch folder so a kill leaves nothing for long.

    Where the project's folder cannot be written (read-only media) the name is simply not
    recorded. Whatever is still at the temporary name afterwards is removed.
    """
    target = Path(target).absolute()
    with contextlib.ExitStack() as stack:
        try:
            work: Scratch | None = stack.enter_context(scratch(project, "partial"))
        except ProjectFileError:
            work = None
        partial = work.partial_for(target) if work else target.with_name(f".{target.name}.part")
        try:
            yield partial
        finally:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)


def tidy(project: Path) -> list[Path]:
    """Move the old layout's files in, and remove what killed operations left; returns what was removed."""
    project = Path(project).absolute()
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        _move_legacy(legacy_backups_folder(project), backups_folder(project), removed)
        _move_legacy(legacy_exchange_folder(project), exchange_folder(project), removed)
    with contextlib.suppress(OSError):
        removed += _stale_scratch(scratch_folder(project))
    with contextlib.suppress(OSError):
        removed += _legacy_leftovers(project)
    return removed


def _stale_scratch(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    removed: list[Path] = []
    for entry in folder.iterdir():
        with contextlib.suppress(OSError):
            if entry.is_dir():
                removed += _remove_if_stale(entry)
    _drop_if_empty(folder)
    return removed


def _remove_if_stale(entry: Path) -> list[Path]:
    """Remove a scratch folder whose operation is over (its lock free); [] while it runs."""
    lock = OsLock(entry / _LOCK, create=False)
    try:
        free = lock.acquire()
    except FileNotFoundError:  # just made and not locked yet, or its lock file lost
        free = _age(entry) > _UNLOCKED_GRACE
    if not free:
        return []  # a live operation, maybe of another process
    try:
        removed = _remove_partials(entry)
    finally:
        lock.release()
    shutil.rmtree(entry, ignore_errors=True)
    return [*removed, entry]


def _remove_partials(folder: Path) -> list[Path]:
    try:
        named = (folder / _OUTSIDE).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    removed = []
    for line in named:
        partial = Path(line)
        # Only names this module hands out: a damaged list must never remove a real file.
        if not (partial.is_absolute() and partial.name.endswith(_PARTIAL_ENDINGS)):
            continue
        for leftover in (partial, *(Path(f"{partial}{side}") for side in _SQLITE_SIDES)):
            with contextlib.suppress(OSError):
                if leftover.is_file():
                    leftover.unlink()
                    removed.append(leftover)
    return removed


def _move_legacy(old: Path, new: Path, removed: list[Path]) -> None:
    """The old folder's projects (*.gpkg) into the new one; its half-written leftovers removed."""
    if not old.is_dir():
        return
    for entry in old.iterdir():
        if entry.is_file() and entry.name.endswith(".gpkg"):
            if (new / entry.name).exists():
                continue  # never over a file of the same name: both stay readable
            ensure(new)
            if os.name == "posix":
                os.chmod(entry, 0o600)
            with contextlib.suppress(FileNotFoundError):  # another process moved it first
                os.replace(entry, new / entry.name)
        elif entry.name.endswith(_PARTIAL_ENDINGS) and _age(entry) > _LEGACY_STALE:
            entry.unlink(missing_ok=True)
            removed.append(entry)
    _drop_if_empty(old)


def _legacy_leftovers(project: Path) -> list[Path]:
    """Scratch of the old layout beside the project: merge folders and report parts, when long idle."""
    removed = []
    with os.scandir(project.parent) as entries:
        found = [
            Path(e.path)
            for e in entries
            if (e.name.startswith(".merge-") and e.is_dir(follow_symlinks=False))
            or (e.name.startswith("tmp") and e.name.endswith(".pdf.part"))
        ]
    for path in found:
        if _age(path) <= _LEGACY_STALE:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _age(path: Path) -> float:
    """Seconds since anything in `path` (a file, or a folder and its files) last changed."""
    newest = path.stat().st_mtime
    if path.is_dir():
        for inside in path.rglob("*"):
            with contextlib.suppress(OSError):
                newest = max(newest, inside.stat().st_mtime)
    return time.time() - newest


def _drop_if_empty(folder: Path) -> None:
    """Remove `folder` and then the project's folder when nothing is left in them."""
    for step in (folder, folder.parent):
        if not (step == folder or step.name.endswith(SUFFIX)):
            return
        try:
            step.rmdir()
        except OSError:
            return
