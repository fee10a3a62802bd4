"""Decoding one photo into what the project stores: metadata, thumbnail and print rendition.

`render` runs in worker processes, so it takes bytes, returns plain picklable
values and never raises: a bad file comes back as a `Failed` with an error code.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pillow_heif
from PIL import Image, UnidentifiedImageError

from retrofit_app.core.errors import ErrorCode
from retrofit_app.core.photos.exif import PhotoMeta, read_meta

pillow_heif.register_heif_opener()

THUMBNAIL_EDGE = 320
PRINT_EDGE = 1600
THUMBNAIL_QUALITY = 80
PRINT_QUALITY = 85
MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "HEIF": "image/heic"}


@dataclass(frozen=True)
class Rendered:
    mime: str
    width: int  # after orientation
    height: int
    meta: PhotoMeta
    thumbnail: bytes
    print: bytes
    exif_unreadable: bool = False


@dataclass(frozen=True)
class Failed:
    code: str
    detail: str = ""


def _scaled(size: tuple[int, int], edge: int) -> tuple[int, int]:
    """The size that fits `size` inside edge × edge, keeping its shape."""
    w, h = size
    scale = min(1.0, edge / max(w, h))
    return max(1, round(w * scale)), max(1, round(h * scale))


def _flatten(image: Image.Image) -> Image.Image:
    """RGB for JPEG: transparent parts of a PNG become white, not black."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB") if image.mode != "RGB" else image


def _jpeg(image: Image.Image, quality: int) -> bytes:
    out = BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=False)
    return out.getvalue()


def _read_exif(
    image: Image.Image, caught: list[warnings.WarningMessage]
) -> tuple[Image.Exif | None, bool]:
    """The EXIF block, or (None, True) when one is there but cannot be parsed.

    Pillow skips damaged EXIF with a "Corrupt EXIF data" warning and an empty result,
    so damage shows as a warning (`caught`, recorded since the file was opened),
    or as a raw block that yields no tags.
    """
    raw = image.info.get("exif")
    try:
        exif = image.getexif()
        sub_ifds = [
            exif.get_ifd(0x8769),
            exif.get_ifd(0x8825),
        ]  # parse them now, so damage shows here
    except Exception:  # noqa: BLE001 - any parser failure means "no usable EXIF"
        return None, True
    corrupt = any("corrupt exif" in str(w.message).lower() for w in caught)
    if corrupt or (
        raw is not None and not len(exif) and not any(sub_ifds) and not _valid_tiff_header(raw)
    ):
        return None, True
    return exif, False


def _valid_tiff_header(raw: bytes) -> bool:
    """Does an EXIF block start with a TIFF header whose first directory lies inside it?"""
    body = raw[6:] if raw.startswith(b"Exif\x00\x00") else raw
    if body[:4] == b"MM\x00*":
        offset = int.from_bytes(body[4:8], "big")
    elif body[:4] == b"II*\x00":
        offset = int.from_bytes(body[4:8], "little")
    else:
        return False
    return 8 <= offset <= len(body) - 2


def _orientation(exif: Image.Exif | None) -> int:
    value = exif.get(0x0112, 1) if exif is not None else 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _upright(image: Image.Image, orientation: int) -> Image.Image:
    if orientation == 1:
        return image
    method = {
        2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }[orientation]  # fmt: skip
    return image.transpose(method)


def _decode(data: bytes, caught: list[warnings.WarningMessage]) -> Rendered | Failed:
    image = Image.open(BytesIO(data))
    if image.format not in MIME:
        return Failed(str(ErrorCode.PHOTO_UNSUPPORTED), detail=image.format or "?")
    exif, exif_unreadable = _read_exif(image, caught)
    meta = PhotoMeta()
    if exif is not None:
        try:
            meta = read_meta(exif)
        except Exception:  # noqa: BLE001 - a tag of an unexpected type: keep the photo, drop the metadata
            exif_unreadable = True
    orientation = _orientation(exif)
    stored_w, stored_h = image.size
    width, height = (stored_h, stored_w) if orientation >= 5 else (stored_w, stored_h)
    # Draft mode lets libjpeg decode at 1/2, 1/4 or 1/8 scale: ask for just enough pixels.
    image.draft("RGB", _scaled(image.size, PRINT_EDGE))
    image.load()
    upright = _flatten(_upright(image, orientation))
    printable = upright.copy()
    printable.thumbnail((PRINT_EDGE, PRINT_EDGE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    thumb = printable.copy()
    thumb.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return Rendered(
        mime=MIME[image.format],
        width=width,
        height=height,
        meta=meta,
        thumbnail=_jpeg(thumb, THUMBNAIL_QUALITY),
        print=_jpeg(printable, PRINT_QUALITY),
        exif_unreadable=exif_unreadable,
    )


def render(data: bytes) -> Rendered | Failed:
    """Everything the project stores about one photo except its original bytes."""
    if not data:
        return Failed(str(ErrorCode.PHOTO_EMPTY))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # recorded: damaged EXIF is reported through the result
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; we refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _decode(data, caught)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            return Failed(str(ErrorCode.PHOTO_BOMB), detail=str(error))
        except UnidentifiedImageError:
            return Failed(str(ErrorCode.PHOTO_NOT_IMAGE))
        except MemoryError:
            return Failed(str(ErrorCode.PHOTO_BOMB), detail="out of memory")
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            text = str(error)
            if "truncated" in text or "broken data stream" in text or isinstance(error, EOFError):
                return Failed(str(ErrorCode.PHOTO_TRUNCATED), detail=text)
            return Failed(str(ErrorCode.PHOTO_DAMAGED), detail=text)
        except Exception as error:  # noqa: BLE001 - a decoder bug must not stop the batch
            return Failed(str(ErrorCode.PHOTO_DAMAGED), detail=f"{type(error).__name__}: {error}")


def render_file(path: str, sha256: str) -> Rendered | Failed:
    """`render` for a worker process: it reads the file itself, so the bytes need not be piped over.

    `sha256` is what the importer read and will store; a file rewritten in between
    would give renditions of another picture, so it is refused.
    """
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return Failed(str(ErrorCode.PHOTO_VANISHED))
    except OSError as error:
        return Failed(str(ErrorCode.PHOTO_UNREADABLE), detail=error.strerror or str(error))
    if hashlib.sha256(data).hexdigest() != sha256:
        return Failed(str(ErrorCode.PHOTO_CHANGED))
    return render(data)
