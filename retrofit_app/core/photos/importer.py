"""Importing photo files and folders into a project: decoded in a process pool, written on one connection.

Each photo lands in its own transaction (row, original bytes, renditions), so a
cancelled or failed import keeps every photo already finished and nothing half-done.
At most a few files are read or decoding at a time, so memory stays bounded.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import multiprocessing.context
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrofit_app.core.clock import now_iso
from retrofit_app.core.errors import ErrorCode, ProjectFileError, RetrofitError
from retrofit_app.core.geo.gpkg_geometry import point, to_gpkg
from retrofit_app.core.geo.layer_crs import in_layer_crs
from retrofit_app.core.input_files import special_kind
from retrofit_app.core.photos.links import check_placement
from retrofit_app.core.photos.model import ImportResult, ImportStatus, Placement
from retrofit_app.core.photos.placement import EstateLocator
from retrofit_app.core.photos.renditions import Failed, Rendered, render, render_file
from retrofit_app.core.photos.worker_lifeline import watch_parent
from retrofit_app.core.storage import photo_store

if TYPE_CHECKING:
    from retrofit_app.core.access import ProjectAccess

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".png", ".heic", ".heif"}
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and inside folders (recursively) the files that look like photos.

    A file named explicitly is always tried, whatever its suffix, so the user hears why it failed;
    in a folder, other files (notes, Thumbs.db) are passed over silently.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = (
                p for p in path.rglob("*") if p.suffix.lower() in PHOTO_SUFFIXES and p.is_file()
            )
            found.extend(
                sorted(
                    (p for p in inside if not p.name.startswith(".")), key=lambda p: str(p).lower()
                )
            )
        else:
            found.append(path)
    return found


class _InlineExecutor(Executor):
    """Runs each job at once in this process: for small batches, the demo and tests."""

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _executor(workers: int | None, files: int) -> tuple[Executor, int]:
    count = (os.cpu_count() or 1) if workers is None else workers
    if count <= 1 or files <= 1:
        return _InlineExecutor(), 1
    # Each worker ends itself when this process dies (a kill leaves none behind, issue 23).
    pool = ProcessPoolExecutor(
        max_workers=count,
        mp_context=_start_context(),
        initializer=watch_parent,
        initargs=(os.getpid(),),
    )
    return pool, count


def _start_context() -> multiprocessing.context.BaseContext:
    """How worker processes start.

    fork is the cheapest (nothing is imported again) but unsafe once other threads run,
    as in the window (Qt's pool thread runs the import); then forkserver (POSIX) or spawn
    (Windows) start clean processes. macOS system libraries do not survive fork at all.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1 and sys.platform != "darwin":
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(
            ["retrofit_app.core.photos.renditions", "retrofit_app.core.photos.worker_lifeline"]
        )
    return context


@dataclass
class _Pending:
    index: int
    path: Path
    data: bytes
    sha256: str


@dataclass
class _Batch:
    """What one import run knows: results so far and the hashes it has already seen."""

    project: ProjectAccess
    placement: Placement
    results: list[ImportResult | None]
    locator: EstateLocator
    seen: dict[str, int] = field(default_factory=dict)  # sha256 -> index of its first file
    done: int = 0


def _failed(path: Path, code: ErrorCode, /, **params: Any) -> ImportResult:
    return ImportResult(
        str(path), ImportStatus.FAILED, error=RetrofitError(code, file=path.name, **params)
    )


def _read(path: Path) -> bytes | ImportResult:
    if kind := special_kind(path):  # a FIFO or device would hang the read
        return _failed(path, ErrorCode.PHOTO_UNREADABLE, detail=kind)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return _failed(path, ErrorCode.PHOTO_VANISHED)
    except IsADirectoryError:
        return _failed(path, ErrorCode.PHOTO_NOT_IMAGE)
    except OSError as error:
        return _failed(path, ErrorCode.PHOTO_UNREADABLE, detail=error.strerror or str(error))


def _duplicate(batch: _Batch, path: Path, sha256: str) -> ImportResult | None:
    """A result when these bytes are already in the project (or earlier in this batch)."""
    if sha256 in batch.seen:
        return ImportResult(str(path), ImportStatus.DUPLICATE, duplicate_of=batch.seen[sha256])
    with batch.project.read():
        existing = photo_store.photo_by_sha(batch.project.db, sha256)
    if existing is None:
        return None
    if existing["deleted_at"]:  # importing a trashed photo again means the user wants it back
        with batch.project.write() as db:
            photo_store.restore_photo(db, existing["uuid"], batch.project.user)
    with batch.project.read():
        row = photo_store.photo_row(batch.project.db, existing["uuid"])
    if row is None:  # emptied from the trash meanwhile by another window: imported anew
        return None
    return ImportResult.from_row(str(path), ImportStatus.DUPLICATE, row)


def _store(batch: _Batch, job: _Pending, rendered: Rendered) -> ImportResult:
    meta = rendered.meta
    suggestion = batch.locator.estate_at(meta.lon, meta.lat)
    values = {
        **batch.placement.columns(),
        "sha256": job.sha256,
        "file_name": job.path.name,
        "mime": rendered.mime,
        "taken_at": meta.taken_at,
        "lon": meta.lon,
        "lat": meta.lat,
        "geom": (
            to_gpkg(point(meta.lon, meta.lat))
            if meta.lon is not None and meta.lat is not None
            else None
        ),
        "camera": meta.camera,
        "width": rendered.width,
        "height": rendered.height,
        "byte_size": len(job.data),
        "imported_at": now_iso(),
        "imported_by": batch.project.user,
    }
    data = {"original": job.data, "thumbnail": rendered.thumbnail, "print": rendered.print}
    with batch.project.write() as db:
        # Another window may have added it meanwhile.
        existing = photo_store.photo_by_sha(db, job.sha256)
        row = photo_store.photo_row(db, existing["uuid"]) if existing is not None else None
        if row is not None:
            return ImportResult.from_row(str(job.path), ImportStatus.DUPLICATE, row)
        values["geom"] = in_layer_crs(db, "photos", values["geom"])
        uuid = photo_store.insert_photo(db, values, data, batch.project.user)
    warning = (
        RetrofitError(ErrorCode.PHOTO_EXIF_UNREADABLE, file=job.path.name)
        if rendered.exif_unreadable
        else None
    )
    return ImportResult(
        str(job.path), ImportStatus.IMPORTED, photo_id=uuid, taken_at=meta.taken_at, lon=meta.lon,
        lat=meta.lat, width=rendered.width, height=rendered.height, warning=warning,
        suggested_estate=suggestion[1] if suggestion else None,
    )  # fmt: skip


def _finish(batch: _Batch, index: int, result: ImportResult, progress: Progress | None) -> None:
    batch.results[index] = result
    batch.done += 1
    if progress:
        progress(batch.done, len(batch.results))


def _outcome(future: Future) -> Rendered | Failed:
    try:
        return future.result()
    except BrokenProcessPool:
        return Failed(str(ErrorCode.PHOTO_DAMAGED), detail="decoder process stopped")


def import_photos(
    project: ProjectAccess,
    placement: Placement,
    paths: Iterable[Path],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[ImportResult]:
    """Import files and folders; one result per file, in the order the files were found.

    `workers`: decoding processes (None: one per core; 0 or 1: decode in this process).
    """
    if project.readonly:  # refuse before reading anything, not at the first photo
        raise ProjectFileError(ErrorCode.READ_ONLY, path=project.path)
    files = collect_files(paths)
    check_placement(project, placement)
    with project.read():
        locator = EstateLocator(project.db)
    batch = _Batch(project, placement, [None] * len(files), locator)
    for index, path in enumerate(files):
        if not path.exists():  # named by the user but never there: not "vanished mid-import"
            _finish(batch, index, _failed(path, ErrorCode.NO_SUCH_FILE, path=path), progress)
    executor, count = _executor(workers, len(files))
    queue: Iterator[tuple[int, Path]] = iter(enumerate(files))
    stop = cancelled or (lambda: False)
    with photo_store.bulk_writes(project.db):
        try:
            _run(batch, executor, count, queue, stop, progress)
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
    return _complete(batch, files)


def _run(
    batch: _Batch, executor: Executor, count: int, queue: Iterator[tuple[int, Path]], stop: Cancelled,
    progress: Progress | None,
) -> None:  # fmt: skip
    """Keep up to two files per worker in flight; write each result as it comes back."""
    in_flight: dict[Future, _Pending] = {}
    while True:
        while len(in_flight) < count * 2 and not stop():
            item = next(queue, None)
            if item is None:
                break
            if batch.results[item[0]] is None:
                _submit(batch, executor, in_flight, *item, progress)
        if not in_flight or stop():
            return
        finished, _ = wait(list(in_flight), return_when=FIRST_COMPLETED)
        # In file order, so photos taken in the same second keep the order of their files.
        for future in sorted(finished, key=lambda f: in_flight[f].index):
            job = in_flight.pop(future)
            outcome = _outcome(future)
            if stop():
                return  # decoded but not written: reported as not imported
            if isinstance(outcome, Failed):
                result = _failed(job.path, ErrorCode(outcome.code), detail=outcome.detail)
            else:
                result = _store(batch, job, outcome)
            _finish(batch, job.index, result, progress)


def _submit(
    batch: _Batch, executor: Executor, in_flight: dict[Future, _Pending], index: int, path: Path,
    progress: Progress | None,
) -> None:  # fmt: skip
    data = _read(path)
    if isinstance(data, ImportResult):
        _finish(batch, index, data, progress)
        return
    if not data:
        _finish(batch, index, _failed(path, ErrorCode.PHOTO_EMPTY), progress)
        return
    sha256 = hashlib.sha256(data).hexdigest()
    duplicate = _duplicate(batch, path, sha256)
    if duplicate is not None:
        _finish(batch, index, duplicate, progress)
        return
    batch.seen[sha256] = index
    try:
        if isinstance(executor, _InlineExecutor):
            future = executor.submit(render, data)
        else:  # the worker reads the file itself: cheaper than pickling megabytes through a pipe
            future = executor.submit(render_file, str(path), sha256)
    except BrokenProcessPool:
        _finish(
            batch,
            index,
            _failed(path, ErrorCode.PHOTO_DAMAGED, detail="decoder process stopped"),
            progress,
        )
        return
    in_flight[future] = _Pending(index, path, data, sha256)


def _complete(batch: _Batch, files: list[Path]) -> list[ImportResult]:
    """Fill in what a cancel left out, and point in-batch duplicates at their first photo."""
    results: list[ImportResult] = []
    for path, result in zip(files, batch.results, strict=True):
        if result is None:
            result = ImportResult(
                str(path), ImportStatus.CANCELLED,
                error=RetrofitError(ErrorCode.PHOTO_NOT_IMPORTED, file=path.name),
            )  # fmt: skip
        elif result.duplicate_of is not None:
            first = batch.results[result.duplicate_of]
            result = first.as_copy(str(path)) if first is not None else result
        results.append(result)
    return results
