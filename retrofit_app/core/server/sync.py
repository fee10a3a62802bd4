"""`server clone` and `sync`: a laptop's copy of the district server that works offline.

A copy is a field copy (core/exchange/export.py) of a mirror kept beside it
(`.<copy name>.server/mirror.gpkg`, mirror.py), and it names its server, schema and mirror
in its app_meta (no password: libpq reads PGPASSWORD or ~/.pgpass, the system keyring is for
the window). A sync:
  1. pulls: the mirror becomes what the server holds now (its revision R);
  2. merges the copy into the mirror with the field merge's rules (core/exchange/merge.py:
     both sides' changes kept, conflicts recorded for a person, nothing silently overwritten);
  3. pushes what the mirror now holds beyond R in one server transaction that first locks the
     revision: if another laptop pushed meanwhile the server refuses and the sync goes back
     to 1 (a killed push leaves the server as before, PostgreSQL rolls it back);
  4. pulls again and hands the copy out afresh from the mirror, so the copy then equals the
     server for its estates (and the next sync starts from that base).
Every step can be repeated: a sync cut off anywhere is finished by the next one.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retrofit_app.core.clock import now_iso
from retrofit_app.core.errors import ErrorCode, ProjectFileError, RetrofitError
from retrofit_app.core.exchange.export import export_package
from retrofit_app.core.exchange.merge import FieldConflict, merge_package
from retrofit_app.core.exchange.store.package_extract import set_meta
from retrofit_app.core.exchange.store.scratch_copies import file_meta
from retrofit_app.core.project import Project
from retrofit_app.core.server import mirror as mirror_rows
from retrofit_app.core.server.connection import connect, shown, without_password
from retrofit_app.core.server.copy_link import ESTATES_KEY, REVISION_KEY, SCHEMA_KEY, URL_KEY
from retrofit_app.core.server.rows import up
from retrofit_app.core.server.tables import (
    DEFAULT_SCHEMA,
    META,
    SYNC_LOG,
    Table,
    _q,
    project_tables,
    qualified,
    server_meta,
)
from retrofit_app.core.storage.connection import connect as connect_file

ALL_ESTATES = "*"
ATTEMPTS = 5  # pushes refused because another laptop pushed first, before giving up


class StalePush(Exception):
    """The server's revision moved since the pull."""


@dataclass
class SyncResult:
    copy: Path
    server: str
    revision: int = 0
    pushed: dict[str, dict[str, int]] = field(default_factory=dict)
    conflicts: list[FieldConflict] = field(default_factory=list)
    attempts: int = 0
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "copy": str(self.copy),
            "server": self.server,
            "revision": self.revision,
            "pushed": self.pushed,
            "conflicts": [
                {"table": c.table, "record_uuid": c.record_uuid, "field": c.field}
                for c in self.conflicts
            ],  # fmt: skip
            "attempts": self.attempts,
            "seconds": round(self.seconds, 3),
        }


def mirror_path(copy: Path) -> Path:
    return copy.parent / f".{copy.name}.server" / "mirror.gpkg"


def _tables(mirror: Path) -> list[Table]:
    conn = connect_file(mirror, readonly=True)
    try:
        return project_tables(conn)
    finally:
        conn.close()


def pull_into(url: str, schema: str, mirror: Path) -> mirror_rows.Pulled:
    """Make the project file `mirror` hold what the server holds (what `url`'s role may read),
    read in one repeatable-read snapshot."""
    with connect(url) as server, server.transaction():
        server.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        meta = server_meta(server, schema, shown(url))
        return mirror_rows.refresh(server, schema, int(meta["revision"]), _tables(mirror), mirror)


def clone(
    url: str,
    copy: Path,
    *,
    schema: str = DEFAULT_SCHEMA,
    estates: list[str] | None = None,
    user: str = "",
) -> SyncResult:
    """A new copy at `copy` of the district's estates on the server (or of `estates`, codes
    or names), with its mirror beside it."""
    started = time.perf_counter()
    copy = Path(copy).absolute()
    if copy.exists():
        raise ProjectFileError(ErrorCode.EXISTS, path=copy)
    mirror = mirror_path(copy)
    if mirror.parent.exists():
        raise ProjectFileError(ErrorCode.EXISTS, path=mirror.parent)
    mirror.parent.mkdir(mode=0o700)
    try:
        Project.create(mirror, user=user or _user()).close()
        pulled = pull_into(url, schema, mirror)
        chosen = _chosen_uuids(mirror, estates)
        link = {URL_KEY: without_password(url), SCHEMA_KEY: schema,
                ESTATES_KEY: json.dumps(chosen if estates else ALL_ESTATES)}  # fmt: skip
        _hand_out(mirror, copy, link, pulled.revision, user)
    except BaseException:
        _remove_tree(mirror.parent)
        raise
    return SyncResult(copy, shown(url), pulled.revision, seconds=time.perf_counter() - started)


def sync(
    copy: Path,
    *,
    url: str | None = None,
    user: str = "",
    progress: Callable[[int, int], None] | None = None,
    before_push: Callable[[], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> SyncResult:
    """Bring the server's changes into `copy` and the copy's own changes onto the server.

    `url` overrides the link kept in the copy (a password, another host name); the copy
    keeps it without the password. `before_push` is for tests: called just before each push.
    `cancelled` (the window's Cancel) stops before the push, leaving server and copy as they
    were; once the push has begun it is finished (one server transaction).
    """
    started = time.perf_counter()
    copy = Path(copy).absolute()
    link = file_meta(copy)
    if URL_KEY not in link:
        raise RetrofitError(ErrorCode.NOT_A_SERVER_COPY, path=copy)
    url = url or link[URL_KEY]
    schema = link[SCHEMA_KEY]
    mirror = mirror_path(copy)
    if not mirror.is_file():
        raise RetrofitError(ErrorCode.SERVER_MIRROR_MISSING, path=copy, mirror=mirror)
    result = SyncResult(copy, shown(url))
    tables = _tables(mirror)
    estates = _estates_of(copy, link)
    for attempt in range(1, ATTEMPTS + 1):
        result.attempts = attempt
        if progress:
            progress(0, 4)
        pulled = pull_into(url, schema, mirror)
        if progress:
            progress(1, 4)
        with Project(mirror, user=user or _user()) as office:
            merged = merge_package(office, copy, keep_backups=2)
        # A retried merge reports only conflicts its earlier attempt has not recorded: keep all.
        result.conflicts += [c for c in merged.conflicts if c not in result.conflicts]
        changes = mirror_rows.changes_since(pulled, tables, mirror)
        if progress:
            progress(2, 4)
        if cancelled and cancelled():
            raise RetrofitError(ErrorCode.CANCELLED)
        if before_push:
            before_push()
        try:
            result.pushed = (
                _push(url, schema, pulled.revision, tables, changes, user) if changes else {}
            )
            break
        except StalePush:
            continue
    else:
        raise RetrofitError(ErrorCode.SERVER_BUSY, server=shown(url), attempts=ATTEMPTS)
    if progress:
        progress(3, 4)
    pulled = pull_into(url, schema, mirror)
    link_now = {URL_KEY: without_password(url), SCHEMA_KEY: schema,
                ESTATES_KEY: link.get(ESTATES_KEY, json.dumps(ALL_ESTATES))}  # fmt: skip
    _hand_out(mirror, copy, link_now, pulled.revision, user, estates=estates)
    result.revision = pulled.revision
    if progress:
        progress(4, 4)
    result.seconds = time.perf_counter() - started
    return result


def _push(
    url: str,
    schema: str,
    revision: int,
    tables: list[Table],
    changes: mirror_rows.Changes,
    user: str,
) -> dict[str, dict[str, int]]:
    """The mirror's changes onto the server in one transaction, if it is still at `revision`."""
    by_name = {t.name: t for t in tables}
    with connect(url) as server, server.transaction():
        return _push_in(server, schema, revision, by_name, changes, user)


def _push_in(
    server: Any,
    schema: str,
    revision: int,
    by_name: dict[str, Table],
    changes: mirror_rows.Changes,
    user: str,
) -> dict[str, dict[str, int]]:
    """_push's writes, in the server transaction it opened: refused if the revision moved."""
    meta = qualified(schema, META)
    found = server.execute(f"SELECT value FROM {meta} WHERE key = 'revision' FOR UPDATE").fetchone()
    if found is None or int(found[0]) != revision:
        raise StalePush()
    with server.cursor() as cur:
        for name, uuids in changes.deleted.items():
            if uuids:
                cur.execute(f"DELETE FROM {qualified(schema, name)} WHERE uuid = ANY(%s)", (uuids,))
        for name, rows in changes.updated.items():
            table = by_name[name]
            sets = ", ".join(f"{_q(c)} = %s" for c in table.names)
            key = table.names.index("uuid")
            cur.executemany(
                f"UPDATE {qualified(schema, name)} SET {sets} WHERE uuid = %s",
                [(*up(table, r), r[key]) for r in rows],
            )
        for name, rows in changes.inserted.items():
            table = by_name[name]
            cols = ", ".join(_q(c) for c in table.names)
            marks = ", ".join(["%s"] * len(table.names))
            cur.executemany(
                f"INSERT INTO {qualified(schema, name)} ({cols}) VALUES ({marks})",
                [up(table, r) for r in rows],
            )
        counts = changes.counts()
        cur.execute(f"UPDATE {meta} SET value = %s WHERE key = 'revision'", (str(revision + 1),))
        cur.execute(
            f"INSERT INTO {qualified(schema, SYNC_LOG)} (revision, pushed_by, client, counts) "
            "VALUES (%s, %s, %s, %s)",
            (revision + 1, user or _user(), socket.gethostname(), json.dumps(counts)),
        )
    return counts


def _hand_out(
    mirror: Path,
    copy: Path,
    link: dict[str, str],
    revision: int,
    user: str,
    estates: list[str] | None = None,
) -> None:
    """A fresh field copy of the mirror written over `copy` (atomically), naming its server."""
    chosen = json.loads(link[ESTATES_KEY])
    with Project(mirror, user=user or _user()) as office:
        wanted = estates if estates is not None else (None if chosen == ALL_ESTATES else chosen)
        codes = [e.code for e in office.estates.list() if wanted is None or e.uuid in wanted]
        fresh = copy.with_name(f".{copy.name}.syncing")
        fresh.unlink(missing_ok=True)
        export_package(office, codes, fresh)
    if copy.exists():
        mirror_rows.continue_chain(copy, fresh, user or _user(), now_iso())
    conn = connect_file(fresh)
    try:
        set_meta(conn, {**link, REVISION_KEY: str(revision)})
    finally:
        conn.close()
    os.replace(fresh, copy)


def _estates_of(copy: Path, link: dict[str, str]) -> list[str] | None:
    """The estates the copy is for: all (None) or those it was given and those it added."""
    chosen = json.loads(link.get(ESTATES_KEY, json.dumps(ALL_ESTATES)))
    if chosen == ALL_ESTATES:
        return None
    conn = connect_file(copy, readonly=True)
    try:
        return sorted(
            {
                *chosen,
                *(r[0] for r in conn.execute("SELECT uuid FROM estates WHERE deleted_at IS NULL")),
            }
        )
    finally:
        conn.close()


def _chosen_uuids(mirror: Path, estates: list[str] | None) -> list[str]:
    with Project(mirror, readonly=True) as office:
        return [office.estates.resolve(e).uuid for e in estates or []]


def _user() -> str:
    return os.environ.get("USER") or os.environ.get("USERNAME") or "retrofit"


def _remove_tree(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
