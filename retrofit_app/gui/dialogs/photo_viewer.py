"""Looking at photos: a zoom-and-pan view, a viewer dialog, and before/after side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from retrofit_app.core.photos.model import STAGE_TAG_LABELS, Photo
from retrofit_app.core.words import say
from retrofit_app.gui.formatting import format_datetime
from retrofit_app.gui.view_sizing import fit_on_screen


def photo_title(photo: Photo, lang: str = "zh") -> str:
    stage = say(STAGE_TAG_LABELS[photo.stage_tag], lang)
    taken = format_datetime(photo.taken_at)
    return " · ".join(t for t in (stage, photo.caption or photo.file_name, taken) if t)


class PhotoView(QGraphicsView):
    """Fits the picture at first; the wheel zooms around the cursor, dragging pans."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.item = QGraphicsPixmapItem()
        self.item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self.item)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(Qt.GlobalColor.darkGray)
        self.zoom = 1.0
        self._fitted = True

    def set_jpeg(self, data: bytes) -> None:
        pixmap = QPixmap()
        pixmap.loadFromData(data, "JPEG")
        self.item.setPixmap(pixmap)
        self.scene().setSceneRect(self.item.boundingRect())
        self.fit()

    def clear(self) -> None:
        self.item.setPixmap(QPixmap())

    def fit(self) -> None:
        self.resetTransform()
        self.fitInView(self.item, Qt.AspectRatioMode.KeepAspectRatio)
        self.zoom = self.transform().m11()
        self._fitted = True

    def zoom_by(self, factor: float) -> None:
        new = max(0.05, min(8.0, self.zoom * factor))
        self.scale(new / self.zoom, new / self.zoom)
        self.zoom = new
        self._fitted = False

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        self.zoom_by(1.25 if event.angleDelta().y() > 0 else 0.8)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        if self._fitted:
            self.fit()


class PhotoViewerDialog(QDialog):
    """One photo's print rendition, large, with zoom and pan."""

    def __init__(self, photo: Photo, jpeg: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(photo_title(photo))
        self.view = PhotoView()
        self.view.set_jpeg(jpeg)
        hint = QLabel(self.tr("滚轮缩放，拖动平移，双击复原。"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        fit_on_screen(self, 1000, 760)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: ANN001, N802
        self.view.fit()


class BeforeAfterDialog(QDialog):
    """Two photos of the same place side by side, the earlier stage on the left."""

    def __init__(self, pair: list[tuple[Photo, bytes]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("改造前后对比"))
        order = {"before": 0, "during": 1, "after": 2}
        pair = sorted(pair, key=lambda p: (order[str(p[0].stage_tag)], p[0].taken_at or ""))
        grid = QGridLayout()
        self.views: list[PhotoView] = []
        self.titles: list[QLabel] = []
        for column, (photo, jpeg) in enumerate(pair):
            title = QLabel(photo_title(photo))
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            title.setStyleSheet("font-weight: bold; font-size: 14px;")
            view = PhotoView()
            view.set_jpeg(jpeg)
            grid.addWidget(title, 0, column)
            grid.addWidget(view, 1, column)
            grid.setColumnStretch(column, 1)
            self.views.append(view)
            self.titles.append(title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addWidget(buttons)
        fit_on_screen(self, 1280, 620)
