"""pygeodiff's part in a merge: the field's changeset (base → settled field copy), rebased onto
the office, and read back (the office file itself is written by store/changeset_apply.py)."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path
from typing import Any

import pygeodiff

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.exchange.store.changeset_apply import (
    DELETE,
    INSERT,
    UPDATE,
    Change,
    Row,
)

_KINDS = {
    pygeodiff.ChangesetEntry.OP_INSERT: INSERT,
    pygeodiff.ChangesetEntry.OP_UPDATE: UPDATE,
    pygeodiff.ChangesetEntry.OP_DELETE: DELETE,
}


@contextlib.contextmanager
def geodiff(path_for_errors: Path, tables: list[str]) -> Iterator[pygeodiff.GeoDiff]:
    """A GeoDiff context that sees only the app's data `tables`; its errors become sentences.

    Naming the tables keeps out the office's bookkeeping and SQLite's own
    (sqlite_stat1 appears after PRAGMA optimize in one file and not another).
    """
    engine = pygeodiff.GeoDiff()
    try:
        engine.set_tables_to_include(tables)
        yield engine
    except pygeodiff.GeoDiffLibError as error:
        raise RetrofitError(
            ErrorCode.MERGE_FAILED, path=path_for_errors, detail=str(error).strip()
        ) from error
    finally:
        engine.shutdown()


def field_changeset(engine: pygeodiff.GeoDiff, base: Path, field: Path, work: Path) -> Path:
    """The field's changes: pygeodiff's diff of the package as it left (base) and as it came back.

    Run on scratch copies only.
    """
    changeset = work / "field.diff"
    engine.create_changeset(str(base), str(field), str(changeset))
    return changeset


def rebased_changeset(
    engine: pygeodiff.GeoDiff, base: Path, field_changes: Path, office_view: Path, work: Path
) -> Path:
    """The field's changeset rebased by pygeodiff onto what the office did since the package left.

    Rebase is what Mergin Maps does on sync: the field's new rows whose fids the
    office took meanwhile move to free fids (references go by uuid, so nothing
    breaks), and updates carry the office's current values as their old values.
    The fields both sides changed were settled before (exchange/store/merge_work.py),
    so the conflicts pygeodiff would resolve here are only the time stamps.
    """
    if not field_changes.stat().st_size:
        return field_changes  # nothing to rebase (pygeodiff writes no file then)
    office_changes, rebased = work / "office.diff", work / "rebased.diff"
    engine.create_changeset(str(base), str(office_view), str(office_changes))
    if not office_changes.exists() or not office_changes.stat().st_size:
        return field_changes  # the office changed nothing the copy holds (pygeodiff writes no file then)
    engine.create_rebased_changeset_ex(
        "sqlite", "", str(base), str(field_changes), str(office_changes), str(rebased),
        str(work / "rebase-conflicts.json"),
    )  # fmt: skip
    return rebased


def _entries(
    engine: pygeodiff.GeoDiff, changeset: Path
) -> Generator[tuple[str, str, int, list[Any] | None, list[Any] | None], None, None]:
    """(table, kind, key, old values, new values) of each entry of `changeset`, by pygeodiff's
    reader; the key is the row's primary key (fid).

    Nothing of the reader outlives the loop, not even in an error's traceback: its C objects
    call into pygeodiff's library when freed, and the library is unloaded once the engine and
    the reader are gone. Freed together later by the garbage collector (a traceback kept by a
    caller is a reference cycle), the library could go first and the program crash.
    """
    if not changeset.exists() or not changeset.stat().st_size:
        return  # pygeodiff writes no changeset when there is no change
    reader, entry, failed = engine.read_changeset(str(changeset)), None, None
    try:
        for entry in reader:
            old = getattr(entry, "old_values", None)
            new = getattr(entry, "new_values", None)
            values = old or new
            assert values is not None  # an entry has old values, new values or both
            key = values[entry.table.column_is_pkey.index(True)]
            yield entry.table.name, _KINDS[entry.operation], key, old, new
    except Exception as error:  # its traceback's frames hold the reader and the entry
        failed = error.with_traceback(None)
    finally:
        del reader, entry  # the last references: freed now, while the library is loaded
    if failed is not None:
        raise failed


def _shown(values: list[Any] | None) -> list[Any] | None:
    return None if values is None else [len(v) if isinstance(v, bytes) else v for v in values]


def read_changes(
    engine: pygeodiff.GeoDiff,
    changeset: Path,
    appended: Sequence[Row] = (),
) -> tuple[list[Change], str, list[Row]]:
    """Every change of `changeset` and then the `appended` rows as inserts (fid first), a SHA-256
    of them all for the merge's record, and the rows inserted ((table, values) in order), in one
    read: pygeodiff's reader costs more than the rows weigh, and they are records only (a photo's
    bytes stand there as a key, photo_keys.py)."""
    found: list[Change] = []
    inserted: list[Row] = []
    digest = hashlib.sha256()
    with contextlib.closing(_entries(engine, changeset)) as read:  # closed even when this stops
        for table, kind, key, old, new in itertools.chain(
            read, ((t, INSERT, v[0], None, v) for t, v in appended)
        ):
            found.append(Change(table, kind, key, old, None if kind == INSERT else new))
            if kind == INSERT and new is not None:  # (an insert always has its new values)
                inserted.append((table, new))
            digest.update(repr((table, kind, key, _shown(old), _shown(new))).encode())
    return found, digest.hexdigest(), inserted
