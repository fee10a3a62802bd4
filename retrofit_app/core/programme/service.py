"""An estate's plan, money, contracts, works, elevators, management and meetings, and the plan's targets: checked, then written audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.programme.codes import MEASURES, WORK_WORDS, WORKS, period_bounds
from retrofit_app.core.programme.tables import BY_TABLE, SHARES
from retrofit_app.core.programme.values import count, one_of, refused
from retrofit_app.core.storage import programme_store as store
from retrofit_app.core.storage.queries import rows
from retrofit_app.core.words import Msg

if TYPE_CHECKING:
    from retrofit_app.core.access import ProjectAccess

Row = dict[str, Any]


class ProgrammeService:
    """Values come in as stored (money as whole 分); a refusal names the field, Chinese first."""

    def __init__(self, project: ProjectAccess) -> None:
        self.project = project

    # ------------------------------------------------------------ reading
    def one(self, table: str, estate_uuid: str) -> Row | None:
        """The estate's plan or management record (tables with one row per estate), if any."""
        found = self.rows(table, estate_uuid)
        return found[0] if found else None

    def rows(self, table: str, estate_uuid: str) -> list[Row]:
        with self.project.read():
            return store.estate_rows(self.project.db, table, estate_uuid)

    def all_rows(self, table: str) -> list[Row]:
        with self.project.read():
            return store.all_rows(self.project.db, table)

    def shares(self, elevator_uuid: str) -> list[Row]:
        with self.project.read():
            return store.share_rows(self.project.db, elevator_uuid)

    def targets(self) -> list[Row]:
        with self.project.read():
            return store.target_rows(self.project.db)

    def estate_size(self, estate_uuid: str) -> tuple[int, int, int]:
        """(buildings, households, highest storeys) the estate has recorded."""
        with self.project.read():
            return store.estate_size(self.project.db, estate_uuid)

    def districts(self) -> list[Row]:
        """The project's districts (uuid, name), for targets by district."""
        with self.project.read():
            return store.district_rows(self.project.db)

    # ------------------------------------------------------------ writing
    def set_one(self, table: str, estate_uuid: str, **values: Any) -> Row:
        """Record or change the estate's plan or management (only the fields given change)."""
        if table not in store.ONE_PER_ESTATE:
            raise ValueError(table)
        fields = BY_TABLE[table]
        stored = fields.stored(values)
        with self.project.write() as db:
            found = store.estate_rows(db, table, estate_uuid)
            fields.check_whole({**(found[0] if found else {}), **stored})
            if found:
                store.change(db, table, found[0]["uuid"], stored, self.project.user)
            else:
                store.add(db, table, {"estate_uuid": estate_uuid, **stored}, self.project.user)
            return store.estate_rows(db, table, estate_uuid)[0]

    def add(self, table: str, estate_uuid: str, uuid: str | None = None, **values: Any) -> Row:
        """A new fund, contract, works quantity, elevator or meeting of the estate (`uuid`:
        one removed before, put back by an undo)."""
        if table not in store.MANY_PER_ESTATE:
            raise ValueError(table)
        fields = BY_TABLE[table]
        stored = fields.stored(values)
        if table == "estate_works" and stored.get("work") and not stored.get("unit"):
            stored["unit"] = WORKS[stored["work"]].unit
        fields.check_whole(stored)
        with self.project.write() as db:
            self._check_links(db, table, estate_uuid, stored, None)
            row = {"estate_uuid": estate_uuid, **stored, **({"uuid": uuid} if uuid else {})}
            return store.row(db, table, store.add(db, table, row, self.project.user))

    def change(self, table: str, uuid: str, **values: Any) -> Row:
        fields = BY_TABLE[table]
        stored = fields.stored(values)
        with self.project.write() as db:
            current = store.row(db, table, uuid)
            fields.check_whole({**current, **stored})
            if table != "elevator_cost_shares":
                self._check_links(db, table, current["estate_uuid"], stored, uuid)
            store.change(db, table, uuid, stored, self.project.user)
            return store.row(db, table, uuid)

    def remove(self, table: str, uuid: str) -> None:
        with self.project.write() as db:
            store.remove(db, table, uuid, self.project.user)

    def set_share(self, elevator_uuid: str, floor: Any, share_fen: Any) -> Row:
        """What each household on `floor` pays towards the elevator: one amount per floor,
        a later one for the same floor changes it."""
        stored = SHARES.stored({"floor": floor, "share_fen": share_fen})
        SHARES.check_whole(stored)
        if stored["floor"] < 1:
            raise refused("floor", floor)
        with self.project.write() as db:
            store.row(db, "elevators", elevator_uuid)  # refused when there is no such elevator
            found = [
                s for s in store.share_rows(db, elevator_uuid) if s["floor"] == stored["floor"]
            ]
            if found:
                store.change(
                    db, "elevator_cost_shares", found[0]["uuid"], stored, self.project.user
                )
                return store.row(db, "elevator_cost_shares", found[0]["uuid"])
            uuid = store.add(
                db, "elevator_cost_shares", {"elevator_uuid": elevator_uuid, **stored},
                self.project.user,
            )  # fmt: skip
            return store.row(db, "elevator_cost_shares", uuid)

    def move_share(self, share_uuid: str, floor: Any) -> Row:
        """Put a cost share on another floor; refused when that floor has one already."""
        new_floor = count("floor", floor)
        if new_floor is None or new_floor < 1:
            raise refused("floor", floor)
        with self.project.write() as db:
            share = store.row(db, "elevator_cost_shares", share_uuid)
            taken = store.share_rows(db, share["elevator_uuid"])
            if any(s["floor"] == new_floor and s["uuid"] != share_uuid for s in taken):
                raise RetrofitError(ErrorCode.FLOOR_SHARE_EXISTS, floor=new_floor)
            store.change(db, "elevator_cost_shares", share_uuid, {"floor": new_floor},
                         self.project.user)  # fmt: skip
            return store.row(db, "elevator_cost_shares", share_uuid)

    def set_target(
        self, period: str, measure: str, target: Any, district_uuid: str | None = None
    ) -> Row | None:
        """The plan's target for a measure in a period (whole project or one district);
        an empty target removes it."""
        period = str(period or "").strip().upper()
        if period_bounds(period) is None:
            raise refused("period", period)
        one_of("measure", measure, MEASURES)
        value = count("target", target, real=True)
        with self.project.write() as db:
            if district_uuid and not rows(
                db, "SELECT 1 FROM districts WHERE uuid = ?", [district_uuid]
            ):
                raise refused("district_uuid", district_uuid)
            found = store.target_row(db, district_uuid, period, measure)
            if value is None:
                if found:
                    store.remove(db, "plan_targets", found["uuid"], self.project.user)
                return None
            if found:
                store.change(db, "plan_targets", found["uuid"], {"target": value},
                             self.project.user)  # fmt: skip
                return store.row(db, "plan_targets", found["uuid"])
            uuid = store.add(
                db, "plan_targets",
                {"district_uuid": district_uuid, "period": period, "measure": measure,
                 "target": value},
                self.project.user,
            )  # fmt: skip
            return store.row(db, "plan_targets", uuid)

    # ------------------------------------------------------------ checks against other records
    def _check_links(
        self, db: Any, table: str, estate_uuid: str, stored: Row, uuid: str | None
    ) -> None:
        if table == "estate_works" and stored.get("work"):
            for other in store.estate_rows(db, table, estate_uuid):
                if other["work"] == stored["work"] and other["uuid"] != uuid:
                    raise RetrofitError(ErrorCode.WORK_EXISTS, work=Msg(WORK_WORDS[stored["work"]]))
        if table == "elevators":
            for column, sql in (
                ("building_uuid", "SELECT 1 FROM buildings WHERE uuid = ? AND estate_uuid = ?"),
                ("unit_uuid", "SELECT 1 FROM units u JOIN buildings b ON b.uuid = u.building_uuid"
                 " WHERE u.uuid = ? AND b.estate_uuid = ?"),
            ):  # fmt: skip
                if stored.get(column) and not rows(db, sql, [stored[column], estate_uuid]):
                    raise refused(column, stored[column])
