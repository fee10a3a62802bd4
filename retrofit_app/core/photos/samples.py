"""Generated photos with real EXIF (time, GPS, orientation, camera): for the demo, benchmarks and tests."""

from __future__ import annotations

import random
from fractions import Fraction
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from PIL.ExifTags import GPS, IFD, Base

# Orientation tag values and the transpose that turns an upright picture into what
# a camera held that way stores (the inverse of what exif_transpose undoes).
_STORE_AS = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def dms(value: float) -> tuple[Fraction, Fraction, Fraction]:
    """Decimal degrees as EXIF degrees/minutes/seconds rationals (seconds to 1/100)."""
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600, 2)
    return Fraction(degrees), Fraction(minutes), Fraction(seconds).limit_denominator(100)


def make_exif(
    *,
    taken_at: str | None = None,
    offset: str | None = None,
    lon: float | None = None,
    lat: float | None = None,
    orientation: int | None = None,
    make: str | None = None,
    model: str | None = None,
) -> Image.Exif:
    """An EXIF block as a phone writes it; `taken_at` is 'YYYY:MM:DD HH:MM:SS'."""
    exif = Image.Exif()
    if orientation is not None:
        exif[Base.Orientation] = orientation
    if make:
        exif[Base.Make] = make
    if model:
        exif[Base.Model] = model
    if taken_at:
        sub = exif.get_ifd(IFD.Exif)
        sub[Base.DateTimeOriginal] = taken_at
        if offset:
            sub[Base.OffsetTimeOriginal] = offset
    if lon is not None and lat is not None:
        gps = exif.get_ifd(IFD.GPSInfo)
        gps[GPS.GPSVersionID] = b"\x02\x02\x00\x00"
        gps[GPS.GPSLatitudeRef] = "N" if lat >= 0 else "S"
        gps[GPS.GPSLatitude] = dms(lat)
        gps[GPS.GPSLongitudeRef] = "E" if lon >= 0 else "W"
        gps[GPS.GPSLongitude] = dms(lon)
    return exif


def as_stored(upright: Image.Image, orientation: int) -> Image.Image:
    """The pixels a camera stores for an upright scene when it writes `orientation`."""
    transpose = _STORE_AS[orientation]
    return upright.transpose(transpose) if transpose is not None else upright.copy()


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size)


def scene(
    width: int,
    height: int,
    label: str,
    *,
    stage: str = "before",
    seed: int = 0,
    noise: bool = False,
) -> Image.Image:
    """An upright picture of an old block of flats: shabby before, fresh after, with a label.

    `noise` adds sensor-like grain so a JPEG gets the size of a real phone photo.
    """
    rng = random.Random(seed)
    sky = {"before": (176, 190, 200), "during": (190, 200, 210), "after": (120, 176, 230)}[stage]
    wall = {"before": (150, 140, 128), "during": (180, 170, 150), "after": (236, 222, 196)}[stage]
    image = Image.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(image)
    ground = int(height * 0.82)
    draw.rectangle([0, ground, width, height], fill=(90, 96, 88))
    left, right, top = int(width * 0.12), int(width * 0.88), int(height * 0.18)
    draw.rectangle(
        [left, top, right, ground], fill=wall, outline=(60, 60, 60), width=max(1, width // 300)
    )
    floors, columns = 6, 8
    cell_w, cell_h = (right - left) / columns, (ground - top) / floors
    for f in range(floors):
        for c in range(columns):
            x0, y0 = left + c * cell_w + cell_w * 0.25, top + f * cell_h + cell_h * 0.25
            shade = rng.randint(40, 90) if stage == "before" else rng.randint(70, 110)
            draw.rectangle(
                [x0, y0, x0 + cell_w * 0.5, y0 + cell_h * 0.5], fill=(shade, shade + 20, shade + 40)
            )
    if stage == "before":
        for _ in range(6):  # cracks and stains
            x, y = rng.randint(left, right), rng.randint(top, ground)
            draw.line(
                [x, y, x + rng.randint(-60, 60), y + rng.randint(20, 90)],
                fill=(70, 60, 50),
                width=max(1, width // 400),
            )
    else:  # the new lift shaft
        shaft = int(width * 0.47), int(width * 0.53)
        glass = (150, 200, 220) if stage == "after" else (160, 160, 160)
        draw.rectangle(
            [shaft[0], top - int(cell_h * 0.4), shaft[1], ground], fill=glass, outline=(40, 60, 80)
        )
    if noise:
        grain = Image.effect_noise((width, height), 40).convert("RGB")
        image = Image.blend(image, grain, 0.18)
        draw = ImageDraw.Draw(image)
    text_size = max(12, height // 18)
    draw.rectangle([0, 0, width, text_size + text_size // 2], fill=(20, 20, 20))
    draw.text((text_size // 3, text_size // 5), label, fill=(255, 255, 255), font=_font(text_size))
    # An arrow in the top-right corner shows which way is up after orientation is applied.
    ax, ay = width - text_size * 2, text_size * 3
    draw.polygon(
        [(ax, ay - text_size), (ax - text_size // 2, ay), (ax + text_size // 2, ay)],
        fill=(220, 30, 30),
    )
    return image


def jpeg_bytes(image: Image.Image, exif: Image.Exif | None = None, quality: int = 90) -> bytes:
    out = BytesIO()
    image.save(out, "JPEG", quality=quality, exif=exif if exif is not None else Image.Exif())
    return out.getvalue()


def write_photo(
    path: Path, image: Image.Image, exif: Image.Exif | None = None, *, quality: int = 90
) -> Path:
    """Save as the file's suffix says: .jpg/.jpeg, .png or .heic (via pillow-heif)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".jpg", ".jpeg"):
        path.write_bytes(jpeg_bytes(image, exif, quality))
    elif suffix == ".png":
        image.save(path, "PNG", exif=exif if exif is not None else Image.Exif())
    elif suffix in (".heic", ".heif"):
        import pillow_heif

        pillow_heif.register_heif_opener()
        image.save(path, "HEIF", quality=quality, exif=exif.tobytes() if exif is not None else None)
    else:
        image.save(path)
    return path
