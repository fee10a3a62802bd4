"""The district server's passwords in the system keyring (issue 26 point 4): Windows
Credential Manager, macOS Keychain, the Secret Service on Linux (GNOME Keyring, KWallet),
through the `keyring` library. Never in settings, the project file or a log.

One entry per role and server: service "retrofit-app", user name role@host:port/database
(connection.account). Where no keyring is usable (a Linux without a running Secret Service:
keyring's fail backend, or one that raises), reading finds nothing and storing says so in a
sentence; the password typed then serves this run only.
"""

from __future__ import annotations

import logging
from typing import Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.server.connection import account, check, parts, sign_in

SERVICE = "retrofit-app"
# the server's refusals a password can answer: none given, or a wrong one
REFUSED = (ErrorCode.SERVER_PASSWORD_NEEDED, ErrorCode.SERVER_LOGIN_FAILED)
log = logging.getLogger(__name__)


def _backend() -> Any:  # noqa: ANN401 - a keyring.backend.KeyringBackend
    """The keyring the system offers, or the sentence why there is none."""
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError as error:
        raise RetrofitError(ErrorCode.KEYRING_UNAVAILABLE, detail="keyring") from error
    try:
        backend = keyring.get_keyring()
    except Exception as error:  # noqa: BLE001 - a backend that cannot even start
        raise RetrofitError(ErrorCode.KEYRING_UNAVAILABLE, detail=type(error).__name__) from error
    if isinstance(backend, fail.Keyring | null.Keyring):
        raise RetrofitError(ErrorCode.KEYRING_UNAVAILABLE, detail=type(backend).__module__)
    return backend


def available() -> bool:
    try:
        _backend()
    except RetrofitError:
        return False
    return True


def stored_password(url: str) -> str | None:
    """The password kept for `url`'s role and server; None when there is none or no keyring
    can be read (a locked or absent one: the user is asked instead)."""
    try:
        found = _backend().get_password(SERVICE, account(url))
    except RetrofitError:
        return None
    except Exception as error:  # noqa: BLE001 - dbus, a locked keychain …: ask instead
        log.warning("keyring not read for %s: %s", account(url), type(error).__name__)
        return None
    return str(found) if found is not None else None


def store_password(url: str, password: str) -> None:
    """Keep `password` for `url`'s role and server; the sentence why not if no keyring takes it."""
    backend = _backend()
    try:
        backend.set_password(SERVICE, account(url), password)
    except Exception as error:  # noqa: BLE001 - the backend's own errors, said in a sentence
        raise RetrofitError(ErrorCode.KEYRING_UNAVAILABLE, detail=type(error).__name__) from error


def forget_password(url: str) -> bool:
    """Remove the password kept for `url`'s role and server; False when none was kept."""
    backend = _backend()
    try:
        backend.delete_password(SERVICE, account(url))
    except Exception:  # noqa: BLE001 - keyring.errors.PasswordDeleteError: there was none
        return False
    return True


def sign_in_as_kept(url: str) -> RetrofitError | None:
    """Connect once to `url` as given (libpq may find PGPASSWORD or ~/.pgpass, or the server
    asks for no password), else with the password the keyring keeps for its role and server.
    None when in; else the refusal (no password, or the kept one refused), for the caller to
    ask for a password. Any other failure (unreachable, no TLS …) is raised."""
    try:
        check(url)
        return None
    except RetrofitError as error:
        if error.code not in REFUSED or "password" in parts(url):
            raise
        refused = error
    stored = stored_password(url)
    if stored is None:
        return refused
    try:
        sign_in(url, stored)
    except RetrofitError as error:
        if error.code not in REFUSED:
            raise
        return error
    return None
