"""pygeodiff's part in a merge: the changeset of the field's work (base → settled field copy)."""

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

    Run on scratch copies only; the rows the office added meanwhile and their
    fids are dealt with when the changeset is applied (storage/changeset_apply.py).
    """
    changeset = work / "field.diff"
    engine.create_changeset(str(base), str(field), str(changeset))
    return changeset
