"""Drawing arrows, circles, rectangles and text over a photo; the core draws them, so what you see is what reports print."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.photos.annotation import draw_annotations
from retrofit_app.gui.dialogs.photo_viewer import PhotoView
from retrofit_app.gui.view_sizing import fit_on_screen


class _DrawingView(PhotoView):
    """A PhotoView where a drag draws the chosen shape instead of panning."""

    def __init__(self, dialog: PhotoAnnotationDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.setDragMode(PhotoView.DragMode.NoDrag)
        self._start: QPointF | None = None

    def _fraction(self, event: QMouseEvent) -> tuple[float, float]:
        point = self.mapToScene(event.position().toPoint())
        rect = self.item.boundingRect()
        return point.x() / max(rect.width(), 1), point.y() / max(rect.height(), 1)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._start = QPointF(*self._fraction(event))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._start is not None and event.button() == Qt.MouseButton.LeftButton:
            x2, y2 = self._fraction(event)
            self.dialog.add_shape(self._start.x(), self._start.y(), x2, y2)
            self._start = None


class PhotoAnnotationDialog(QDialog):
    """Edit a photo's shapes; `shapes` holds the result when the dialog is accepted."""

    TOOLS = (("arrow", "箭头"), ("circle", "圆圈"), ("rect", "方框"), ("text", "文字"))

    def __init__(
        self, print_jpeg: bytes, shapes: list[dict[str, Any]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("标注照片"))
        self.print_jpeg = print_jpeg
        self.shapes = [dict(s) for s in shapes]
        self.view = _DrawingView(self)
        self.tools = QButtonGroup(self)
        bar = QHBoxLayout()
        for number, (kind, word) in enumerate(self.TOOLS):
            button = QPushButton(self.tr(word))
            button.setCheckable(True)
            button.setChecked(number == 0)
            button.setProperty("kind", kind)
            self.tools.addButton(button)
            bar.addWidget(button)
        self.undo_button = QPushButton(self.tr("删除最后一个"))
        self.clear_button = QPushButton(self.tr("全部清除"))
        bar.addStretch(1)
        bar.addWidget(self.undo_button)
        bar.addWidget(self.clear_button)
        hint = QLabel(self.tr("在照片上拖动画出图形；文字：点击位置后输入。原图不会被修改。"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.undo_button.clicked.connect(self._on_undo_clicked)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        fit_on_screen(self, 1000, 780)
        self._redraw()

    def tool(self) -> str:
        checked = self.tools.checkedButton()
        return checked.property("kind") if checked else "arrow"

    def set_tool(self, kind: str) -> None:
        for button in self.tools.buttons():
            button.setChecked(button.property("kind") == kind)

    def add_shape(
        self, x1: float, y1: float, x2: float, y2: float, text: str | None = None
    ) -> None:
        kind = self.tool()
        if kind == "text":
            if text is None:
                text, ok = QInputDialog.getText(self, self.tr("标注文字"), self.tr("文字："))
                if not ok:
                    return
            if not text.strip():
                return
        elif abs(x2 - x1) + abs(y2 - y1) < 0.01:
            return  # a click, not a drag
        self.shapes.append(
            {"kind": kind, "x1": x1, "y1": y1, "x2": x2, "y2": y2, "text": text or ""}
        )
        self._redraw()

    def _on_undo_clicked(self) -> None:
        if self.shapes:
            self.shapes.pop()
            self._redraw()

    def _on_clear_clicked(self) -> None:
        self.shapes.clear()
        self._redraw()

    def _redraw(self) -> None:
        picture = draw_annotations(self.print_jpeg, self.shapes) if self.shapes else self.print_jpeg
        self.view.set_jpeg(picture)
        self.undo_button.setEnabled(bool(self.shapes))
        self.clear_button.setEnabled(bool(self.shapes))
