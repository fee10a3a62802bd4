"""Icons from qtawesome's bundled fonts, so the app needs no image files and works offline.

qtawesome (with qtpy) takes about half a second to import, so the main window shows
first and asks for its icons right after (`ready()` tells whether they can be had now).
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtGui import QColor, QIcon

from retrofit_app.core.resources import resources_dir

log = logging.getLogger(__name__)


def icon(name: str, colour: str | None = None) -> QIcon:
    """The qtawesome icon `name`, or an empty icon when qtawesome cannot draw it."""
    try:
        import qtawesome

        return qtawesome.icon(name, color=colour) if colour else qtawesome.icon(name)
    except Exception:  # noqa: BLE001 - a missing glyph must not stop the window
        log.warning("icon %s not available", name)
        return QIcon()


def app_icon() -> QIcon:
    """The window and taskbar icon (resources/icons/app.png, drawn from app.svg)."""
    return QIcon(str(resources_dir("icons", "app.png")))


def ready() -> bool:
    """True once qtawesome is imported, so `icon()` costs no start-up time."""
    return "qtawesome" in sys.modules


def dot(colour: QColor, size: int = 16) -> QIcon:
    """A filled circle in `colour` (the stage marks in the tree), drawn without qtawesome."""
    # Imported here: the tree draws its dots after the window's first picture, and these
    # (with `Qt`'s 93 enum classes) would otherwise cost every start (issue 2, benchmark a).
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter, QPen, QPixmap

    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # A white rim keeps the dot visible on the blue of a selected row.
    painter.setPen(QPen(QColor("white"), max(1, size // 10)))
    painter.setBrush(colour)
    margin = size // 5
    painter.drawEllipse(margin, margin, size - 2 * margin, size - 2 * margin)
    painter.end()
    made = QIcon(pixmap)
    # Without its own selected picture Qt tints the dot with the highlight colour (blue on blue).
    made.addPixmap(pixmap, QIcon.Mode.Selected)
    return made
