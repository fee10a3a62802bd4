"""A throwaway PostgreSQL + PostGIS cluster for the server tests (issue 26).

Debian's `postgresql` and `postgis` packages give initdb and pg_ctl under
/usr/lib/postgresql/<version>/bin. The cluster lives in a temporary folder, listens on a
unix socket only by default (no TCP port to collide with), asks for a password (so a wrong one
is refused as on a real server) and is stopped at the end of the session. Root runs the server
as the `postgres` user, as Debian does (initdb refuses root).

A test that needs a server over the network passes keywords to throwaway_cluster():
listen="127.0.0.1" opens TCP on a free port as well (url() then names that host and port),
ssl=True serves TLS with a certificate signed by a throwaway certificate authority
(cluster.ca_file, for sslmode=verify-full), and hba=[...] replaces pg_hba.conf's lines (the
unix socket's `local all all scram-sha-256` kept first), e.g.
["hostssl all all 127.0.0.1/32 scram-sha-256"] for a server that takes TLS and passwords only.

One database gets PostGIS (CREATE EXTENSION takes ~2 s); each test gets its own database
copied from it (CREATE DATABASE … TEMPLATE, a fraction of a second).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
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
    host: str = ""  # the TCP address it listens on; "" for the unix socket only
    ca_file: Path | None = None  # the certificate authority that signed its TLS certificate

    def url(self, dbname: str, *, user: str = ADMIN, password: str | None = PASSWORD) -> str:
        """A libpq key=value connection string for `dbname`: over TCP when the cluster listens
        on an address, else over its unix socket."""
        text = f"host={self.host or self.folder} port={self.port} dbname={dbname} user={user}"
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


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def _certificates(folder: Path, host: str) -> tuple[Path, Path, Path]:
    """A throwaway certificate authority and a server certificate it signs for `host` (as a
    name and, when it is one, as an IP address) and localhost: (ca, cert, key) files."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    valid = (now - datetime.timedelta(minutes=5), now + datetime.timedelta(days=1))

    def made(subject: str, key: ec.EllipticCurvePrivateKey, issuer: x509.Name | None,
             signer: ec.EllipticCurvePrivateKey, *, ca: bool) -> x509.Certificate:  # fmt: skip
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
        builder = (
            x509.CertificateBuilder().subject_name(name).issuer_name(issuer or name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(valid[0]).not_valid_after(valid[1])
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )  # fmt: skip
        if not ca:
            names: list[x509.GeneralName] = [x509.DNSName("localhost")]
            try:
                names.append(x509.IPAddress(ipaddress.ip_address(host)))
            except ValueError:
                names.append(x509.DNSName(host))
            builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
        return builder.sign(signer, hashes.SHA256())

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = made("retrofit throwaway CA", ca_key, None, ca_key, ca=True)
    cert = made(host, key, ca.subject, ca_key, ca=False)
    files = folder / "ca.crt", folder / "server.crt", folder / "server.key"
    pem = serialization.Encoding.PEM
    files[0].write_bytes(ca.public_bytes(pem))
    files[1].write_bytes(cert.public_bytes(pem))
    files[2].write_bytes(key.private_bytes(
        pem, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))  # fmt: skip
    files[2].chmod(0o600)  # the server refuses a key others may read
    return files


@contextlib.contextmanager
def throwaway_cluster(
    *, listen: str = "", ssl: bool = False, hba: list[str] | None = None
) -> Iterator[Cluster]:
    """initdb in a temporary folder, pg_ctl start on a unix socket (and on TCP at `listen`, a
    free port, with TLS when `ssl`; pg_hba.conf's lines replaced by `hba`), PostGIS in a
    template; stopped and removed afterwards."""
    import psycopg

    binaries = bin_dir()
    assert binaries is not None
    started = time.perf_counter()
    as_postgres = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="retrofit-pg-"))
    data = folder / "data"
    password_file = folder / "password"
    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    ca_file = None
    owned = [folder, password_file]
    # without TCP, the port only names the socket file
    port = _free_port(listen) if listen else 50000 + os.getpid() % 10000
    options = (
        f"-k {folder} -c listen_addresses='{listen}' -p {port} -c fsync=off -c full_page_writes=off"
    )
    if ssl:
        ca_file, cert_file, key_file = _certificates(folder, listen or "localhost")
        owned += [cert_file, key_file]
        options += f" -c ssl=on -c ssl_cert_file={cert_file} -c ssl_key_file={key_file}"
    if as_postgres:
        user = _postgres_user()
        assert user is not None
        for path in owned:
            os.chown(path, user.pw_uid, user.pw_gid)
    try:
        _run([str(binaries / "initdb"), "-D", str(data), "-U", ADMIN, "--auth=scram-sha-256",
              f"--pwfile={password_file}", "-E", "UTF8", "--locale=C.UTF-8", "-N"],
             as_postgres=as_postgres)  # fmt: skip
        if hba is not None:
            lines = ["local all all scram-sha-256", *hba]
            (data / "pg_hba.conf").write_text("\n".join(lines) + "\n", encoding="utf-8")
        _run([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l",
              str(folder / "server.log"), "start"], as_postgres=as_postgres)  # fmt: skip
        try:
            cluster = Cluster(folder, port, 0.0, listen, ca_file)
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
