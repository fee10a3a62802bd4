"""PhotoGalleryModel: a lazy list of an estate's photos; rows and thumbnails are fetched when shown."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from retrofit_app.core.photos.model import Photo
from retrofit_app.core.photos.service import PhotoService
from retrofit_app.gui.formatting import format_datetime

ROWS_PER_FETCH = 200
THUMBNAILS_KEPT = 600  # about 10 MB of pixmaps, however many photos the estate has
ICON_SIZE = QSize(160, 120)
PhotoRole = Qt.ItemDataRole.UserRole + 1  # the Photo dataclass
UuidRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class PhotoGalleryModel(QAbstractListModel):
    """Holds only ids; a photo's row is read the first time a view asks, its thumbnail likewise."""

    def __init__(self, photos: PhotoService | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._service = photos
        self._ids: list[str] = []
        self._shown = 0
        self._rows: dict[str, Photo] = {}
        self._thumbnails: OrderedDict[str, QIcon] = OrderedDict()

    # ------------------------------------------------------------- loading
    def load(self, photos: PhotoService | None, ids: list[str]) -> None:
        """Show these photo ids (from PhotoService.ids) in this order."""
        self.beginResetModel()
        self._service = photos
        self._ids = list(ids)
        self._shown = min(len(self._ids), ROWS_PER_FETCH)
        self._rows.clear()
        self._thumbnails.clear()
        self.endResetModel()

    def forget(self, uuid: str) -> None:
        """Drop cached data of one photo, e.g. after its caption changed."""
        self._rows.pop(uuid, None)
        if uuid in self._ids and self._ids.index(uuid) < self._shown:
            row = self._ids.index(uuid)
            self.dataChanged.emit(self.index(row), self.index(row))

    def total(self) -> int:
        return len(self._ids)

    def uuid_at(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, uuid: str) -> int:
        return self._ids.index(uuid) if uuid in self._ids else -1

    # ------------------------------------------------------------- Qt
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._shown

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802
        return not parent.isValid() and self._shown < len(self._ids)

    def fetchMore(self, parent: Index) -> None:  # noqa: N802
        if parent.isValid():
            return
        more = min(ROWS_PER_FETCH, len(self._ids) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown or self._service is None:
            return None
        uuid = self._ids[index.row()]
        if role == UuidRole:
            return uuid
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(uuid)
        photo = self._photo(uuid)
        if photo is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return photo.caption or photo.file_name
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(
                t
                for t in (
                    photo.file_name,
                    photo.caption,
                    format_datetime(photo.taken_at),
                )
                if t
            )
        if role == PhotoRole:
            return photo
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    # ------------------------------------------------------------- fetching
    def _photo(self, uuid: str) -> Photo | None:
        if uuid not in self._rows:
            # Read the page around this row in one query: a view asks for neighbours next.
            row = self._ids.index(uuid)
            page = [u for u in self._ids[row : row + 50] if u not in self._rows]
            for photo in self._service.many(page):
                self._rows[photo.uuid] = photo
        return self._rows.get(uuid)

    def _thumbnail(self, uuid: str) -> QIcon:
        icon = self._thumbnails.get(uuid)
        if icon is not None:
            self._thumbnails.move_to_end(uuid)
            return icon
        pixmap = QPixmap()
        try:
            pixmap.loadFromData(self._service.thumbnail(uuid), "JPEG")
        except Exception:  # noqa: BLE001 - a photo deleted meanwhile shows as a grey box
            pixmap = QPixmap()
        icon = QIcon(_framed(pixmap))
        self._thumbnails[uuid] = icon
        if len(self._thumbnails) > THUMBNAILS_KEPT:
            self._thumbnails.popitem(last=False)
        return icon


def _framed(pixmap: QPixmap) -> QPixmap:
    """The thumbnail centred on a fixed-size canvas, so portrait and landscape line up in the grid."""
    canvas = QPixmap(ICON_SIZE)
    canvas.fill(QColor("#E8E8E8"))
    if not pixmap.isNull():
        scaled = pixmap.scaled(
            ICON_SIZE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        painter = QPainter(canvas)
        painter.drawPixmap(
            (ICON_SIZE.width() - scaled.width()) // 2,
            (ICON_SIZE.height() - scaled.height()) // 2,
            scaled,
        )
        painter.end()
    return canvas
