"""A throwaway PostgreSQL + PostGIS cluster for the server tests (issue 26).

Debian's `postgresql` and `postgis` packages give initdb and pg_ctl under
/usr/lib/postgresql/<version>/bin. The cluster lives in a temporary folder, listens on a
unix socket only (no TCP port to collide with), asks for a password (so a wrong one is
refused as on a real server) and is stopped at the end of the session. Root runs the server
as the `postgres` user, as Debian does (initdb refuses root).

One database gets PostGIS (CREATE EXTENSION takes ~2 s); each test gets its own database
copied from it (CREATE DATABASE … TEMPLATE, a fraction of a second).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ADMIN = "retrofit_admin"
PASSWORD = "server-test-password"
TEMPLATE = "district_template"
_names = itertools.count(1)


def bin_dir() -> Path | None:
    """The newest PostgreSQL's binaries with PostGIS installed for it, or None."""
    root = Path("/usr/lib/postgresql")
    if not root.is_dir():
        return None
    for version in sorted(
        root.iterdir(), key=lambda p: int(p.name) if p.name.isdigit() else 0, reverse=True
    ):
        control = Path(f"/usr/share/postgresql/{version.name}/extension/postgis.control")
        if (version / "bin" / "initdb").is_file() and control.is_file():
            return version / "bin"
    return None


def available() -> bool:
    return bin_dir() is not None and (os.geteuid() != 0 or _postgres_user() is not None)


def _postgres_user() -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        return None


@dataclass
class Cluster:
    folder: Path
    port: int
    started_in: float  # seconds: initdb, start, PostGIS in the template database

    def url(self, dbname: str, *, user: str = ADMIN, password: str | None = PASSWORD) -> str:
        """A libpq key=value connection string for `dbname` over the cluster's socket."""
        text = f"host={self.folder} port={self.port} dbname={dbname} user={user}"
        return text + (f" password={password}" if password is not None else "")

    def new_database(self) -> str:
        import psycopg

        name = f"district_{os.getpid()}_{next(_names)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE}')
        return name

    def sql(
        self, dbname: str, statement: str, *, user: str = ADMIN, password: str = PASSWORD
    ) -> list[tuple]:
        import psycopg

        with psycopg.connect(
            self.url(dbname, user=user, password=password), autocommit=True
        ) as conn:
            cursor = conn.execute(statement)
            return cursor.fetchall() if cursor.description else []


def _run(args: list[str], *, as_postgres: bool) -> None:
    if as_postgres:
        args = ["runuser", "-u", "postgres", "--", *args]
    subprocess.run(args, check=True, capture_output=True, timeout=120)


@contextlib.contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    """initdb in a temporary folder, pg_ctl start on a unix socket, PostGIS in a template;
    stopped and removed afterwards."""
    import psycopg

    binaries = bin_dir()
    assert binaries is not None
    started = time.perf_counter()
    as_postgres = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="retrofit-pg-"))
    data = folder / "data"
    password_file = folder / "password"
    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    if as_postgres:
        user = _postgres_user()
        assert user is not None
        for path in (folder, password_file):
            os.chown(path, user.pw_uid, user.pw_gid)
    port = 50000 + os.getpid() % 10000  # the socket file's name; no TCP port is opened
    options = f"-k {folder} -c listen_addresses='' -p {port} -c fsync=off -c full_page_writes=off"
    try:
        _run([str(binaries / "initdb"), "-D", str(data), "-U", ADMIN, "--auth=scram-sha-256",
              f"--pwfile={password_file}", "-E", "UTF8", "--locale=C.UTF-8", "-N"],
             as_postgres=as_postgres)  # fmt: skip
        _run([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l",
              str(folder / "server.log"), "start"], as_postgres=as_postgres)  # fmt: skip
        try:
            cluster = Cluster(folder, port, 0.0)
            with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {TEMPLATE}")
            with psycopg.connect(cluster.url(TEMPLATE), autocommit=True) as conn:
                conn.execute("CREATE EXTENSION postgis")
            cluster.started_in = time.perf_counter() - started
            yield cluster
        finally:
            _run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                 as_postgres=as_postgres)  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)
