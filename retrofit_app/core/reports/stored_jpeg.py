"""A photo flowable that copies JPEG bytes from the project file into the PDF unchanged.

ReportLab passes a JPEG through undecoded (DCTDecode, no ASCII85 with useA85 = 0)
when it loads it from a .jpg path; handed an image in memory it decodes it to hash
it (design.md). This does what it does for a path, from bytes, so renditions need
not be written to temporary files and read back.
"""

from __future__ import annotations

from io import BytesIO

from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.pdfbase.pdfutils import readJPEGInfo
from reportlab.platypus import Flowable


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a JPEG's frame header, or None when `data` is not a JPEG."""
    try:
        width, height = readJPEGInfo(BytesIO(data))[:2]
    except Exception:  # noqa: BLE001 - ReportLab raises bare errors on short or odd headers
        return None
    return width, height


class StoredJpeg(Flowable):
    """`key` names the image in the PDF (stored once, reused if placed again); `data` is the JPEG."""

    def __init__(self, key: str, data: bytes, width: float, height: float) -> None:
        super().__init__()
        self.key = key
        self.data = data
        self.width = width
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        # The same steps as Canvas.drawImage for a .jpg path (ReportLab 4/5), bytes instead of a file.
        canvas = self.canv
        doc = canvas._doc
        name = f"photo-{self.key}"
        registered = doc.getXObjectName(name)
        if doc.idToObject.get(registered) is None:
            image = PDFImageXObject(name)
            if not image.loadImageFromJPEG(BytesIO(self.data)):
                raise ValueError(f"photo {self.key}: the print rendition is not a JPEG")
            canvas._setXObjects(image)
            doc.Reference(image, registered)
            doc.addForm(name, image)
        canvas._currentPageHasImages = 1
        canvas.saveState()
        canvas.scale(self.width, self.height)
        canvas._code.append(f"/{registered} Do")
        canvas.restoreState()
        canvas._formsinuse.append(name)
