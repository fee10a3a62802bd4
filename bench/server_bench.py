"""The district server (issue 26): publishing a project and syncing a 3-estate change.

Floors, measured in the same run against the same throwaway PostgreSQL + PostGIS cluster
(tests/pg_cluster.py):
  publish: the same rows, already in the server's form, COPYed into tables made by the same
           DDL (our publish reads the file, converts geometry and makes the schema too);
  sync:    pygeodiff's changeset of the same change (base -> copy) plus the changed rows
           written with psycopg in one transaction (our sync pulls, merges with the field
           merge's rules, pushes, pulls again and hands the copy out afresh).
Without initdb/PostGIS the benchmark says so and returns nothing.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import large_project, row

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def _project(quick: bool, folder: Path) -> Path:
    if quick:
        from retrofit_app.core.demo import build_demo

        path = folder / "demo.gpkg"
        build_demo(path)
        return path
    return large_project()


def _copy_floor(url: str, source: Path) -> float:
    """COPY of the same rows, converted beforehand, into tables of the same DDL."""
    import sqlite3

    import psycopg

    from retrofit_app.core.server.rows import file_rows
    from retrofit_app.core.server.tables import create_statements, project_tables, qualified

    conn = sqlite3.connect(source)
    tables = project_tables(conn)
    ready = {t.name: list(file_rows(conn, t)) for t in tables}
    conn.close()
    with psycopg.connect(url, autocommit=True) as server:
        started = time.perf_counter()
        with server.transaction():
            for statement in create_statements("floor", tables):
                server.execute(statement)
            with server.cursor() as cur:
                for table in tables:
                    cols = ", ".join(["fid", *(f'"{c}"' for c in table.names)])
                    with cur.copy(
                        f"COPY {qualified('floor', table.name)} ({cols}) FROM STDIN"
                    ) as copy:
                        for values in ready[table.name]:
                            copy.write_row(values)
        return time.perf_counter() - started


def _sync_floor(url: str, base: Path, copy: Path, work: Path) -> float:
    """pygeodiff's changeset of the copy's change, and the changed estates written with psycopg."""
    import sqlite3

    import psycopg
    import pygeodiff

    started = time.perf_counter()
    pygeodiff.GeoDiff().create_changeset(str(base), str(copy), str(work / "floor.diff"))
    conn = sqlite3.connect(copy)
    changed = conn.execute("SELECT note, uuid FROM estates WHERE note LIKE '同步基准%'").fetchall()
    conn.close()
    with psycopg.connect(url, autocommit=True) as server, server.transaction():
        server.cursor().executemany(
            "UPDATE retrofit.estates SET note = %s WHERE uuid = %s", changed
        )
    return time.perf_counter() - started


def run(quick: bool) -> list[dict]:
    from pg_cluster import PASSWORD, available, throwaway_cluster

    if not available():
        print(
            "server_bench: no PostgreSQL with PostGIS here (apt-get install postgresql postgresql-postgis)",
            file=sys.stderr,
        )
        return []
    import os

    from retrofit_app.core.project import Project
    from retrofit_app.core.server.publish import publish
    from retrofit_app.core.server.sync import clone, sync

    os.environ["PGPASSWORD"] = PASSWORD
    folder = Path(tempfile.mkdtemp(prefix="server-bench-"))
    try:
        with throwaway_cluster() as cluster:
            source = _project(quick, folder)
            url = cluster.url(cluster.new_database())
            started = time.perf_counter()
            published = publish(source, url)
            ours = time.perf_counter() - started
            floor = _copy_floor(url, source)
            rows = sum(published.rows.values())
            results = [
                row(
                    "server_publish",
                    ours,
                    floor,
                    rows=rows,
                    cluster_start_s=round(cluster.started_in, 2),
                )
            ]
            copy = folder / "copy.gpkg"
            clone(url, copy)
            with Project(copy) as laptop:
                warm = laptop.estates.list()[-1]
                laptop.estates.update(warm.uuid, note="首次同步")
            first = time.perf_counter()
            # A copy's first sync that changes something brings its evidence chain's start (a
            # genesis entry per record); later ones only the entries of their own writes.
            sync(copy)
            first = time.perf_counter() - first
            base = folder / "base.gpkg"
            shutil.copyfile(copy, base)
            with Project(copy) as laptop:
                for estate in laptop.estates.list()[:3]:
                    laptop.estates.update(estate.uuid, note=f"同步基准 {estate.code}")
            floor = _sync_floor(url, base, copy, folder)
            started = time.perf_counter()
            done = sync(copy)
            ours = time.perf_counter() - started
            pushed = sum(sum(k.values()) for k in done.pushed.values())
            results.append(
                row("server_sync_3_estates", ours, floor, rows_pushed=pushed, first_sync_s=round(first, 2))
            )
            return results
    finally:
        shutil.rmtree(folder, ignore_errors=True)
