"""What the sign-in tests share (issue 26 point 4): a server that takes TLS connections with
passwords only, with one district role, and a real keyring backend in the test's folder.
A test module imports the fixtures `cluster` and `keyring_folder` from here."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

HBA = ["hostssl all all 127.0.0.1/32 scram-sha-256"]  # TLS and a password, or nothing
ROLE, ROLE_PASSWORD = "gulou_w", "Gulou-secret-7731"  # a district's role and its password


@contextlib.contextmanager
def tls_cluster(role: str, password: str) -> Iterator[object]:
    """A throwaway cluster on 127.0.0.1 that refuses unencrypted connections, and `role`."""
    from pg_cluster import throwaway_cluster

    with throwaway_cluster(listen="127.0.0.1", ssl=True, hba=HBA) as made:
        made.sql("postgres", f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        yield made


@contextlib.contextmanager
def file_keyring(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """keyrings.alt's file keyring in `folder`, for this process and the command lines it
    starts (PYTHON_KEYRING_BACKEND); no PGPASSWORD, nothing signed in from an earlier test."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    from retrofit_app.core.server import connection

    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    before = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    connection._session.clear()
    try:
        yield folder
    finally:
        connection._session.clear()
        keyring.set_keyring(before)


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    from needs import need

    need("postgis")
    with tls_cluster(ROLE, ROLE_PASSWORD) as made:
        yield made


@pytest.fixture
def keyring_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    with file_keyring(tmp_path / "keyring", monkeypatch) as folder:
        yield folder
