"""The pygeodiff steps of a merge: changesets, rebase onto the office, apply."""

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


def rebase(engine: pygeodiff.GeoDiff, base: Path, field: Path, office: Path, work: Path) -> Path:
    """The field's changes (base → field) rebased onto the office's (base → office).

    New field rows whose keys the office took meanwhile get new keys; fields
    changed on both sides were settled beforehand, so the field's changeset
    carries no value the office should keep.
    """
    theirs, rebased = work / "office.diff", work / "rebased.diff"
    engine.create_changeset(str(base), str(office), str(theirs))
    engine.create_rebased_changeset(
        str(base), str(field), str(theirs), str(rebased), str(work / "rebase.json")
    )
    return rebased
