"""Checks on an XLSX file made from its zip directory and XML text before openpyxl reads it.

A workbook is refused when its parts would expand past the limits in core/limits.py
(a "zip bomb": 4 MB on disk, 4 GB once read) or when an XML part declares a DOCTYPE
or ENTITY (which Excel never writes and which XML parsers may expand) or names a
text encoding other than UTF-8/UTF-16. zipfile never inflates a part beyond the size
its directory declares, so the declared sizes bound what openpyxl can read.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.input_files import size_text
from retrofit_app.core.limits import (
    XLSX_MAX_EXPANDED_BYTES,
    XLSX_MAX_PARTS,
    XLSX_MAX_RATIO,
    XLSX_RATIO_FLOOR,
)
from retrofit_app.core.words import Msg

_CHUNK = 1 << 20
# What no part of a workbook may say, in each byte form expat reads without help.
_FORBIDDEN = tuple(
    word.encode(codec)
    for word in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(word) for word in _FORBIDDEN)
_DECLARED_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding\s*=\s*["']([^"']*)""")
_EXCEL_ENCODINGS = {b"utf-8", b"utf8", b"utf-16", b"utf-16le", b"utf-16be"}
ENTITIES = Msg("xlsx.entities")
ENCODING = Msg("xlsx.encoding")


def check_xlsx(path: Path) -> None:
    """Raise XLSX_TOO_LARGE or XML_ENTITIES for a workbook openpyxl must not read.

    A file that is not a zip at all passes: openpyxl then refuses it in its own way.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        parts = archive.infolist()
        total = sum(p.file_size for p in parts)
        bomb = len(parts) > XLSX_MAX_PARTS or total > XLSX_MAX_EXPANDED_BYTES
        bomb = bomb or any(
            p.file_size > XLSX_RATIO_FLOOR
            and p.file_size > XLSX_MAX_RATIO * max(p.compress_size, 1)
            for p in parts
        )
        if bomb:
            raise RetrofitError(
                ErrorCode.XLSX_TOO_LARGE,
                path=path,
                size=size_text(total),
                limit=size_text(XLSX_MAX_EXPANDED_BYTES),
            )
        for part in parts:  # every part: openpyxl follows the workbook's links, not file names
            problem = _xml_problem(archive, part)
            if problem:
                raise RetrofitError(ErrorCode.XML_ENTITIES, path=path, detail=problem)


def _xml_problem(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> Msg | None:
    """ENTITIES or ENCODING when the part holds them, else None (also for an unreadable part)."""
    try:
        with archive.open(part) as stream:
            tail = b""
            first = True
            while chunk := stream.read(_CHUNK):
                if first:
                    declared = _DECLARED_ENCODING.match(chunk)
                    if declared and declared.group(1).lower() not in _EXCEL_ENCODINGS:
                        return ENCODING
                    first = False
                window = tail + chunk
                if any(word in window for word in _FORBIDDEN):
                    return ENTITIES
                tail = window[-_OVERLAP:]
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return None  # openpyxl refuses the damaged part with its own error
    return None
