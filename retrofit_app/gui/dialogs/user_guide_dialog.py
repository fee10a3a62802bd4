"""Help → User guide: the guide shipped in resources/guide/, rendered with its screenshots."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QImage,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QTextBrowser, QVBoxLayout, QWidget

from retrofit_app.core.resources import resources_dir
from retrofit_app.gui.view_sizing import fit_on_screen

IMAGE_WIDTH = 840  # logical pixels: screenshots (1100 px) fit the dialog without a side scroll


def guide_folder() -> Path:
    return resources_dir("guide")


def guide_file(language: str, name: str = "guide") -> Path:
    """resources/guide/<name>_en.md for English, else the Chinese <name>_zh.md (also the fallback)."""
    folder = guide_folder()
    english = folder / f"{name}_en.md"
    if language.lower().startswith("en") and english.is_file():
        return english
    return folder / f"{name}_zh.md"


def show_markdown(browser: QTextBrowser, path: Path, values: dict[str, str] | None = None) -> None:
    """Render a guide page; relative image paths resolve against the guide folder.

    `values` fill {name} fields (the project's real path, the data folder); other braces stay.
    """
    text = path.read_text(encoding="utf-8")
    for key, value in (values or {}).items():
        text = text.replace("{" + key + "}", value)
    browser.setSearchPaths([str(path.parent)])
    browser.setMarkdown(text)
    name_headings(browser.document())


def heading_slug(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to '-'."""
    return re.sub(r"[^\w\- ]", "", text).strip().lower().replace(" ", "-")


def name_headings(document: QTextDocument) -> None:
    """Give each heading its GitHub anchor, so the guide's table of contents links work here too."""
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            cursor = QTextCursor(block)
            cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
            anchor = QTextCharFormat()
            anchor.setAnchor(True)
            anchor.setAnchorNames([heading_slug(block.text())])
            cursor.mergeCharFormat(anchor)
        block = block.next()


class GuideBrowser(QTextBrowser):
    """A QTextBrowser that shrinks wide pictures to IMAGE_WIDTH (sharp on high-DPI screens)."""

    def loadResource(self, kind: int, url: QUrl) -> object:  # noqa: N802 - Qt override
        loaded = super().loadResource(kind, url)
        if kind != QTextDocument.ResourceType.ImageResource.value or loaded is None:
            return loaded
        image = loaded if isinstance(loaded, QImage) else QImage.fromData(QByteArray(loaded))
        if image.isNull():
            return loaded
        ratio = self.devicePixelRatioF()
        if image.width() > IMAGE_WIDTH * ratio:
            image = image.scaledToWidth(
                round(IMAGE_WIDTH * ratio), Qt.TransformationMode.SmoothTransformation
            )
        image.setDevicePixelRatio(max(ratio, image.width() / IMAGE_WIDTH))
        return image


class UserGuideDialog(QDialog):
    """A non-modal window with the guide, so it can stay open beside the main window."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("用户指南"))
        fit_on_screen(self, 920, 720)
        self.browser = GuideBrowser()
        # Links to the outside (a web page, a folder) open in the system, not in the guide.
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        self.path = guide_file(language)
        show_markdown(self.browser, self.path)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "file", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment():
            self.browser.scrollToAnchor(url.fragment())


def open_user_guide(window: QWidget) -> UserGuideDialog:
    """Show the guide (one window: a second F1 raises it instead of opening another)."""
    dialog = getattr(window, "user_guide_dialog", None)
    if dialog is None:
        settings = window.context.settings  # type: ignore[attr-defined]
        dialog = UserGuideDialog(settings.language, window)
        window.user_guide_dialog = dialog  # type: ignore[attr-defined]
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def add_user_guide_action(window: QWidget, help_menu: QMenu) -> QAction:
    """Help → User guide (F1), placed first in the Help menu."""
    action = QAction(QCoreApplication.translate("UserGuideDialog", "用户指南(&U)"), window)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    action.triggered.connect(lambda: open_user_guide(window))
    first = help_menu.actions()[0] if help_menu.actions() else None
    help_menu.insertAction(first, action)
    window.user_guide_action = action  # type: ignore[attr-defined]
    return action
