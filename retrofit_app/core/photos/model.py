"""What the photo services hand out: a photo, where it belongs, and the result of importing a file."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.storage.rows import from_row
from retrofit_app.core.words import N_


class StageTag(StrEnum):
    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


# Catalogue ids: say(STAGE_TAG_LABELS[tag], lang).
STAGE_TAG_LABELS: dict[StageTag, str] = {
    StageTag.BEFORE: N_("photo.before"),
    StageTag.DURING: N_("photo.during"),
    StageTag.AFTER: N_("photo.after"),
}

# Optional links of a photo, and the table each one points into.
LINKS = {
    "building_uuid": "buildings",
    "unit_uuid": "units",
    "household_uuid": "households",
    "checklist_uuid": "checklists",
    "defect_uuid": "defects",
}
# What each linked record is called in a sentence: catalogue ids.
LINK_KINDS = {
    "buildings": N_("link.buildings"),
    "units": N_("link.units"),
    "households": N_("link.households"),
    "checklists": N_("link.checklists"),
    "defects": N_("link.defects"),
}


@dataclass
class Placement:
    """Where imported photos go: an estate, optionally a building, unit, item…; a stage tag; a caption."""

    estate_uuid: str
    stage_tag: StageTag = StageTag.BEFORE
    building_uuid: str | None = None
    unit_uuid: str | None = None
    household_uuid: str | None = None
    checklist_uuid: str | None = None
    item_id: str = ""
    defect_uuid: str | None = None
    caption: str = ""

    def columns(self) -> dict[str, Any]:
        values = dataclasses.asdict(self)
        values["stage_tag"] = str(StageTag(self.stage_tag))
        return values


@dataclass(frozen=True)
class Photo:
    uuid: str
    estate_uuid: str
    sha256: str
    file_name: str
    mime: str
    stage_tag: StageTag
    caption: str
    taken_at: str | None
    lon: float | None
    lat: float | None
    camera: str
    width: int | None
    height: int | None
    byte_size: int
    imported_at: str
    imported_by: str
    building_uuid: str | None = None
    unit_uuid: str | None = None
    household_uuid: str | None = None
    checklist_uuid: str | None = None
    item_id: str = ""
    defect_uuid: str | None = None
    annotation: str = ""  # JSON list of shapes, '' when the photo has none
    deleted_at: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Photo:
        return from_row(cls, row, convert={"stage_tag": StageTag})


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    FAILED = "failed"
    CANCELLED = "cancelled"  # the import stopped before this file


@dataclass(frozen=True)
class ImportResult:
    """One input file's outcome; `to_json` is what `import-photos --json` prints."""

    file: str
    status: ImportStatus
    photo_id: str | None = None
    taken_at: str | None = None
    lon: float | None = None
    lat: float | None = None
    width: int | None = None
    height: int | None = None
    error: RetrofitError | None = None
    warning: RetrofitError | None = None
    suggested_estate: str | None = None  # code of the estate whose boundary holds the GPS position
    duplicate_of: int | None = (
        None  # index of an earlier file of the same batch with the same bytes
    )

    @classmethod
    def from_row(cls, file: str, status: ImportStatus, row: dict[str, Any]) -> ImportResult:
        return from_row(cls, row, columns={"photo_id": "uuid"}, file=file, status=status)

    def as_copy(self, file: str) -> ImportResult:
        """The result for another file of the batch with the same bytes as this one."""
        name = file.replace("\\", "/").rsplit("/", 1)[-1]
        if self.status in (ImportStatus.FAILED, ImportStatus.CANCELLED) and self.error is not None:
            error = RetrofitError(self.error.code, **{**self.error.params, "file": name})
            return dataclasses.replace(
                self, file=file, error=error, warning=None, duplicate_of=None
            )
        return dataclasses.replace(
            self, file=file, status=ImportStatus.DUPLICATE, warning=None, duplicate_of=None
        )

    def to_json(self, language: str = "zh") -> dict[str, Any]:
        return {
            "file": self.file,
            "status": str(self.status),
            "photo_id": self.photo_id,
            "taken_at": self.taken_at,
            "lon": self.lon,
            "lat": self.lat,
            "width": self.width,
            "height": self.height,
            "error": self.error.sentence(language) if self.error else None,
            "error_code": str(self.error.code) if self.error else None,
            "warning": self.warning.sentence(language) if self.warning else None,
            "suggested_estate": self.suggested_estate,
        }
