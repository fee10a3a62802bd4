"""The one way a record is turned into bytes for hashing: canonical JSON of its evidence fields.

The hash chain (what changed through the program) and the report digests (what a printed
report was built from) both hash records this way, so a digest printed on a notice and an
entry of the chain agree on what "the same record" means.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Mapping, Sequence
from json.encoder import encode_basestring
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


def _json_float(value: float) -> str:
    """A float as the JSON encoder writes it (allow_nan=False refuses NaN and infinities)."""
    if value != value or value in (math.inf, -math.inf):
        raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
    return float.__repr__(value)


# How _ENCODER writes each kind of value SQLite returns, but blobs (they go record_content's way).
_JSON_VALUE: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _json_float,
    type(None): lambda _value: "null",
}


def row_hasher(table: str, names: Sequence[str]) -> Callable[[Sequence[Any]], str]:
    """record_hash for rows read as value tuples in `names` order: the same fingerprint, with the
    columns chosen and sorted once (the evidence chain hashes every row a bulk import writes).

    The canonical JSON is written into a template made once per table (keys in sorted order,
    each value as the JSON encoder writes it): the same bytes as _ENCODER's, without a dict and
    an encoder pass per row. A row holding a blob goes the way record_content takes (its bytes
    as their hash). tests/core/test_evidence_chain_hash.py holds the two to the same bytes.
    """
    kept = sorted((name, i) for i, name in enumerate(names) if name not in _NOT_CONTENT)
    keys = [name for name, _i in kept]
    indexes = [i for _name, i in kept]
    pick = itemgetter(*indexes) if len(indexes) > 1 else lambda row: [row[i] for i in indexes]
    template = _row_template(table, keys)
    as_json = _JSON_VALUE

    def digest(row: Sequence[Any]) -> str:
        picked = pick(row)
        try:
            values = tuple([as_json[type(value)](value) for value in picked])
        except KeyError:  # a blob (bytes or memoryview) the JSON encoder does not take
            content = dict(zip(keys, picked, strict=True))
            text = _ENCODER.encode({"table": table, "content": record_content(content)})
            return sha256_hex(text.encode("utf-8"))
        return sha256_hex((template % values).encode("utf-8"))

    return digest


def _row_template(table: str, keys: list[str]) -> str:
    """{"content":{"key":%s,...},"table":"…"} with a %s for each value, in sorted key order."""
    fields = ",".join(_literal(key) + ":%s" for key in keys)
    return '{"content":{' + fields + '},"table":' + _literal(table) + "}"


def _literal(text: str) -> str:
    """`text` as a JSON string inside a %-template (its own % doubled)."""
    return encode_basestring(text).replace("%", "%%")
