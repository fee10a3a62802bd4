"""One roster row checked: refused (every reason at once), or a RosterRow, kept with its problems when
its area or owner is not known (the flat stays in its scope's denominator, blocking.FLAT_PROBLEMS).
A refused row whose building and unit can be read is kept too, as its flat with none of its values
(refused_row): no refused row leaves its scope's denominator."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from retrofit_app.core.consultation import roster_columns as cols
from retrofit_app.core.consultation.blocking import (
    AREA_UNKNOWN,
    OWNER_UNKNOWN,
    REFUSED,
    ROW_REFUSED,
    TENANT_ONLY,
)
from retrofit_app.core.consultation.roster_report import Problem, Rejection
from retrofit_app.core.privacy import mask_id_number
from retrofit_app.core.text_limits import FIELDS as TEXT_FIELDS

# The text_limits field whose limit each roster column keeps (names 100, notes 2,000 characters).
_LIMITED = {"building": "name", "unit": "name", "room": "room", "owner": "name", "tenant": "tenant_name",
            "note": "note", "tenant_opinion": "note", "objection": "objection", "reason": "reason",
            "cost_share": "cost_share"}  # fmt: skip
_LIMITS = tuple((name, TEXT_FIELDS[kept_as]) for name, kept_as in _LIMITED.items())
_VOTE_TEXTS = ("objection", "reason", "cost_share")
# A number Excel shows (or saves to CSV) in scientific notation: 3.20105E+17. Past 15 significant
# digits Excel keeps no more, so an ID number stored as a number has already lost its last digits.
_SCIENTIFIC = re.compile(r"^[0-9](\.[0-9]+)?E\+?[0-9]+$", re.IGNORECASE)


@dataclass(frozen=True)
class OwnerEntry:
    name: str
    id_number: str = ""
    phone: str = ""


@dataclass
class RosterRow:
    line: int
    building: str
    unit: str
    room: str
    # Household fields as stored (floor, area, kind, rented 0/1, tenant_name, ...): checked here as
    # households.household_values checks them, so the import writes them as they are.
    household: dict[str, object]
    owners: list[OwnerEntry]
    # choice, method, asked_on (ISO or None), objection, reason, cost_share: as votes.vote_values
    # gives them.
    vote: dict[str, object] | None
    # Why the flat is kept to settle rather than counted as it stands (empty: nothing to settle).
    problems: tuple[Problem, ...] = field(default=())
    # A refused row kept as its flat (refused_row): none of its values is written.
    refused: bool = False

    @property
    def place(self) -> str:
        return f"{self.building}{self.unit}{self.room}"

    @property
    def problem_codes(self) -> tuple[str, ...]:
        """The blocking.FLAT_PROBLEMS codes stored with the flat (households.problems), a refused
        row's reasons after ROW_REFUSED (blocking.REFUSED + reason)."""
        codes: list[str] = []
        for p in self.problems:
            if p.code != "vote_dropped":
                codes += [p.code, *(REFUSED + r.stored for r in p.refusals)]
        return tuple(dict.fromkeys(codes))

    def refuse(self, refusals: list[Rejection]) -> None:
        """Another row of this flat was refused: the flat is to be checked whatever this row says."""
        kept = [p for p in self.problems if p.code == ROW_REFUSED]
        before = kept[0].refusals if kept else ()
        others = tuple(p for p in self.problems if p.code != ROW_REFUSED)
        self.problems = (*others, Problem(ROW_REFUSED, refusals=(*before, *refusals)))


def check_row(line: int, cells: dict[str, str]) -> RosterRow | list[Rejection]:
    """One data row as a RosterRow (kept with its problems), or every reason it is refused."""
    refused = _text_refusals(line, cells)
    household = _household(line, cells, refused)
    owners = _owners(line, cells, refused)
    choice, vote = _vote(line, cells, refused)
    problems = _problems(cells, household, owners)
    if refused:
        # The area too, so the row is fixed in one go (a blank one is no mistake to report).
        return refused + [
            Rejection(line, "bad_area", p.value) for p in problems if p.code == AREA_UNKNOWN and p.value
        ]  # fmt: skip
    # A tenant's or an unnamed person's vote is no owner's vote (未联系上 is no vote at all).
    if vote is not None and choice != "unreached" and not owners and _owned(household):
        problems.append(Problem("vote_dropped", cells.get("vote", "")))
        vote = None
    return RosterRow(
        line, cols.building_name(cells["building"]), cols.unit_name(cells["unit"]), cells["room"].strip(),
        household, owners, vote, tuple(problems),
    )  # fmt: skip


def refused_row(line: int, cells: dict[str, str], refusals: list[Rejection]) -> RosterRow | None:
    """A refused row as its flat, to check (ROW_REFUSED), or None when its building or unit cannot
    be read (no scope to keep it in). A room that cannot be read is a flat of its unit named by
    the line (UNREAD_ROOM): the unit is still blocked, and the committee names or deletes it."""
    unread = {r.field for r in refusals if r.reason in ("missing", "too_long")}
    if unread & {"building", "unit"}:
        return None
    room = cells.get("room", "").strip() if "room" not in unread else UNREAD_ROOM.format(line=line)
    return RosterRow(
        line, cols.building_name(cells.get("building", "")), cols.unit_name(cells.get("unit", "")),
        room, {}, [],
        None, (Problem(ROW_REFUSED, refusals=tuple(refusals)),), refused=True,
    )  # fmt: skip


# The room a refused row with no readable room is kept under (data, like the rooms it stands beside).
UNREAD_ROOM = "第{line}行（房号待核实）"


def _text_refusals(line: int, cells: dict[str, str]) -> list[Rejection]:
    """Required places missing, texts past their limits."""
    refused = [
        Rejection(line, "missing", field=name) for name in cols.REQUIRED if not cells.get(name)
    ]
    for name, limit in _LIMITS:
        text = cells.get(name)
        if not text or len(text) <= limit:  # no part of a text is longer than the whole
            continue
        texts = cols.split_owner_names(text) if name == "owner" else [text]
        if any(len(t) > limit for t in texts):
            refused.append(Rejection(line, "too_long", str(limit), field=name))
    return refused


def _lookup(table: dict, text: str, reason: str, line: int, refused: list[Rejection]) -> object:
    key = text.strip().lower()
    if key not in table:
        refused.append(Rejection(line, reason, text.strip()))
        return None
    return table[key]


def _household(line: int, cells: dict[str, str], refused: list[Rejection]) -> dict[str, object]:
    household: dict[str, object] = {
        "note": cells.get("note", ""),
        "tenant_opinion": cells.get("tenant_opinion", ""),
    }
    try:
        household["area"] = cols.area_of(cells.get("area", ""))
    except ValueError:
        household["area"] = None  # kept as AREA_UNKNOWN (_problems)
    try:
        household["floor"] = cols.floor_of(cells.get("floor", ""))
    except ValueError:
        refused.append(Rejection(line, "bad_floor", cells["floor"]))
    household["kind"] = _lookup(cols.KINDS, cells.get("kind", ""), "bad_kind", line, refused)
    rented, household["tenant_name"] = cols.tenant_of(cells.get("tenant", ""))
    household["rented"] = 1 if rented else 0
    return household


def _owners(line: int, cells: dict[str, str], refused: list[Rejection]) -> list[OwnerEntry]:
    # An owner written as 不详 or 无 is no owner: the flat is kept to settle (OWNER_UNKNOWN).
    names = cols.split_owner_names(cols.known(cells.get("owner", "")))
    ids = [i.upper() for i in cols.split_people(cols.known(cells.get("id_number", "")))]
    phones = cols.split_people(cols.known(cells.get("phone", "")))
    for name, values in (("id_number", ids), ("phone", phones)):
        refused += [
            Rejection(line, "number_not_text", f"{float(v):.5E}", field=name)
            for v in values
            if _scientific(v) or (name == "id_number" and _excel_rounded(v))
        ]
    # The report goes to screens and stderr: an ID number is shown masked even when malformed.
    refused += [
        Rejection(line, "bad_id", mask_id_number(i))
        for i in ids
        if not cols.id_ok(i) and not _scientific(i)
    ]
    if len(ids) > max(len(names), 1 if ids else 0):
        refused.append(Rejection(line, "too_many_ids"))
    return [
        OwnerEntry(n, ids[i] if i < len(ids) else "", phones[i] if i < len(phones) else "")
        for i, n in enumerate(names)
    ]


def _vote(
    line: int, cells: dict[str, str], refused: list[Rejection]
) -> tuple[object, dict[str, object] | None]:
    choice = _lookup(cols.VOTES, cells.get("vote", ""), "bad_vote", line, refused)
    method = _lookup(cols.METHODS, cells.get("method", ""), "bad_method", line, refused)
    asked_on = cells.get("asked_on", "").replace("/", "-").replace(".", "-")
    try:
        asked_on = date.fromisoformat(asked_on).isoformat() if asked_on else ""
    except ValueError:
        refused.append(Rejection(line, "bad_date", cells["asked_on"]))
    if not choice:
        return choice, None
    vote: dict[str, object] = {"choice": choice, "method": method, "asked_on": asked_on or None}
    vote.update({k: cells.get(k, "") for k in _VOTE_TEXTS})
    return choice, vote


def _problems(
    cells: dict[str, str], household: dict[str, object], owners: list[OwnerEntry]
) -> list[Problem]:
    """What keeps the flat from being counted as it stands: no usable area, no owner."""
    problems = []
    if household["area"] is None:
        problems.append(Problem(AREA_UNKNOWN, cells.get("area", "")))
    if not owners and _owned(household):
        tenant = household["tenant_name"]
        problems.append(Problem(TENANT_ONLY, str(tenant)) if tenant else Problem(OWNER_UNKNOWN))
    return problems


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _excel_rounded(text: str) -> bool:
    """An 18-digit ID number as Excel wrote out a number cell: 15 digits kept, then 000, and so
    (almost always) a wrong check digit (GB 11643's ISO 7064 MOD 11-2), e.g. a CSV saved from a
    column formatted as 0 shows 320105198602091000 for 320105198602091207."""
    if not text.endswith("000") or len(text) != 18 or not text.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(text, _ID_WEIGHTS, strict=False))
    return "10X98765432"[total % 11] != text[-1]


def _scientific(text: str) -> bool:
    return ("E" in text or "e" in text) and _SCIENTIFIC.match(text) is not None


def _owned(household: dict[str, object]) -> bool:
    """Whether the flat needs an owner named (the developer's unsold flats count as its own)."""
    return household["kind"] != "developer_unsold"
