"""Undo for map edits (an estate's point, its boundary, a building's footprint): redo makes the edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from retrofit_app.core.errors import RetrofitError


class MapEditCommand(QUndoCommand):
    """Applies `new` on redo and `old` on undo through `apply`, then tells the map to refresh."""

    def __init__(
        self,
        text: str,
        apply: Callable[[Any], None],
        new: Any,
        old: Any,
        refresh: Callable[[], None],
    ) -> None:
        super().__init__(text)
        self._apply = apply
        self._new = new
        self._old = old
        self._refresh = refresh
        self.error: RetrofitError | None = None

    def _run(self, value: Any) -> None:
        try:
            self._apply(value)
        except RetrofitError as error:
            # A read-only or locked file: nothing changed, so the command must not stay on the stack.
            self.error = error
            self.setObsolete(True)
        self._refresh()

    def redo(self) -> None:
        self._run(self._new)

    def undo(self) -> None:
        self._run(self._old)


def estate_point_edit(project, uuid: str) -> Callable[[Any], None]:  # noqa: ANN001
    def apply(value: tuple[float | None, float | None]) -> None:
        project.estates.update(uuid, lon=value[0], lat=value[1])

    return apply


def estate_boundary_edit(project, uuid: str) -> Callable[[Any], None]:  # noqa: ANN001
    def apply(value: dict | None) -> None:
        project.estates.update(uuid, boundary=value)

    return apply


def building_geometry_edit(project, uuid: str) -> Callable[[Any], None]:  # noqa: ANN001
    def apply(value: dict | None) -> None:
        project.buildings.update(uuid, geometry=value)

    return apply
