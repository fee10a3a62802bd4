"""What keeps a consultation's result from being concluded yet: codes, the rooms concerned, what to settle.

A scope with any of these is 待核实 (cannot conclude): `tally --json` gives
``"passed": null``, ``"status": "cannot_conclude"`` and the list under
``"blocking"``; the window, the notice and the survey report say in words
(catalogue ids ``blocking.<code>``) what must be settled first.
"""

from __future__ import annotations

from dataclasses import dataclass

# A flat the roster import kept although it could not accept it as it stands (Flat.problems).
AREA_UNKNOWN = "area_unknown"  # no registered exclusive area (blank, 0, not a number)
OWNER_UNKNOWN = "owner_unknown"  # no owner named
TENANT_ONLY = "tenant_only"  # the row names only the tenant of a rented flat
# The row was refused (a bad vote, an ID Excel stored as a number, a text too long...) but names
# its place: the flat is kept with none of the row's values, its reasons stored beside the code
# as REFUSED + reason (+ "." + column), e.g. "refused.number_not_text.id_number".
ROW_REFUSED = "row_refused"
REFUSED = "refused."
# Owners the committee has still to tell apart or join (core/consultation/identity.py).
IDENTITY_OPEN = "identity_open"

FLAT_PROBLEMS = (AREA_UNKNOWN, OWNER_UNKNOWN, TENANT_ONLY, ROW_REFUSED)
CODES = (*FLAT_PROBLEMS, IDENTITY_OPEN)


@dataclass(frozen=True)
class Blocking:
    """One thing to settle before the scope's result can be concluded."""

    code: str  # one of CODES
    rooms: tuple[str, ...]  # the flats concerned, as the tally names them (幢/单元/室)
    detail: str = ""  # e.g. the names of an identity question, as written in the roster
    # ROW_REFUSED: each room's reasons, as stored ("number_not_text.id_number", "bad_vote").
    reasons: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def as_json(self) -> dict[str, object]:
        found: dict[str, object] = {
            "code": self.code,
            "rooms": list(self.rooms),
            "detail": self.detail,
        }
        if self.reasons:
            found["reasons"] = {room: list(codes) for room, codes in self.reasons}
        return found


def refused_reasons(codes: tuple[str, ...]) -> tuple[str, ...]:
    """The reasons stored with a ROW_REFUSED flat (its codes past the REFUSED prefix)."""
    return tuple(c[len(REFUSED) :] for c in codes if c.startswith(REFUSED))
