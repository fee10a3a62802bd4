"""Photos dropped on an estate, building or unit in the tree are imported there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QTreeView

from retrofit_app.gui.estate_tree import KIND_ROLE, UUID_ROLE

DROP_KINDS = ("estate", "building", "unit")


def _local_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class TreeDropFilter(QObject):
    """Watches the tree's viewport; `files_dropped(kind, uuid, paths)` names the item dropped on."""

    files_dropped = Signal(str, str, list)

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view
        view.setAcceptDrops(True)
        view.viewport().setAcceptDrops(True)
        view.viewport().installEventFilter(self)

    def _target(self, event: QDropEvent | QDragMoveEvent) -> tuple[str, str] | None:
        index = self.view.indexAt(event.position().toPoint())
        kind = index.data(KIND_ROLE) if index.isValid() else None
        return (kind, index.data(UUID_ROLE)) if kind in DROP_KINDS else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.DragEnter and _local_paths(event):
            event.acceptProposedAction()
            return True
        if kind == QEvent.Type.DragMove and _local_paths(event):
            if self._target(event):
                event.acceptProposedAction()
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.Drop:
            target = self._target(event)
            paths = _local_paths(event)
            if target and paths:
                event.acceptProposedAction()
                self.files_dropped.emit(target[0], target[1], paths)
                return True
        return super().eventFilter(watched, event)
