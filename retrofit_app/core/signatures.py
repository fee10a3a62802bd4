"""Signatures drawn on the window's pad: an owner's on a vote (the signed consent), a party's on
an acceptance. Kept as vector strokes in the pad's units with the signer's name and the time;
entered in the evidence chain like every evidence record. A signature is never changed: it is
withdrawn and drawn again."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from retrofit_app.core.clock import now_iso
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.limits import NAME_MAX_CHARS
from retrofit_app.core.storage import signature_store as store
from retrofit_app.core.words import Msg

if TYPE_CHECKING:
    from retrofit_app.core.access import ProjectAccess

Stroke = list[tuple[float, float, int]]  # (x, y, ms since the first touch), in the pad's units
MAX_POINTS = 20_000  # a signature drawn for a minute at a tablet's 200 points a second
_MAX_SIDE = 10_000.0  # the pad's units: a few hundred to a few thousand


@dataclass(frozen=True)
class Signature:
    uuid: str
    estate_uuid: str
    vote_uuid: str | None
    party_uuid: str | None
    signer: str
    strokes: list[Stroke]
    width: float
    height: float
    signed_at: str
    recorded_by: str
    withdrawn_at: str | None = None

    def bounds(self) -> tuple[float, float, float, float]:
        """(left, top, width, height) of what was drawn, in pad units (at least 1 × 1)."""
        xs = [p[0] for s in self.strokes for p in s] or [0.0]
        ys = [p[1] for s in self.strokes for p in s] or [0.0]
        return min(xs), min(ys), max(max(xs) - min(xs), 1.0), max(max(ys) - min(ys), 1.0)

    def fitted(self, width: float, height: float) -> tuple[float, float, float]:
        """(scale, dx, dy) that put what was drawn into a `width` × `height` box, proportions
        kept, at its left and centred in height: a signature drawn small in a corner of the pad
        prints as large as one drawn across it, though never over 3 times the pad's own scale."""
        left, top, drawn_w, drawn_h = self.bounds()
        scale = min(width / drawn_w, height / drawn_h, 3 * height / self.height)
        return scale, -left * scale, (height - drawn_h * scale) / 2 - top * scale

    def as_dict(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid, "signer": self.signer, "signed_at": self.signed_at,
            "recorded_by": self.recorded_by, "width": self.width, "height": self.height,
            "strokes": [[list(p) for p in s] for s in self.strokes],
            "withdrawn_at": self.withdrawn_at,
        }  # fmt: skip


def _refused(why: str, **params: object) -> RetrofitError:
    return RetrofitError(ErrorCode.SIGNATURE_REFUSED, why=Msg(f"signature.{why}", **params))


def _number(value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _refused("not_a_number")
    number = float(value)
    if not math.isfinite(number):
        raise _refused("not_a_number")
    if not low <= number <= high:
        raise _refused("outside_pad")
    return number


def checked_strokes(strokes: Any, width: float, height: float) -> list[Stroke]:
    """The strokes as stored: each point (x, y, ms) finite and on the pad, times not before 0;
    at least one stroke of two points or more (a dot alone is no signature). Refused otherwise."""
    if not isinstance(strokes, list | tuple):
        raise _refused("no_stroke")
    kept: list[Stroke] = []
    count = 0
    for stroke in strokes:
        if not isinstance(stroke, list | tuple):
            raise _refused("no_stroke")
        points: Stroke = []
        for point in stroke:
            if not isinstance(point, list | tuple) or len(point) != 3:
                raise _refused("not_a_number")
            x = _number(point[0], 0.0, width)
            y = _number(point[1], 0.0, height)
            ms = int(_number(point[2], 0.0, 86_400_000.0))
            points.append((round(x, 2), round(y, 2), ms))
        count += len(points)
        if points:
            kept.append(points)
    if count > MAX_POINTS:
        raise _refused("too_many_points", limit=MAX_POINTS)
    if not any(len(s) >= 2 for s in kept):
        raise _refused("no_stroke")
    return kept


def _from_row(row: dict[str, Any]) -> Signature:
    strokes = [
        [(float(x), float(y), int(ms)) for x, y, ms in s] for s in json.loads(row["strokes"])
    ]
    return Signature(
        uuid=row["uuid"], estate_uuid=row["estate_uuid"], vote_uuid=row["vote_uuid"],
        party_uuid=row["party_uuid"], signer=row["signer"], strokes=strokes,
        width=row["width"], height=row["height"], signed_at=row["signed_at"],
        recorded_by=row["recorded_by"], withdrawn_at=row["deleted_at"],
    )  # fmt: skip


class SignatureService:
    def __init__(self, project: ProjectAccess) -> None:
        self.project = project

    # ------------------------------------------------------------------ reading
    def _current(self, column: str, uuids: list[str]) -> dict[str, Signature]:
        with self.project.read():
            found = store.current_rows(self.project.db, column, uuids)
        return {row[column]: _from_row(row) for row in found}  # the latest wins

    def of_votes(self, vote_uuids: list[str]) -> dict[str, Signature]:
        """vote uuid → its current signature, for the votes that have one."""
        return self._current("vote_uuid", vote_uuids)

    def of_parties(self, party_uuids: list[str]) -> dict[str, Signature]:
        return self._current("party_uuid", party_uuids)

    def of_consultation(self, consultation_uuid: str) -> dict[str, Signature]:
        """household uuid → the current signature on its vote in the consultation."""
        with self.project.read():
            found = store.consultation_rows(self.project.db, consultation_uuid)
        return {row["household_uuid"]: _from_row(row) for row in found}

    def of_vote(self, vote_uuid: str) -> Signature | None:
        return self.of_votes([vote_uuid]).get(vote_uuid)

    def of_party(self, party_uuid: str) -> Signature | None:
        return self.of_parties([party_uuid]).get(party_uuid)

    def of_estate(self, estate_uuid: str, *, withdrawn: bool = False) -> list[dict[str, Any]]:
        """The estate's signatures for a list: Signature.as_dict with what each is on
        ({"on": "vote", "flat", "consultation"} or {"on": "party", "acceptance", "role", "name"})."""
        with self.project.read():
            found = store.estate_rows(self.project.db, estate_uuid, withdrawn=withdrawn)
            numbers = store.acceptance_numbers(self.project.db, estate_uuid)
        listed = []
        for row in found:
            entry = _from_row(row).as_dict()
            if row["vote_uuid"]:
                entry.update(on="vote", flat=row["flat"], consultation=row["consultation"])
            else:
                entry.update(on="party", acceptance=numbers.get(row["acceptance_fid"]),
                             role=row["role"], name=row["party_name"])  # fmt: skip
            listed.append(entry)
        return listed

    # ------------------------------------------------------------------ writing
    def sign_vote(self, vote_uuid: str, signer: str, strokes: Any, width: float,
                  height: float, *, signed_at: str | None = None) -> Signature:  # fmt: skip
        """The owner's signature on a vote; one drawn before is withdrawn in the same action."""
        return self._sign("vote_uuid", vote_uuid, signer, strokes, width, height, signed_at)

    def sign_party(self, party_uuid: str, signer: str, strokes: Any, width: float,
                   height: float, *, signed_at: str | None = None) -> Signature:  # fmt: skip
        """A party's signature on an acceptance; one drawn before is withdrawn in the same action."""
        return self._sign("party_uuid", party_uuid, signer, strokes, width, height, signed_at)

    def _sign(self, column: str, on: str, signer: str, strokes: Any, width: float,
              height: float, signed_at: str | None) -> Signature:  # fmt: skip
        name = " ".join(str(signer or "").split())
        if not name:
            raise _refused("no_signer")
        if len(name) > NAME_MAX_CHARS:
            raise RetrofitError(ErrorCode.TEXT_TOO_LONG, field=Msg("field.signer"),
                                length=len(name), limit=NAME_MAX_CHARS)  # fmt: skip
        width = _number(width, 1.0, _MAX_SIDE)
        height = _number(height, 1.0, _MAX_SIDE)
        kept = checked_strokes(strokes, width, height)
        with self.project.write() as db:
            estate_uuid = store.estate_of(db, column, on)
            if estate_uuid is None:
                raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
            store.withdraw_on(db, column, on, self.project.user)
            uuid = store.add(
                db,
                {
                    "estate_uuid": estate_uuid, column: on, "signer": name,
                    "strokes": json.dumps(kept, separators=(",", ":")),
                    "width": width, "height": height, "signed_at": signed_at or now_iso(),
                    "recorded_by": self.project.user,
                },
                self.project.user,
            )  # fmt: skip
        return self.get(uuid)

    def get(self, uuid: str) -> Signature:
        with self.project.read():
            found = store.by_uuid(self.project.db, uuid)
        if found is None:
            raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
        return _from_row(found)

    def withdraw(self, uuid: str) -> None:
        """The signature no longer stands (the paper box prints empty again); the chain keeps it."""
        with self.project.write() as db:
            store.withdraw(db, uuid, self.project.user)

    def restore(self, uuid: str) -> None:
        """A withdrawn signature stands again (undoing its withdrawal); others on the same vote
        or party drawn since are withdrawn."""
        signature = self.get(uuid)
        column = "vote_uuid" if signature.vote_uuid else "party_uuid"
        on = signature.vote_uuid or signature.party_uuid or ""
        with self.project.write() as db:
            for other in store.current_rows(db, column, [on]):
                if other["uuid"] != uuid:
                    store.withdraw(db, other["uuid"], self.project.user)
            store.restore(db, uuid, self.project.user)
