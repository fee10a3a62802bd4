"""The pygeodiff steps of a merge: changesets, rebase onto the office, apply."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pygeodiff

from retrofit_app.core.errors import ErrorCode, RetrofitError


@dataclass(frozen=True)
class GeodiffConflict:
    """Both sides changed `column` (an index into the table's columns) of row `fid`."""

    table: str
    fid: int
    column: int


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


def changeset_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def summary(engine: pygeodiff.GeoDiff, changeset: Path, out: Path) -> dict[str, dict[str, int]]:
    """Rows inserted, updated and deleted per table by `changeset`."""
    if not engine.has_changes(str(changeset)):
        return {}
    engine.list_changes_summary(str(changeset), str(out))
    found = json.loads(out.read_text(encoding="utf-8"))["geodiff_summary"]
    return {
        t["table"]: {"inserted": t["insert"], "updated": t["update"], "deleted": t["delete"]}
        for t in found
    }


def conflicts(path: Path) -> list[GeodiffConflict]:
    """The fields rebase found changed on both sides (the field's value won in the changeset)."""
    if not path.exists():
        return []
    entries = json.loads(path.read_text(encoding="utf-8")).get("geodiff", [])
    return [
        GeodiffConflict(entry["table"], int(entry["fid"]), change["column"])
        for entry in entries
        for change in entry.get("changes", [])
    ]


def rebase_and_apply(
    engine: pygeodiff.GeoDiff, base: Path, field: Path, office: Path, work: Path
) -> tuple[Path, list[GeodiffConflict]]:
    """Apply the field's changes (base → field), rebased onto the office's, to `office`."""
    theirs, rebased, conflict_file = (
        work / "office.diff",
        work / "rebased.diff",
        work / "conflicts.json",
    )
    engine.create_changeset(str(base), str(office), str(theirs))
    engine.create_rebased_changeset(
        str(base), str(field), str(theirs), str(rebased), str(conflict_file)
    )
    if engine.has_changes(str(rebased)):
        engine.apply_changeset(str(office), str(rebased))
    return rebased, conflicts(conflict_file)
