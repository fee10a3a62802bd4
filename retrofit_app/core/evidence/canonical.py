"""The one way a record is turned into bytes for hashing: canonical JSON of its evidence fields.

The hash chain (what changed through the program) and the report digests (what a printed
report was built from) both hash records this way, so a digest printed on a notice and an
entry of the chain agree on what "the same record" means.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

# The tables whose records are evidence, and the columns that are not part of a record's
# content: the local row number and the map point (the geometry blob is GeoPackage framing,
# rewritten by QGIS without a change of meaning; a photo's place is kept in lon/lat).
EVIDENCE_TABLES = (
    "votes",
    "consultations",
    "opinions",
    "checklist_answers",
    "defects",
    "acceptances",
    "acceptance_parties",
    "photos",
    "households",
    "household_owners",
    "signatures",
)
_NOT_CONTENT = frozenset({"fid", "geom"})


# One encoder for every call (json.dumps would make one per call with these options): `verify`
# hashes every record and every chain entry.
_ENCODER = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
)


# _ENCODER's output for dicts whose keys are already in sorted order (row_hasher builds them so).
_IN_ORDER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8 text as it is: the same value always gives the same bytes."""
    return _ENCODER.encode(value).encode("utf-8")


def sha256_hex(data: bytes | bytearray | memoryview) -> str:
    return hashlib.sha256(data).hexdigest()


def record_content(row: Mapping[str, Any]) -> dict[str, Any]:
    """The evidence content of a table row: every column but the row number and the map point.
    Bytes (a blob column) are given as their SHA-256 so the content stays text."""
    return {
        key: (sha256_hex(value) if isinstance(value, bytes | bytearray | memoryview) else value)
        for key, value in row.items()
        if key not in _NOT_CONTENT
    }


def record_hash(table: str, row: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of {table, content}: one record's fingerprint."""
    return sha256_hex(canonical_json({"table": table, "content": record_content(row)}))


def row_hasher(table: str, names: Sequence[str]) -> Callable[[Sequence[Any]], str]:
    """record_hash for rows read as value tuples in `names` order: the same fingerprint, with the
    columns chosen and sorted once (the evidence chain hashes every row a bulk import writes).

    The content is built in sorted key order and encoded without a sort per row: the same bytes
    as _ENCODER's. A row holding a blob goes the way record_content takes (its bytes as their hash).
    """
    kept = sorted((name, i) for i, name in enumerate(names) if name not in _NOT_CONTENT)
    keys = [name for name, _i in kept]
    pick = itemgetter(*(i for _name, i in kept)) if len(kept) > 1 else None
    encode, sorted_encode = _IN_ORDER.encode, _ENCODER.encode

    def digest(row: Sequence[Any]) -> str:
        values = pick(row) if pick is not None else tuple(row[i] for _name, i in kept)
        content = dict(zip(keys, values, strict=True))
        try:
            text = encode({"content": content, "table": table})
        except TypeError:  # a blob (bytes or memoryview) the JSON encoder does not take
            text = sorted_encode({"table": table, "content": record_content(content)})
        return sha256_hex(text.encode("utf-8"))

    return digest
