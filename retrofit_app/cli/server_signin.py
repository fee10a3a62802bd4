"""Signing in to the district server from the command line (issue 26 point 4).

Every server command first connects with the address as given (libpq may find the password in
PGPASSWORD or ~/.pgpass, or the server may need none). If the server asks for a password, the
one kept in the system keyring for that role and server is tried; if there is none, a terminal
asks for it (not echoed), and a command run without a terminal fails with a sentence that names
the role and says how to store its password: `retrofit-app server password --db URL`.
The password is never printed, logged or written to a file.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from retrofit_app.core.server import keychain
from retrofit_app.core.server.connection import role, shown, sign_in
from retrofit_app.core.server.copy_link import server_url
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import say

Run = Callable[[argparse.Namespace, Settings], int]


def signing_in(run: Run) -> Run:
    """`run` after signing in to the server named by --db (or, for sync, the copy's own)."""

    @functools.wraps(run)
    def signed_in(args: argparse.Namespace, settings: Settings) -> int:
        url = args.db or server_url(Path(args.project))
        if url:
            ensure_signed_in(url, settings.lang)
        return run(args, settings)

    return signed_in


def _interactive() -> bool:
    return sys.stdin.isatty()


def _typed(url: str, lang: str) -> str:
    return getpass.getpass(
        say("cli.server_password_prompt", lang, role=role(url), server=shown(url))
    )


def ensure_signed_in(url: str, lang: str) -> None:
    """Connect to `url` once: as given, else with the keyring's password, else with one typed
    at the terminal; the sentence why not otherwise (naming the role and `server password`)."""
    refused = keychain.sign_in_as_kept(url)
    if refused is None:
        return
    if not _interactive():
        raise refused
    if not keychain.available():
        sys.stderr.write(say("cli.server_keyring_absent", lang) + "\n")
    sign_in(url, _typed(url, lang))


def run_password(args: argparse.Namespace, settings: Settings) -> int:
    """server password --db URL: type the role's password (checked against the server) and keep
    it in the system keyring; --forget removes it."""
    url, lang = args.db, settings.lang
    if args.forget:
        words = (
            "cli.server_password_forgotten"
            if keychain.forget_password(url)
            else "cli.server_password_none"
        )
        print(say(words, lang, role=role(url), server=shown(url)))
        return 0
    # a script may pipe it in: one line on standard input, never on the command line
    password = _typed(url, lang) if _interactive() else sys.stdin.readline().rstrip("\r\n")
    sign_in(url, password)  # a wrong password is refused here, not kept
    keychain.store_password(url, password)
    print(say("cli.server_password_stored", lang, role=role(url), server=shown(url)))
    return 0


def register(actions: argparse._SubParsersAction, url_help: str) -> None:
    a = actions.add_parser(
        "password",
        help="把本角色的密码存入系统钥匙串（在终端输入） / keep this role's password in the system keyring",
    )
    a.add_argument("--db", required=True, help=url_help)
    a.add_argument(
        "--forget", action="store_true", help="从钥匙串中删除 / remove it from the keyring"
    )
    a.set_defaults(run=run_password)
