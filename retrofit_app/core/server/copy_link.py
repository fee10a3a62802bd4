"""Which server a copy syncs with: the link a clone writes in the copy's app_meta (without the
password). Light to import: the window asks it whenever a project opens."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from retrofit_app.core.exchange.store.scratch_copies import file_meta
from retrofit_app.core.server.connection import shown

URL_KEY, SCHEMA_KEY, ESTATES_KEY, REVISION_KEY = (
    "server_url", "server_schema", "server_estates", "server_revision")  # fmt: skip


def server_of(copy: Path) -> str:
    """The server `copy` syncs with, as a sentence shows it (user@host:port/db, no password);
    "" for a project that is no server copy."""
    link = file_meta(Path(copy))
    return shown(link[URL_KEY]) if link.get(URL_KEY) else ""


def server_url(copy: Path) -> str:
    """The address `copy` syncs with, as kept (no password); "" for a project that is no server
    copy, or no project (sync says which)."""
    try:
        return file_meta(Path(copy)).get(URL_KEY, "")
    except sqlite3.Error:
        return ""
