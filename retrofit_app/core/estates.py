"""Estates (小区): create, edit, trash and restore, look up, search, number."""

from __future__ import annotations

import builtins
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.field_words import EMPTY, field_words
from retrofit_app.core.geo.gpkg_geometry import point, read_or_none, to_gpkg
from retrofit_app.core.geo.layer_crs import in_layer_crs
from retrofit_app.core.ids import OFFICE_CODES_KEY, next_code
from retrofit_app.core.model import Estate, Stage
from retrofit_app.core.storage import queries, records
from retrofit_app.core.storage.places import ensure_places
from retrofit_app.core.storage.rows import from_row
from retrofit_app.core.text_limits import check_length, check_lengths

if TYPE_CHECKING:
    from retrofit_app.core.access import ProjectAccess
    from retrofit_app.core.checklists.service import ChecklistService

# Nanjing's districts and the letters their estate codes start with.
DISTRICT_PREFIXES = {
    "玄武区": "XW", "秦淮区": "QH", "建邺区": "JY", "鼓楼区": "GL", "浦口区": "PK",
    "栖霞区": "QX", "雨花台区": "YH", "江宁区": "JN", "六合区": "LH", "溧水区": "LS",
    "高淳区": "GC",
}  # fmt: skip

# Fields an edit may change directly; place names and geometry are handled apart.
EDITABLE = ("code", "name", "address", "year_built", "stage", "note")
PLACE_FIELDS = ("district", "street", "community")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")


def code_prefix(district: str) -> str:
    name = district.strip()
    return DISTRICT_PREFIXES.get(name) or DISTRICT_PREFIXES.get(name + "区") or "EST"


def _estate(row: dict[str, Any]) -> Estate:
    # A geometry another program wrote that cannot be drawn reads as none here; `check`,
    # the map and the export name it.
    geom = read_or_none(row["geom"])
    lon, lat = geom["coordinates"][:2] if geom and geom["type"] == "Point" else (None, None)
    place = {name: _text for name in PLACE_FIELDS}  # an estate without a street has NULL there
    convert: dict[str, Callable[[Any], Any]] = {**place, "stage": Stage, "boundary": read_or_none}
    return from_row(Estate, row, convert=convert, lon=lon, lat=lat)


def _text(value: str | None) -> str:
    return value or ""


def _point_geometry(lon: float | None, lat: float | None) -> bytes | None:
    """The estate's point as stored (None for no point); refused when half given or off the globe."""
    if lon is None and lat is None:
        return None
    if lon is None or lat is None or not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise RetrofitError(
            ErrorCode.INVALID_VALUE, field=field_words("lon/lat"), value=f"{lon}, {lat}"
        )
    return to_gpkg(point(lon, lat))


def _places(db: Any, current: Estate, changes: dict[str, Any]) -> dict[str, str | None]:
    """The place uuids of an estate whose district, street or community changes (new ones made)."""
    names = {f: str(changes.get(f, getattr(current, f)) or "") for f in PLACE_FIELDS}
    if not names["district"].strip():
        raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words("district"), value=EMPTY)
    check_lengths(names)
    d, s, c = ensure_places(db, names["district"], names["street"], names["community"])
    return {"district_uuid": d, "street_uuid": s, "community_uuid": c}


def _clean(field: str, value: Any) -> Any:
    if field == "stage":
        try:
            return str(Stage(value))
        except ValueError as error:
            raise RetrofitError(
                ErrorCode.INVALID_VALUE, field=field_words(field), value=value
            ) from error
    if field == "year_built":
        if value in (None, ""):
            return None
        try:
            year = int(value)
        except (TypeError, ValueError) as error:
            raise RetrofitError(
                ErrorCode.INVALID_VALUE, field=field_words(field), value=value
            ) from error
        if not 1800 <= year <= 2100:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words(field), value=value)
        return year
    if field == "name":
        text = str(value or "").strip()
        if not text:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words("name"), value=EMPTY)
        check_length("name", text)
        return text
    if field == "code":
        text = str(value or "").strip()
        if not _CODE.match(text):
            raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words("code"), value=text)
        return text
    text = "" if value is None else str(value).strip()
    check_length(field, text)  # address or note
    return text


class EstateService:
    def __init__(self, project: ProjectAccess, checklists: ChecklistService) -> None:
        """`checklists`: their progress, and the acceptance rule an estate's stage obeys."""
        self.project = project
        self.checklists = checklists

    @property
    def _db(self):  # noqa: ANN202
        return self.project.db

    # ------------------------------------------------------------- reading
    def list(self, *, include_deleted: bool = False) -> list[Estate]:
        where = "1" if include_deleted else "e.deleted_at IS NULL"
        with self.project.read():
            return [_estate(r) for r in queries.estate_rows(self._db, where)]

    def trash(self) -> builtins.list[Estate]:
        with self.project.read():
            return [_estate(r) for r in queries.estate_rows(self._db, "e.deleted_at IS NOT NULL")]

    def get(self, uuid: str) -> Estate:
        with self.project.read():
            found = queries.estate_rows(self._db, "e.uuid = ?", [uuid])
        if not found:
            raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
        return _estate(found[0])

    def resolve(self, code_or_name: str) -> Estate:
        """The live estate whose code, or else exact name, is `code_or_name`."""
        key = code_or_name.strip()
        with self.project.read():
            by_code = queries.estate_rows(
                self._db, "e.deleted_at IS NULL AND e.code = ? COLLATE NOCASE", [key]
            )
            if by_code:
                return _estate(by_code[0])
            by_name = queries.estate_rows(self._db, "e.deleted_at IS NULL AND e.name = ?", [key])
        if len(by_name) > 1:
            raise RetrofitError(ErrorCode.AMBIGUOUS_ESTATE, estate=key)
        if not by_name:
            raise RetrofitError(ErrorCode.NO_SUCH_ESTATE, estate=key)
        return _estate(by_name[0])

    def search(self, text: str) -> builtins.list[Estate]:
        if not text.strip():
            return self.list()
        with self.project.read():
            return [_estate(r) for r in queries.estates_matching(self._db, text)]

    def progress_by_estate(self) -> dict[str, float]:
        """Checklist progress (answered / required, 0..1) per estate uuid; see core/checklists."""
        return {uuid: p.fraction for uuid, p in self.checklists.progress_by_estate().items()}

    def next_code(self, district: str) -> str:
        prefix = code_prefix(district)
        with self.project.read():
            codes = queries.estate_codes_with_prefix(self._db, prefix)
        return next_code(prefix, [*codes, *self._office_codes()])

    def _office_codes(self) -> builtins.list[str]:
        """In a field copy, the codes its office had when it was handed out (they stay taken)."""
        with self.project.read():
            meta = queries.meta(self._db)
        return json.loads(meta.get(OFFICE_CODES_KEY, "[]"))

    def _code_taken(self, db: Any, code: str) -> bool:
        office = {c.lower() for c in self._office_codes()}
        return queries.code_taken(db, code) or code.lower() in office

    def _check_stage(self, uuid: str, stage: str | None, now: Stage) -> None:
        """An estate becomes accepted only when its checklists allow it (else STAGE_BLOCKED)."""
        if stage == Stage.ACCEPTED and now != Stage.ACCEPTED:
            from retrofit_app.core.checklists.guard import check_can_accept

            check_can_accept(self.checklists, uuid)  # raises STAGE_BLOCKED with the reason

    def _refuse_taken(self, db: Any, code: str) -> None:
        if self._code_taken(db, code):
            raise RetrofitError(ErrorCode.DUPLICATE_CODE, code=code)

    # ------------------------------------------------------------- writing
    def create(
        self,
        name: str,
        district: str,
        *,
        street: str = "",
        community: str = "",
        code: str | None = None,
        address: str = "",
        year_built: int | None = None,
        stage: Stage = Stage.SURVEYED,
        lon: float | None = None,
        lat: float | None = None,
        boundary: dict[str, Any] | None = None,
        note: str = "",
    ) -> Estate:
        geom = _point_geometry(lon, lat)
        if not district.strip():
            raise RetrofitError(ErrorCode.INVALID_VALUE, field=field_words("district"), value=EMPTY)
        check_lengths({"district": district, "street": street, "community": community})
        code = _clean("code", code) if code else None
        values = {
            "name": _clean("name", name),
            "address": _clean("address", address),
            "year_built": _clean("year_built", year_built),
            "stage": _clean("stage", stage),
            "note": _clean("note", note),
            "geom": geom,
        }
        with self.project.write() as db:
            # The next free code is chosen inside the transaction: another program adding
            # an estate in the same district at the same moment cannot take it (issue 9).
            code = code or self.next_code(district)
            self._refuse_taken(db, code)
            values["code"] = code
            d, s, c = ensure_places(db, district, street, community)
            values.update(district_uuid=d, street_uuid=s, community_uuid=c)
            values["geom"] = in_layer_crs(db, "estates", values["geom"])
            uuid = records.insert_row(db, "estates", values, self.project.user)
            if boundary is not None:
                self._write_boundary(db, uuid, boundary)
        return self.get(uuid)

    def update(self, uuid: str, **changes: Any) -> dict[str, Any]:
        """Change fields of an estate; returns the old values of what changed (for undo)."""
        unknown = set(changes) - set(EDITABLE) - set(PLACE_FIELDS) - {"lon", "lat", "boundary"}
        if unknown:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field=",".join(sorted(unknown)), value="?")
        current = self.get(uuid)
        values = {k: _clean(k, v) for k, v in changes.items() if k in EDITABLE}
        self._check_stage(uuid, values.get("stage"), current.stage)
        old: dict[str, Any] = {}
        with self.project.write() as db:
            if "code" in values and values["code"].lower() != current.code.lower():
                self._refuse_taken(db, values["code"])
            if set(PLACE_FIELDS) & set(changes):
                values.update(_places(db, current, changes))
                old.update({f: getattr(current, f) for f in PLACE_FIELDS if f in changes})
            if "lon" in changes or "lat" in changes:
                lon, lat = changes.get("lon", current.lon), changes.get("lat", current.lat)
                values["geom"] = in_layer_crs(db, "estates", _point_geometry(lon, lat))
                old.update(lon=current.lon, lat=current.lat)
            changed = records.update_row(db, "estates", uuid, values, self.project.user)
            old.update({k: v for k, v in changed.items() if k in EDITABLE})
            if "boundary" in changes:
                old["boundary"] = current.boundary
                self._write_boundary(db, uuid, changes["boundary"])
        return old

    def _write_boundary(self, db, estate_uuid: str, boundary: dict[str, Any] | None) -> None:  # noqa: ANN001
        existing = queries.boundary_uuid(db, estate_uuid)
        if boundary is None:
            if existing:
                records.delete_row(db, "estate_boundaries", existing, self.project.user)
            return
        if boundary.get("type") not in ("Polygon", "MultiPolygon"):
            raise RetrofitError(
                ErrorCode.INVALID_VALUE, field=field_words("boundary"), value=boundary.get("type")
            )
        blob = in_layer_crs(db, "estate_boundaries", to_gpkg(boundary))
        if existing:
            records.update_row(
                db, "estate_boundaries", existing, {"geom": blob}, self.project.user, stamp=False
            )
        else:
            records.insert_row(
                db,
                "estate_boundaries",
                {"estate_uuid": estate_uuid, "geom": blob},
                self.project.user,
                stamp=False,
            )

    def delete(self, uuid: str) -> None:
        """Move to the trash; buildings, units and households go with it and come back with it."""
        with self.project.write() as db:
            records.trash_row(db, "estates", uuid, self.project.user)

    def restore(self, uuid: str) -> None:
        with self.project.write() as db:
            records.restore_row(db, "estates", uuid, self.project.user)
