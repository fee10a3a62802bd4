"""Open the district server with psycopg 3, and say in a sentence why it cannot be opened.

Each user signs in as their own PostgreSQL role (issue 26 point 4). A copy keeps its server's
address without the password; libpq finds one in PGPASSWORD or ~/.pgpass, or the command line
and the window sign in first (sign_in: a password from the system keyring or typed), which this
module keeps in memory for the program's run only and adds to every connection to that role's
server. TLS is libpq's: its default sslmode=prefer encrypts whenever the server offers it, and
the address may ask for more (sslmode=verify-full sslrootcert=…); nothing here overrides it.
"""

from __future__ import annotations

import contextlib
import getpass
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from retrofit_app.core.errors import ErrorCode, RetrofitError

if TYPE_CHECKING:
    import psycopg

CONNECT_TIMEOUT = 10  # seconds before an unreachable server is said to be unreachable


def driver() -> Any:
    """psycopg, or a sentence that says how to install it (the `server` extra)."""
    try:
        import psycopg
    except ImportError as error:
        raise RetrofitError(ErrorCode.SERVER_DRIVER_MISSING) from error
    return psycopg


def parts(url: str) -> dict[str, str]:
    """The libpq parameters of `url` (a URI or key=value string); a malformed one refused."""
    psycopg = driver()
    try:
        found: dict[str, str] = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as error:
        raise RetrofitError(
            ErrorCode.SERVER_URL_INVALID, url=_masked(url), detail=_masked(str(error))
        ) from error
    return {k: str(v) for k, v in found.items()}


def _masked(text: str) -> str:
    """`text` with what could be a password (password=…, user:…@ in a URI) replaced by ***."""
    text = re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", text)
    return re.sub(r"(://[^:/@\s]*:)[^@\s]*@", r"\1***@", text)


def role(url: str) -> str:
    """The PostgreSQL role `url` signs in as (libpq's default: the computer's user name)."""
    return parts(url).get("user") or getpass.getuser()


def account(url: str) -> str:
    """Whose password `url` needs, as the keyring keys it: role@host:port/database."""
    found = parts(url)
    host = found.get("host") or found.get("hostaddr") or "localhost"
    name = role(url)
    return f"{name}@{host}:{found.get('port') or 5432}/{found.get('dbname') or name}"


_session: dict[str, str] = {}  # account -> the password signed in with, for this run only


def sign_in(url: str, password: str) -> None:
    """Connect to `url` as its role with `password`; the sentence why not (wrong password,
    no TLS …) if the server refuses. Once in, connections to that account use it until the
    program ends (it is kept in memory only)."""
    with connect(_with_password(url, password)):
        pass
    _session[account(url)] = password


def sign_out(url: str) -> None:
    _session.pop(account(url), None)


def check(url: str) -> None:
    """Connect to `url` once and let go: the sentence why not if the server refuses."""
    with connect(url):
        pass


def _with_password(url: str, password: str) -> str:
    made: str = driver().conninfo.make_conninfo(url, password=password)
    return made


def _signed_in(url: str) -> str:
    """`url` with the password this run signed in with, unless it names one itself."""
    found = parts(url)
    if "password" in found or not _session:
        return url
    password = _session.get(account(url))
    return _with_password(url, password) if password is not None else url


def without_password(url: str) -> str:
    """`url` as it may be kept in a project file: the password left out (libpq then reads it
    from PGPASSWORD or ~/.pgpass)."""
    psycopg = driver()
    found = parts(url)
    found.pop("password", None)
    made: str = psycopg.conninfo.make_conninfo(**found)
    return made


def shown(url: str) -> str:
    """`url` for a sentence: host, port, database and user, never the password."""
    found = parts(url)
    host = found.get("host", "localhost")
    port = f":{found['port']}" if "port" in found else ""
    user = f"{found['user']}@" if "user" in found else ""
    return f"{user}{host}{port}/{found.get('dbname', '')}"


# libpq's words when TLS cannot be had: the server has none, or its certificate fails the check
_TLS_WORDS = (
    "server does not support ssl", "ssl error", "ssl syscall", "certificate", "sslmode",
    "does not match host name",
)  # fmt: skip


def _refusal(error: Exception, url: str) -> RetrofitError:
    """The sentence for a connection libpq could not make."""
    text = _masked(str(error))
    lowered = text.lower()
    where = shown(url)
    # the password first: with sslmode=prefer libpq tries again without TLS after a refusal,
    # and a server that takes TLS only adds its "no pg_hba.conf entry … no encryption"
    if "no password supplied" in lowered:
        return RetrofitError(ErrorCode.SERVER_PASSWORD_NEEDED, server=where, role=role(url))
    if "password" in lowered or "authentication" in lowered:
        return RetrofitError(ErrorCode.SERVER_LOGIN_FAILED, server=where, user=role(url))
    if "no pg_hba.conf entry" in lowered and "no encryption" in lowered:
        return RetrofitError(ErrorCode.SERVER_TLS_REQUIRED, server=where)
    if any(word in lowered for word in _TLS_WORDS):
        return RetrofitError(ErrorCode.SERVER_TLS_FAILED, server=where, detail=text.strip()[:300])
    if "database" in lowered and "does not exist" in lowered:
        return RetrofitError(ErrorCode.SERVER_NO_DATABASE, server=where)
    return RetrofitError(ErrorCode.SERVER_UNREACHABLE, server=where, detail=text.strip()[:300])


@contextlib.contextmanager
def connect(url: str) -> Iterator[psycopg.Connection[Any]]:
    """A connection to the server at `url`, closed afterwards. Autocommit: each write is one
    `with conn.transaction()` (a transaction psycopg began implicitly would be rolled back
    at close, and would turn conn.transaction() into a mere savepoint).

    Every connection gives up after patience.SILENCE_LIMIT seconds of a silent link, on both
    sides: a publish, a grant, an upgrade or a review cut off mid-way fails in a sentence
    instead of waiting for the system's TCP, and the server rolls its transaction back."""
    from retrofit_app.core.server.patience import let_go_when_silent, patient

    psycopg = driver()
    try:
        conn = psycopg.connect(
            patient(_signed_in(url)),
            connect_timeout=CONNECT_TIMEOUT,
            application_name="retrofit-app",
            autocommit=True,
        )
    except psycopg.OperationalError as error:
        raise _refusal(error, url) from error
    try:
        let_go_when_silent(conn)
        yield conn
    except psycopg.OperationalError as error:
        if conn.closed or conn.broken:
            raise RetrofitError(
                ErrorCode.SERVER_CONNECTION_LOST, server=shown(url), detail=str(error)[:300]
            ) from error
        raise
    finally:
        conn.close()
