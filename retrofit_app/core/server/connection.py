"""Open the district server with psycopg 3, and say in a sentence why it cannot be opened."""

from __future__ import annotations

import contextlib
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
        raise RetrofitError(ErrorCode.SERVER_URL_INVALID, url=url, detail=str(error)) from error
    return {k: str(v) for k, v in found.items()}


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


def _refusal(error: Exception, url: str) -> RetrofitError:
    """The sentence for a connection libpq could not make."""
    text = str(error)
    lowered = text.lower()
    where = shown(url)
    if "password" in lowered or "authentication" in lowered:
        return RetrofitError(
            ErrorCode.SERVER_LOGIN_FAILED, server=where, user=parts(url).get("user", "")
        )
    if "database" in lowered and "does not exist" in lowered:
        return RetrofitError(ErrorCode.SERVER_NO_DATABASE, server=where)
    return RetrofitError(ErrorCode.SERVER_UNREACHABLE, server=where, detail=text.strip()[:300])


@contextlib.contextmanager
def connect(url: str) -> Iterator[psycopg.Connection[Any]]:
    """A connection to the server at `url`, closed afterwards. Autocommit: each write is one
    `with conn.transaction()` (a transaction psycopg began implicitly would be rolled back
    at close, and would turn conn.transaction() into a mere savepoint)."""
    psycopg = driver()
    parts(url)
    try:
        conn = psycopg.connect(
            url, connect_timeout=CONNECT_TIMEOUT, application_name="retrofit-app", autocommit=True
        )
    except psycopg.OperationalError as error:
        raise _refusal(error, url) from error
    try:
        yield conn
    except psycopg.OperationalError as error:
        if conn.closed or conn.broken:
            raise RetrofitError(
                ErrorCode.SERVER_CONNECTION_LOST, server=shown(url), detail=str(error)[:300]
            ) from error
        raise
    finally:
        conn.close()
