"""Reading what a photo's EXIF says: when (ISO 8601), where (WGS-84), with which camera.

Phones and cameras write odd values (zero denominators, blank dates, 0/0 GPS
from a lost fix); each reader returns None for what it cannot trust.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PIL import Image
from PIL.ExifTags import GPS, IFD, Base


@dataclass(frozen=True)
class PhotoMeta:
    taken_at: str | None = None  # ISO 8601, with the offset when the camera wrote one
    lon: float | None = None
    lat: float | None = None
    camera: str = ""


_OFFSET = re.compile(r"^[+-](0\d|1[0-4]):[0-5]\d$")


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).replace("\x00", "").strip() if value is not None else ""


def parse_exif_time(value: Any, offset: Any = None) -> str | None:
    """'2024:05:01 10:20:30' (+ '+08:00') -> '2024-05-01T10:20:30+08:00'; None when blank or impossible."""
    text = _text(value)
    if not text:
        return None
    try:
        when = datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    iso = when.strftime("%Y-%m-%dT%H:%M:%S")
    zone = _text(offset)
    if _OFFSET.match(zone):
        iso += zone
    return iso


def _number(value: Any) -> float | None:
    """A rational, a (numerator, denominator) pair or a number as a float; None when undefined."""
    try:
        if isinstance(value, tuple) and len(value) == 2:
            number = float(value[0]) / float(value[1])
        else:
            number = float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return number if math.isfinite(number) else None


def dms_to_degrees(value: Any, ref: Any) -> float | None:
    """EXIF degrees/minutes/seconds with an N/S/E/W reference as signed decimal degrees."""
    result: float | None
    if isinstance(value, (list, tuple)):
        if len(value) != 3:
            return None
        parts = [p for p in map(_number, value) if p is not None and p >= 0]
        if len(parts) != 3:
            return None
        degrees, minutes, seconds = parts
        if minutes >= 60 or seconds >= 60:
            return None
        result = degrees + minutes / 60 + seconds / 3600
    else:
        result = _number(value)  # some writers store plain decimal degrees
        if result is None:
            return None
    reference = _text(ref).upper()[:1]
    if reference in ("S", "W"):
        result = -abs(result)
    elif reference not in ("N", "E"):
        return None
    return result


def gps_position(gps: dict[int, Any]) -> tuple[float, float] | None:
    """(lon, lat) from a GPS IFD, or None when missing, out of range or the 0/0 of no fix."""
    lat = dms_to_degrees(gps.get(GPS.GPSLatitude), gps.get(GPS.GPSLatitudeRef))
    lon = dms_to_degrees(gps.get(GPS.GPSLongitude), gps.get(GPS.GPSLongitudeRef))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    if lat == 0 and lon == 0:
        return None
    return round(lon, 7), round(lat, 7)


def camera_name(make: Any, model: Any) -> str:
    make_text, model_text = _text(make), _text(model)
    if make_text and model_text.lower().startswith(make_text.lower()):
        return model_text  # "Canon" + "Canon EOS 5D" reads "Canon EOS 5D"
    return " ".join(t for t in (make_text, model_text) if t)


def read_meta(exif: Image.Exif) -> PhotoMeta:
    """Time, position and camera from an EXIF block (Image.getexif())."""
    sub = exif.get_ifd(IFD.Exif)
    taken_at = parse_exif_time(sub.get(Base.DateTimeOriginal), sub.get(Base.OffsetTimeOriginal))
    if taken_at is None:  # some phones write only the file's DateTime in IFD0
        taken_at = parse_exif_time(exif.get(Base.DateTime), sub.get(Base.OffsetTime))
    position = gps_position(exif.get_ifd(IFD.GPSInfo))
    lon, lat = position if position else (None, None)
    return PhotoMeta(taken_at, lon, lat, camera_name(exif.get(Base.Make), exif.get(Base.Model)))
