"""An open project: its file, its user, and the services that work on it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from retrofit_app.core import network_writer
from retrofit_app.core.errors import ErrorCode, ProjectFileError
from retrofit_app.core.model import ProjectCounts
from retrofit_app.core.storage import connection, create_project_file, open_project_file, queries
from retrofit_app.core.storage.sqlite_errors import translated

if TYPE_CHECKING:
    from sqlite_utils import Database

    from retrofit_app.core.acceptances import AcceptanceService
    from retrofit_app.core.audit import AuditService
    from retrofit_app.core.buildings import BuildingService
    from retrofit_app.core.checklists.service import ChecklistService
    from retrofit_app.core.consultation.service import ConsultationService
    from retrofit_app.core.estates import EstateService
    from retrofit_app.core.households import HouseholdService
    from retrofit_app.core.photos.service import PhotoService
    from retrofit_app.core.programme.service import ProgrammeService
    from retrofit_app.core.signatures import SignatureService

DEFAULT_USER = "未署名"


class Project:
    """Holds one connection; a background job opens its own Project on the same path.

    The services get it as a ProjectAccess (core/access.py): connection, read, write, user.
    A service that needs another gets it here, as a constructor argument.
    """

    def __init__(self, path: Path, *, readonly: bool = False, user: str = DEFAULT_USER) -> None:
        # On a network drive one program writes at a time (core/network_writer.py)
        self._writer = None if readonly else network_writer.claim(Path(path), user)
        try:
            opened = open_project_file(Path(path), readonly=readonly)
        except BaseException:
            self._let_writer_go()
            raise
        if opened.readonly:
            self._let_writer_go()
        self.path = opened.path
        self.readonly = opened.readonly
        self.migrated_from = opened.migrated_from
        self.backup_made = opened.backup
        self.conn = opened.conn
        self.closed = False
        self._held = connection.hold(self.path)  # no open() of it as an input file
        self._db: Database | None = None
        self.user = user or DEFAULT_USER
        if not self.readonly:
            from retrofit_app.core.storage.work_folder import tidy

            tidy(self.path)  # what killed operations left behind; the old side folders moved in

    # Services are made on first use: each imports its own modules, so a quick
    # command such as `info` loads only what it needs. The arrows between them:
    # estates → checklists (progress, the acceptance rule); none other.
    @cached_property
    def audit(self) -> AuditService:
        from retrofit_app.core.audit import AuditService

        return AuditService(self)

    @cached_property
    def estates(self) -> EstateService:
        from retrofit_app.core.estates import EstateService

        return EstateService(self, checklists=self.checklists)

    @cached_property
    def buildings(self) -> BuildingService:
        from retrofit_app.core.buildings import BuildingService

        return BuildingService(self)

    @cached_property
    def households(self) -> HouseholdService:
        from retrofit_app.core.households import HouseholdService

        return HouseholdService(self)

    @cached_property
    def consultations(self) -> ConsultationService:
        from retrofit_app.core.consultation.service import ConsultationService

        return ConsultationService(self)

    @cached_property
    def photos(self) -> PhotoService:
        from retrofit_app.core.photos.service import PhotoService

        return PhotoService(self)

    @cached_property
    def acceptances(self) -> AcceptanceService:
        from retrofit_app.core.acceptances import AcceptanceService

        return AcceptanceService(self)

    @cached_property
    def signatures(self) -> SignatureService:
        from retrofit_app.core.signatures import SignatureService

        return SignatureService(self)

    @cached_property
    def programme(self) -> ProgrammeService:
        from retrofit_app.core.programme.service import ProgrammeService

        return ProgrammeService(self)

    @cached_property
    def checklists(self) -> ChecklistService:
        from retrofit_app.core.checklists.service import ChecklistService

        return ChecklistService(self)

    @property
    def db(self) -> Database:
        """sqlite-utils over our connection; made on first use (its import is slow for quick commands)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    @classmethod
    def create(cls, path: Path, *, user: str = DEFAULT_USER) -> Project:
        create_project_file(Path(path))
        return cls(path, user=user)

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """One user action: everything inside lands together or not at all."""
        if self.readonly:
            raise ProjectFileError(ErrorCode.READ_ONLY, path=self.path)
        with translated(self.path):
            if self.conn.in_transaction:  # nested in another write: a savepoint
                with self.db.atomic():
                    yield self.db
                return
            # IMMEDIATE takes the write lock first, waiting up to the busy timeout. A
            # deferred BEGIN that reads first fails at once ("database is locked", no
            # waiting) when another program committed meanwhile: a lost write (issue 9).
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def read(self) -> contextlib.AbstractContextManager[None]:
        return translated(self.path)

    def counts(self) -> ProjectCounts:
        with self.read():
            return queries.counts(self.conn)

    def quick_check(self) -> str:
        with self.read():
            return queries.quick_check(self.conn)

    def data_version(self) -> int:
        with self.read():
            return queries.data_version(self.conn)

    def meta(self) -> dict[str, str]:
        with self.read():
            return queries.meta(self.conn)

    @property
    def schema_version(self) -> int:
        return int(self.meta()["schema_version"])

    def fold_log_in(self) -> None:
        """Make the project file complete on its own: copy the write-ahead log into it.

        Called before a command reports success, so that the .gpkg alone (copied,
        mailed, backed up) holds every change. Raises WAL_NOT_FOLDED when it cannot
        (a full disk): the changes are safe in the -wal beside the file, but the file
        alone is not the whole project until the next open folds them in. When another
        program has the file open, the rest is folded in when that program closes it.
        """
        if not self.readonly:
            connection.fold_log_in(self.conn, self.path)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            # Only after writes: optimize may ANALYZE (and create sqlite_stat1), and a file
            # we only read, or whose input was refused, must stay byte for byte the same.
            if not self.readonly and self.conn.total_changes:
                self.conn.execute("PRAGMA optimize")
        self.conn.close()
        if not self.closed:
            connection.let_go(self._held)
            self._let_writer_go()
        self.closed = True

    def _let_writer_go(self) -> None:
        if self._writer is not None:
            self._writer.release()
            self._writer = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        """Leaving a `with` block whole: the file alone is complete, or the caller hears why not."""
        try:
            if exc_type is None and not self.closed and self.conn.total_changes:
                self.fold_log_in()
        finally:
            self.close()
