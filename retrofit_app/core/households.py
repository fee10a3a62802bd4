"""Households (户) and their owners (产权人): create, edit, trash, restore, list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.field_words import EMPTY, field_words
from retrofit_app.core.model import Household, HouseholdKind, Owner
from retrofit_app.core.privacy import mask_id_number, mask_phone
from retrofit_app.core.storage import queries, records
from retrofit_app.core.storage.rows import from_row
from retrofit_app.core.text_limits import check_lengths

if TYPE_CHECKING:
    from sqlite_utils import Database

if TYPE_CHECKING:
    from retrofit_app.core.access import ProjectAccess

HOUSEHOLD_FIELDS = (
    "room",
    "floor",
    "area",
    "kind",
    "rented",
    "tenant_name",
    "tenant_opinion",
    "note",
)


def _household(row: dict[str, Any], owners: list[dict[str, Any]]) -> Household:
    return from_row(
        Household,
        row,
        convert={"kind": HouseholdKind, "rented": bool},
        owners=[from_row(Owner, o) for o in owners],
    )


def household_values(fields: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in fields.items():
        if key not in HOUSEHOLD_FIELDS:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words(key), value=value)
        try:
            values[key] = _stored(key, value)
        except (TypeError, ValueError) as error:
            raise RetrofitError(
                ErrorCode.INVALID_VALUE, field=field_words(key), value=value
            ) from error
    if "room" in values and not values["room"]:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words("room"), value=EMPTY)
    check_lengths(values)
    return values


def _stored(key: str, value: Any) -> Any:
    """A household field's value as stored; TypeError or ValueError when it cannot be one."""
    if key == "floor":
        return None if value in (None, "") else int(value)
    if key == "area":
        area = None if value in (None, "") else float(value)
        if area is not None and not 0 < area < 10000:
            raise ValueError(value)
        return area
    if key == "kind":
        return str(HouseholdKind(value))
    if key == "rented":
        return 1 if value else 0
    return str(value or "").strip()


def find_or_add_owner(db: Database, owner: Owner, user: str) -> str:
    """The uuid of the stored owner with the same identity, added when new; phone kept current."""
    name = owner.name.strip()
    id_number = owner.id_number.strip().upper()
    check_lengths({"name": name, "id_number": id_number, "phone": owner.phone.strip()})
    found = queries.owner_by_identity(db, name, id_number)
    if found:
        # A masked phone (from a field copy) is the stored one, not a new number.
        if owner.phone and owner.phone not in (found["phone"], mask_phone(found["phone"])):
            records.update_row(db, "owners", found["uuid"], {"phone": owner.phone.strip()}, user)
        return found["uuid"]
    return records.insert_row(
        db, "owners", {"name": name, "id_number": id_number, "phone": owner.phone.strip()}, user
    )


def set_owners(db: Database, household_uuid: str, owners: Iterable[Owner], user: str) -> None:
    """Replace the household's owners with `owners`, in order.

    An owner given with the uuid of one of the flat's own entries (as the household dialog
    gives them) is that entry, corrected where it was changed (_corrected); others are found
    by name and ID number, or added.
    """
    links = queries.household_owner_links(db, household_uuid)
    linked = {link["owner_uuid"] for link in links}
    wanted = []
    for owner in owners:
        if owner.name.strip():
            corrected = _corrected(db, owner, user) if owner.uuid in linked else None
            wanted.append(corrected or find_or_add_owner(db, owner, user))
    for link in links:
        if link["owner_uuid"] not in wanted:
            records.delete_row(db, "household_owners", link["uuid"], user)
    present = {link["owner_uuid"]: link for link in links}
    for position, owner_uuid in enumerate(dict.fromkeys(wanted)):
        if owner_uuid in present:
            if present[owner_uuid]["position"] != position:
                records.update_row(
                    db,
                    "household_owners",
                    present[owner_uuid]["uuid"],
                    {"position": position},
                    user,
                    stamp=False,
                )
        else:
            records.insert_row(
                db,
                "household_owners",
                {"household_uuid": household_uuid, "owner_uuid": owner_uuid, "position": position},
                user,
                stamp=False,
            )


def _corrected(db: Database, owner: Owner, user: str) -> str | None:
    """The flat's own entry `owner.uuid` with its name, ID number and phone corrected as given, or
    None when it is not to be changed: another entry holds the new identity already (that one is
    linked instead), or the entry names other flats too and the ID number given is not its own
    (a different person for this flat, not a spelling corrected; the others keep the entry).
    A masked ID or phone, or a blank phone, as the dialog may show them, keeps the stored one."""
    stored = records.get_row(db, "owners", owner.uuid)
    id_number = owner.id_number.strip().upper()
    if id_number and id_number == mask_id_number(stored["id_number"]):
        id_number = stored["id_number"]
    phone = owner.phone.strip()
    if not phone or phone == mask_phone(stored["phone"]):
        phone = stored["phone"]
    given = {"name": owner.name.strip(), "id_number": id_number, "phone": phone}
    changes = {key: value for key, value in given.items() if stored[key] != value}
    if not changes:
        return owner.uuid
    other = queries.owner_by_identity(db, given["name"], id_number)
    if other is not None and other["uuid"] != owner.uuid:
        return None
    same_person = bool(stored["id_number"]) and id_number == stored["id_number"]
    if not same_person and queries.owner_link_count(db, owner.uuid) > 1:
        return None
    check_lengths(changes)
    records.update_row(db, "owners", owner.uuid, changes, user)
    return owner.uuid


def insert_household(
    db: Database, unit_uuid: str, fields: dict[str, Any], owners: Iterable[Owner], user: str
) -> str:
    values = household_values(fields)
    if not values.get("room"):
        raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words("room"), value=EMPTY)
    uuid = records.insert_row(db, "households", {"unit_uuid": unit_uuid, **values}, user)
    set_owners(db, uuid, owners, user)
    return uuid


def settled(problems: str, values: dict[str, Any], owners: list[Owner] | None) -> str | None:
    """The problem codes (households.problems) left once `values` and `owners` are written:
    an area settles area_unknown, a named owner owner_unknown and tenant_only, and the flat's
    whole record saved (its owners given, as the household dialog gives them) row_refused with
    its reasons ("refused.*"): someone has checked the flat the refused roster row named."""
    gone = set()
    if values.get("area") is not None:
        gone.add("area_unknown")
    if owners is not None and any(o.name.strip() for o in owners):
        gone.update(("owner_unknown", "tenant_only"))
    checked = owners is not None
    left = [
        code
        for code in problems.split(",")
        if code
        and code not in gone
        and not (checked and (code == "row_refused" or code.startswith("refused.")))
    ]
    return ",".join(left) or None


class HouseholdService:
    def __init__(self, project: ProjectAccess) -> None:
        self.project = project

    def of_unit(self, unit_uuid: str, *, include_deleted: bool = False) -> list[Household]:
        with self.project.read():
            db = self.project.db
            found = queries.households_of(db, unit_uuid, include_deleted)
            owners = queries.owners_of_households(db, [r["uuid"] for r in found])
        return [_household(r, owners[r["uuid"]]) for r in found]

    def get(self, uuid: str) -> Household:
        with self.project.read():
            db = self.project.db
            row = records.get_row(db, "households", uuid)
            owners = queries.owners_of_households(db, [uuid])[uuid]
        return _household(row, owners)

    def create(
        self, unit_uuid: str, room: str, *, owners: Iterable[Owner] = (), **fields: Any
    ) -> Household:
        with self.project.write() as db:
            records.get_row(db, "units", unit_uuid)
            uuid = insert_household(
                db, unit_uuid, {"room": room, **fields}, list(owners), self.project.user
            )
        return self.get(uuid)

    def update(
        self, uuid: str, *, owners: Iterable[Owner] | None = None, **fields: Any
    ) -> dict[str, Any]:
        values = household_values(fields)
        owners = None if owners is None else list(owners)
        with self.project.write() as db:
            stored = records.get_row(db, "households", uuid).get("problems")
            if stored:  # a flat the roster import kept: what this edit gives is settled
                values["problems"] = settled(stored, values, owners)
            old = records.update_row(db, "households", uuid, values, self.project.user)
            if owners is not None:
                set_owners(db, uuid, owners, self.project.user)
        return old

    def delete(self, uuid: str) -> None:
        with self.project.write() as db:
            records.trash_row(db, "households", uuid, self.project.user)

    def restore(self, uuid: str) -> None:
        with self.project.write() as db:
            records.restore_row(db, "households", uuid, self.project.user)
