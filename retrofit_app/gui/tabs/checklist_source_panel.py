"""The item panel under the checklist: what stands behind the current item, law or programme choice."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from retrofit_app.core.checklists.sources import basis, basis_label
from retrofit_app.core.checklists.template_model import Item

# The basis's colour: legal requirements stand out from programme choices.
BASIS_COLOURS = {
    "legal": "#B00020",
    "local": "#6A1B9A",
    "standard": "#1F3A5F",
    "programme": "#8A5A00",
    "none": "#555555",
}


class SourcePanel(QWidget):
    def __init__(self, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(self.text)
        self.show_item(None)

    def show_item(self, item: Item | None) -> None:
        """The item's basis and each source: kind, code and title, our paraphrase, threshold."""
        if item is None:
            self.text.setText(self.tr("选中一个条目，可在此查看其依据。"))
            return
        colour = BASIS_COLOURS[basis(item)]
        head = f'<b>{escape(item.text(self.lang))}</b> · <span style="color:{colour}"><b>{escape(basis_label(item, self.lang))}</b></span>'
        judged = item.fail_when is not None
        lines = [escape(s.detail(self.lang, judged=judged)) for s in item.sources]
        if not lines and item.standard:
            lines = [escape(item.standard)]
        if not lines:
            lines = [escape(self.tr("本条目没有列出依据。"))]
        self.text.setText(head + "<br>" + "<br>".join(lines))

    def plain_text(self) -> str:
        """What the panel says, as a reader sees it (for tests and copying)."""
        from PySide6.QtGui import QTextDocument

        document = QTextDocument()
        document.setHtml(self.text.text())
        return document.toPlainText()
