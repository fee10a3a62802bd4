"""AppContext: the shared state every tab and dialog receives in its constructor.

The contract (other tabs are built against it; keep it stable):

- ``context.project``   the open core ``Project`` or ``None``. Use its services
  (``project.estates``, ``project.buildings`` ...) on the main thread only; a
  background job opens its own Project with ``context.project_factory()``.
- ``context.settings``  ``core.settings.Settings`` (user name, language, font).
- ``context.undo_stack`` a ``QUndoStack``; push one ``QUndoCommand`` per user edit.
  It is cleared whenever another project is opened.
- ``context.jobs``      a ``gui.jobs.JobRunner``:
  ``context.jobs.run(title, func, on_done, on_error=None)`` runs
  ``func(progress, cancelled)`` on a thread pool with a progress dialog
  (``quiet=True``: no dialog, for routine background work).
- Signals:
  ``project_changed()``                  another project (or none) is open; reload everything.
  ``selection_changed(str kind, str uuid)`` kind is "district", "street", "estate",
  "building" or "unit"; uuid is "" when nothing is selected. District and street
  "uuids" are their names (the tree groups by name).
  ``data_changed(str table)``            rows of `table` ("estates", "buildings",
  "units", "households", "photos", ...) changed; views showing them refresh.
  ``status_message(str text)``           a sentence for the status bar.
- Tabs are built the first time they are shown (gui/tabs/registry.py LazyTab), so a
  tab's __init__ must show the current project and selection, not wait for a signal.
- Methods: ``select(kind, uuid)``, ``selection()`` -> (kind, uuid),
  ``selected_estate_uuid()`` (the estate of the selection, also for a building or
  unit; ``None`` above estate level), ``notify_changed(table)``,
  ``show_status(text)``, ``sentence(error)`` (a RetrofitError in the UI language),
  ``is_readonly()``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.project import Project
from retrofit_app.core.settings import Settings
from retrofit_app.gui.jobs import JobRunner

SELECTION_KINDS = ("district", "street", "estate", "building", "unit")


class AppContext(QObject):
    project_changed = Signal()
    selection_changed = Signal(str, str)
    data_changed = Signal(str)
    status_message = Signal(str)

    def __init__(self, settings: Settings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else Settings.load()
        self.project: Project | None = None
        self.undo_stack = QUndoStack(self)
        self.jobs = JobRunner(self)
        self._kind = ""
        self._uuid = ""
        self._estate_uuid: str | None = None

    # ------------------------------------------------------------ project
    def set_project(self, project: Project | None) -> None:
        """Make `project` the open one (closing the previous) and tell every view."""
        old = self.project
        self.project = project
        self.undo_stack.clear()
        self._kind, self._uuid, self._estate_uuid = "", "", None
        if old is not None and old is not project:
            old.close()
        self.project_changed.emit()
        self.selection_changed.emit("", "")

    def is_readonly(self) -> bool:
        return self.project is not None and self.project.readonly

    def start_folder(self) -> str:
        """Where a file dialog opens: beside the project, else the documents folder."""
        from retrofit_app.gui.file_dialogs import start_folder

        return start_folder(self.project)

    def user_name(self) -> str:
        return self.settings.user_name.strip()

    def project_factory(self) -> Callable[[], Project]:
        """A callable that opens another connection to the open project (for a worker thread)."""
        if self.project is None:
            raise RuntimeError("no project is open")
        return functools.partial(
            Project, self.project.path, readonly=self.project.readonly, user=self.project.user
        )

    # ---------------------------------------------------------- selection
    def select(self, kind: str, uuid: str) -> None:
        if kind and kind not in SELECTION_KINDS:
            raise ValueError(f"unknown selection kind {kind!r}")
        if (kind, uuid) == (self._kind, self._uuid):
            return
        self._kind, self._uuid = kind, uuid
        self._estate_uuid = self._estate_of(kind, uuid)
        self.selection_changed.emit(kind, uuid)

    def selection(self) -> tuple[str, str]:
        return self._kind, self._uuid

    def selected_estate_uuid(self) -> str | None:
        return self._estate_uuid

    def _estate_of(self, kind: str, uuid: str) -> str | None:
        if self.project is None or not uuid:
            return None
        try:
            if kind == "estate":
                return uuid
            if kind == "building":
                return self.project.buildings.get(uuid).estate_uuid
            if kind == "unit":
                unit = self.project.buildings.get_unit(uuid)
                return self.project.buildings.get(unit.building_uuid).estate_uuid
        except RetrofitError:
            return None
        return None

    # ------------------------------------------------------- notifications
    def notify_changed(self, table: str) -> None:
        self.data_changed.emit(table)

    def show_status(self, text: str) -> None:
        self.status_message.emit(text)

    def sentence(self, error: RetrofitError) -> str:
        return error.sentence(self.settings.lang)
