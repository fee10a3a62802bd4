"""Icons from qtawesome's bundled fonts, so the app needs no image files and works offline."""

from __future__ import annotations

import logging

from PySide6.QtGui import QIcon

log = logging.getLogger(__name__)


def icon(name: str, colour: str | None = None) -> QIcon:
    """The qtawesome icon `name`, or an empty icon when qtawesome cannot draw it."""
    try:
        import qtawesome

        return qtawesome.icon(name, color=colour) if colour else qtawesome.icon(name)
    except Exception:  # noqa: BLE001 - a missing glyph must not stop the window
        log.warning("icon %s not available", name)
        return QIcon()
