"""A photo flowable that puts a JPEG from the project file into the PDF at the resolution it prints.

ReportLab passes a JPEG through undecoded (DCTDecode, no ASCII85 with useA85 = 0)
when it loads it from a .jpg path; handed an image in memory it decodes it to hash
it (design.md). This does what it does for a path, from bytes, so renditions need
not be written to temporary files and read back.

A print rendition (1600 px on its long edge) placed 8 cm wide on paper is 500 dpi:
two and a half times the pixels a printer or a reader's screen can use, and six
times the bytes (a 60-photo acceptance report was 42 MB, too big to mail). So each
picture larger than PRINT_DPI needs for its printed box is scaled down to exactly
that, once per PDF for each box size (a photo placed twice at the same size is
encoded once); a smaller one goes in unchanged, never scaled up.
"""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from PIL import Image, ImageOps
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.pdfbase.pdfutils import readJPEGInfo
from reportlab.platypus import Flowable

PRINT_DPI = 200  # what a laser printer or a screen shows of a photo
PLACED_QUALITY = 85  # as the print rendition: no visible loss at print size
POINTS_PER_INCH = 72
_ORIENTATION_TAG = 0x0112
_SIDEWAYS = 5  # EXIF orientations 5 to 8 turn the picture a quarter


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) as the picture prints (EXIF orientation applied), or None when not a JPEG."""
    try:
        width, height = readJPEGInfo(BytesIO(data))[:2]
    except Exception:  # noqa: BLE001 - ReportLab raises bare errors on short or odd headers
        return None
    return (height, width) if _orientation(data) >= _SIDEWAYS else (width, height)


def _orientation(data: bytes) -> int:
    """The EXIF orientation (1 upright); renditions are stored upright, but a file may say else."""
    try:
        with Image.open(BytesIO(data)) as image:
            value = image.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:  # noqa: BLE001 - unreadable EXIF: the picture as stored
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def print_pixels(size: tuple[int, int], width: float) -> tuple[int, int] | None:
    """The pixel size a `size` picture needs printed `width` points wide at PRINT_DPI.

    None when it already has no more than that: it goes in as it is."""
    w, h = size
    scale = width / POINTS_PER_INCH * PRINT_DPI / w
    if scale >= 1:
        return None
    return max(1, round(w * scale)), max(1, round(h * scale))


def scaled_jpeg(data: bytes, size: tuple[int, int] | None) -> bytes:
    """`data` upright at `size` pixels (upright), re-encoded at PLACED_QUALITY; None keeps its size."""
    with Image.open(BytesIO(data)) as image:
        if size is not None:
            sideways = _orientation(data) >= _SIDEWAYS
            # libjpeg decodes at 1/2, 1/4 or 1/8 scale when that still gives enough pixels.
            image.draft("RGB", (size[1], size[0]) if sideways else size)
        picture = ImageOps.exif_transpose(image)
    if picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    if size is not None:
        picture = picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    out = BytesIO()
    # No EXIF written: a PDF reader ignores it anyway, and the pixels are upright now.
    picture.save(out, "JPEG", quality=PLACED_QUALITY, optimize=True)
    return out.getvalue()


class StoredJpeg(Flowable):
    """`key` names the image in the PDF; `data` is the JPEG, printed `width` × `height` points.

    `size` is its upright pixel size (jpeg_size). The picture is scaled to PRINT_DPI for
    the printed width when it has more pixels than that, and stored once per name and size.
    `data` may be a function reading the JPEG (then `size` is given): it is read only when
    drawn, so a long report holds one photo's bytes at a time, not every photo's.
    """

    def __init__(
        self,
        key: str,
        data: bytes | Callable[[], bytes],
        width: float,
        height: float,
        size: tuple[int, int] | None = None,
    ) -> None:
        super().__init__()
        self.key = key
        self.data = data
        self.width = width
        self.height = height
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _bytes(self) -> bytes:
        return self.data() if callable(self.data) else self.data

    def draw(self) -> None:
        # The same steps as Canvas.drawImage for a .jpg path (ReportLab 4/5), bytes instead of a file.
        canvas = self.canv
        doc = canvas._doc
        size = self.size or jpeg_size(self._bytes())
        if size is None:
            raise ValueError(f"photo {self.key}: the print rendition is not a JPEG")
        pixels = print_pixels(size, self.width)
        name = f"photo-{self.key}" + (f"-{pixels[0]}x{pixels[1]}" if pixels else "")
        registered = doc.getXObjectName(name)
        if doc.idToObject.get(registered) is None:  # scaled only once per PDF for each size
            data = self._bytes()
            if pixels is not None or _orientation(data) != 1:
                data = scaled_jpeg(data, pixels)
            image = PDFImageXObject(name)
            if not image.loadImageFromJPEG(BytesIO(data)):
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
