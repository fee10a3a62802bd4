"""What a service may use of an open project: its connection, reads, writes and user (Project has them)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlite_utils import Database


class ProjectAccess(Protocol):
    """The file a service works on. Services take this, not Project, so none of them reaches
    another through it: a service that needs another gets it in its constructor (core/project.py
    wires them)."""

    path: Path
    readonly: bool
    user: str  # who is written into the audit trail

    @property
    def db(self) -> Database:
        """The one connection (sqlite-utils over it); use it inside read() or write()."""
        ...

    def read(self) -> contextlib.AbstractContextManager[None]:
        """Reads inside it: a locked, busy or damaged file becomes a ProjectFileError."""
        ...

    def write(self) -> contextlib.AbstractContextManager[Database]:
        """One user action: everything inside lands together or not at all."""
        ...
