"""Tabs behind another one read what they show only when they come to the front."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QWidget


def _page_of(widget: QWidget) -> tuple[QStackedWidget, QWidget] | None:
    """The stack of pages (the main window's tabs) `widget` is on, and its page there."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStackedWidget):
            return parent, child
        child, parent = parent, parent.parentWidget()
    return None


class ReadWhenInFront:
    """Calls `read` at once when its tab is in front (or on its own: a test's, a dialog's),
    else once when the tab next comes to the front.

    Reading what a tab shows while another is in front froze the window at each selection:
    each tab read its own view of the newly chosen estate (issue 21).
    """

    def __init__(self, tab: QWidget, read: Callable[[], None]) -> None:
        self.tab, self.read = tab, read
        self.waiting = False

    def __call__(self, *_args: object) -> None:
        found = _page_of(self.tab)
        if found is None or found[0].currentWidget() is found[1]:
            self.read()
            return
        if self.waiting:
            return
        self.waiting = True
        stack, page = found

        def came_to_front(_index: int) -> None:
            if stack.currentWidget() is page:
                stack.currentChanged.disconnect(came_to_front)
                self.waiting = False
                self.read()

        stack.currentChanged.connect(came_to_front)
