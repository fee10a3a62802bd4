"""Read a pygeodiff changeset file (SQLite's session changeset format) without loading its BLOBs.

pygeodiff's own Python reader copies every value of every entry through
ctypes, three copies per photo; a merge only needs the keys of inserted rows
up front and reads each row's values once, when it is written. The format is
SQLite's session changeset format, which geodiff documents as 100 % compatible
(geodiff/docs/changeset-format.md); a test reads the same changesets with
pygeodiff's reader and ours and compares them.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

INSERT, UPDATE, DELETE = "inserted", "updated", "deleted"
_OPS = {18: INSERT, 23: UPDATE, 9: DELETE}


class Undefined:
    """A column an update leaves as it was (not NULL: absent)."""

    def __repr__(self) -> str:
        return "<undefined>"


UNDEFINED = Undefined()


class ChangesetDamaged(Exception):
    """The changeset file is not in the format pygeodiff writes."""


@dataclass
class Change:
    """One row the changeset inserts, updates or deletes.

    `old` holds the old values of an update or delete (UNDEFINED where an
    update leaves a column alone). An insert's values stay in the file until
    `new_values()` reads them, so a changeset full of photos is never in memory.
    """

    table: str
    kind: str
    key: int  # the row's fid
    old: list[Any] | None = None
    new: list[Any] | None = None
    source: ChangesetFile | None = field(default=None, repr=False)
    offset: int = 0
    width: int = 0

    def new_values(self) -> list[Any]:
        if self.new is None and self.source is not None:
            return self.source.values_at(self.offset, self.width)
        return self.new or []


class ChangesetFile:
    """An open changeset; `changes()` lists every change, loading no insert's values.

    `digest` (after `changes()`) is the SHA-256 of the change list: each
    change's table, kind and key, the values of updates and deletes, and the
    size of each inserted row. Hashing all of a changeset full of photos took
    longer on a busy machine than writing them, and the changeset itself is
    scratch, gone after the merge, so nobody could check its full hash later.
    """

    def __init__(self, path: Path) -> None:
        self.digest = ""
        # Kept open between reads: inserts are read one by one while they are written.
        self._file: IO[bytes] = Path(path).open("rb", buffering=1 << 16)  # noqa: SIM115

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> ChangesetFile:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def changes(self) -> list[Change]:
        f = self._file
        f.seek(0)
        found: list[Change] = []
        digest = hashlib.sha256()
        table, width, key = "", 0, 0
        while op := f.read(1):
            if op == b"T":
                width = self._varint()
                flags = f.read(width)
                if len(flags) != width or flags.count(1) != 1:
                    raise ChangesetDamaged("table header")
                key, table = flags.index(1), self._name()
                continue
            kind = _OPS.get(op[0])
            if kind is None or not table:
                raise ChangesetDamaged(f"operation {op[0]}")
            f.read(1)  # the "indirect" flag, unused by geodiff
            if kind == INSERT:
                offset = f.tell()
                values = self._record(width, keep=key)
                found.append(Change(table, kind, values[key], None, None, self, offset, width))
                digest.update(repr((table, kind, values[key], f.tell() - offset)).encode())
                continue
            old = self._record(width)
            new = self._record(width) if kind == UPDATE else None
            found.append(Change(table, kind, old[key], old, new))
            digest.update(repr((table, kind, old, new)).encode())
        self.digest = digest.hexdigest()
        return found

    def values_at(self, offset: int, width: int) -> list[Any]:
        self._file.seek(offset)
        return self._record(width)

    def _record(self, width: int, keep: int | None = None) -> list[Any]:
        """`width` values; with `keep`, only that column is read and the others are skipped."""
        return [self._value(keep is None or i == keep) for i in range(width)]

    def _value(self, read: bool) -> Any:
        f = self._file
        kind = f.read(1)
        if not kind:
            raise ChangesetDamaged("ends inside a row")
        t = kind[0]
        if t == 1 or t == 2:
            raw = f.read(8)
            return struct.unpack(">q" if t == 1 else ">d", raw)[0] if read else None
        if t == 3 or t == 4:
            size = self._varint()
            if not read:
                f.seek(size, 1)
                return None
            data = f.read(size)
            if len(data) != size:
                raise ChangesetDamaged("ends inside a value")
            return data.decode("utf-8") if t == 3 else data
        if t == 5:
            return None
        if t == 0:
            return UNDEFINED
        raise ChangesetDamaged(f"value type {t}")

    def _varint(self) -> int:
        """SQLite's varint: 7 bits a byte, high bit set on all but the last; a 9th byte gives 8."""
        value = 0
        for n in range(9):
            byte = self._file.read(1)
            if not byte:
                raise ChangesetDamaged("ends inside a number")
            if n == 8:
                return (value << 8) | byte[0]
            value = (value << 7) | (byte[0] & 0x7F)
            if not byte[0] & 0x80:
                return value
        return value

    def _name(self) -> str:
        raw = bytearray()
        while (byte := self._file.read(1)) not in (b"\0", b""):
            raw += byte
        return raw.decode("utf-8")
