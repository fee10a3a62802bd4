"""The PDF preview beside the report settings (Qt PDF), and printing through the system printer dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QLabel, QProgressDialog, QStackedLayout, QWidget

try:  # QtPdf ships in PySide6-Addons; without it the tab still builds, opens and prints via the system
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
except ImportError:  # pragma: no cover - depends on the installed wheels
    QPdfDocument = QPdfView = None  # type: ignore[assignment,misc]

# Enough for text and photos; rendering at a 1200-dpi printer's full resolution is slow.
PRINT_DPI = 300


def preview_available() -> bool:
    return QPdfDocument is not None


class ReportPreview(QWidget):
    """Shows the pages of the last report, scrolling through all of them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = QLabel(
            self.tr("生成报告后在此预览。")
            if preview_available()
            else self.tr("本机缺少 Qt PDF 组件，无法预览；请用“打开”在系统阅读器中查看。")
        )
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.stack = QStackedLayout(self)
        self.stack.addWidget(self.hint)
        self.document = None
        self.view = None
        if preview_available():
            self.document = QPdfDocument(self)
            self.view = QPdfView(self)
            self.view.setDocument(self.document)
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.stack.addWidget(self.view)

    def show_file(self, path: Path) -> bool:
        """Load `path` into the view; False when there is no preview or the file cannot be read."""
        if self.document is None:
            return False
        self.document.close()
        if self.document.load(str(path)) != QPdfDocument.Error.None_:
            self.stack.setCurrentWidget(self.hint)
            return False
        self.stack.setCurrentWidget(self.view)
        return True

    def page_count(self) -> int:
        return self.document.pageCount() if self.document is not None else 0

    def print_document(self, parent: QWidget | None = None) -> bool:
        """Ask for a printer (the system dialog) and print every page; False when cancelled."""
        if self.document is None or self.page_count() == 0:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setResolution(PRINT_DPI)
        printer.setDocName(
            Path(self.document.metaData(QPdfDocument.MetaDataField.Title) or "report").name
        )
        dialog = QPrintDialog(printer, parent or self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        pages = self.page_count()
        progress = QProgressDialog(self.tr("正在打印…"), self.tr("取消"), 0, pages, parent or self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def on_page(done: int) -> bool:
            progress.setValue(done)
            QCoreApplication.processEvents()  # one page at a time: the window stays alive
            return not progress.wasCanceled()

        finished = print_pages(self.document, printer, on_page)
        progress.close()
        return finished


def print_pages(
    document: QPdfDocument, printer: QPrinter, on_page: Callable[[int], bool] | None = None
) -> bool:
    """Render each PDF page at the printer's resolution and paint it onto its page.

    `on_page(done)` is called before each page; when it returns False the print
    job is abandoned (nothing more is sent) and False is returned.
    """
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        target = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
        for index in range(document.pageCount()):
            if on_page is not None and not on_page(index):
                printer.abort()
                return False
            if index:
                printer.newPage()
            size = document.pagePointSize(index)
            scale = min(target.width() / size.width(), target.height() / size.height())
            image = document.render(
                index, QSize(int(size.width() * scale), int(size.height() * scale))
            )
            painter.drawImage(0, 0, image)
    finally:
        painter.end()
    return True
