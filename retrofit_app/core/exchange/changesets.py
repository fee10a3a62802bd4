"""pygeodiff's part in a merge: the field's changeset (base → settled field copy), rebased onto the office."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pygeodiff

from retrofit_app.core.errors import ErrorCode, RetrofitError


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
