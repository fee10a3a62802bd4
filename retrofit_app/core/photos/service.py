"""Photos of a project: import, list, place (estate, building, item…), tag, caption, trash, export."""

from __future__ import annotations

import builtins
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.photos.annotation import clean_shapes, draw_annotations
from retrofit_app.core.photos.importer import import_photos
from retrofit_app.core.photos.links import check_links
from retrofit_app.core.photos.model import (
    LINKS,
    ImportResult,
    Photo,
    Placement,
    StageTag,
)
from retrofit_app.core.photos.placement import EstateLocator
from retrofit_app.core.storage import photo_store
from retrofit_app.core.text_limits import check_lengths

if TYPE_CHECKING:
    from retrofit_app.core.access import ProjectAccess

EDITABLE = ("estate_uuid", "stage_tag", "caption", "item_id", *LINKS)


def _clean(field: str, value: Any) -> Any:
    if field == "stage_tag":
        try:
            return str(StageTag(value))
        except ValueError as error:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field="stage", value=value) from error
    if field in ("caption", "item_id"):
        return "" if value is None else str(value).strip()
    return value or None


class PhotoService:
    def __init__(self, project: ProjectAccess) -> None:
        self.project = project

    # ------------------------------------------------------------- importing
    def import_files(
        self,
        placement: Placement,
        paths: Iterable[Path],
        *,
        workers: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[ImportResult]:
        return import_photos(
            self.project, placement, paths, workers=workers, progress=progress, cancelled=cancelled
        )

    # ------------------------------------------------------------- reading
    def ids(
        self,
        estate_uuid: str,
        *,
        stage_tag: str | None = None,
        building_uuid: str | None = None,
        item_id: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        trashed: bool = False,
    ) -> list[str]:
        """The estate's photo ids in gallery order; the filters the gallery offers narrow them."""
        filters = {
            k: v
            for k, v in (
                ("stage_tag", stage_tag),
                ("building_uuid", building_uuid),
                ("item_id", item_id),
            )
            if v
        }
        with self.project.read():
            return photo_store.photo_ids(
                self.project.db,
                estate_uuid,
                filters=filters,
                date_from=date_from,
                date_to=date_to,
                trashed=trashed,
            )

    def filter_choices(self, estate_uuid: str) -> dict[str, list[str]]:
        """{"months": ["2024-03", …], "items": [checklist item ids]} present among the estate's photos."""
        with self.project.read():
            return photo_store.filter_choices(self.project.db, estate_uuid)

    def get(self, uuid: str) -> Photo:
        with self.project.read():
            row = photo_store.photo_row(self.project.db, uuid)
        if row is None:
            raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
        return Photo.from_row(row)

    def many(self, uuids: list[str]) -> list[Photo]:
        with self.project.read():
            return [Photo.from_row(r) for r in photo_store.photo_rows(self.project.db, uuids)]

    def list(self, estate_uuid: str, **filters: Any) -> list[Photo]:
        return self.many(self.ids(estate_uuid, **filters))

    def thumbnail(self, uuid: str) -> bytes:
        return self._bytes(uuid, "thumbnail")

    def print_rendition(self, uuid: str) -> bytes:
        return self._bytes(uuid, "print")

    def original(self, uuid: str) -> bytes:
        return self._bytes(uuid, "original")

    def _bytes(self, uuid: str, kind: str) -> bytes:
        with self.project.read():
            data = photo_store.rendition(self.project.db, uuid, kind)
        if data is None:
            raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
        return data

    def report_rendition(self, uuid: str) -> bytes:
        """What a report prints: the annotated picture when there is one, else the print rendition."""
        with self.project.read():
            data = photo_store.report_rendition(self.project.db, uuid)
        if data is None:
            raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
        return data

    def annotation(self, uuid: str) -> builtins.list[dict[str, Any]]:
        text = self.get(uuid).annotation
        return json.loads(text) if text else []

    def annotate(
        self, uuid: str, shapes: builtins.list[dict[str, Any]]
    ) -> builtins.list[dict[str, Any]]:
        """Save `shapes` over the photo (an empty list removes them); returns the old shapes (for undo)."""
        old = self.annotation(uuid)
        cleaned = clean_shapes(shapes)
        picture = draw_annotations(self.print_rendition(uuid), cleaned) if cleaned else None
        text = json.dumps(cleaned, ensure_ascii=False) if cleaned else ""
        with self.project.write() as db:
            photo_store.update_photo(db, uuid, {"annotation": text}, self.project.user)
            photo_store.set_annotated(db, uuid, picture)
        return old

    def suggested_estate(self, uuid: str) -> str | None:
        """The uuid of the estate whose boundary holds the photo's GPS position, if any."""
        photo = self.get(uuid)
        with self.project.read():
            found = EstateLocator(self.project.db).estate_at(photo.lon, photo.lat)
        return found[0] if found else None

    def partner(self, uuid: str) -> Photo | None:
        """The photo of the same place at the other end of the works: before <-> after.

        Same estate, the other stage (a 'during' photo pairs with 'before'); the best match
        shares the building, then the checklist item, then the longest caption start
        ("1幢北立面（改造前）" ~ "1幢北立面（改造后）"); ties go to the earliest taken.
        """
        photo = self.get(uuid)
        wanted = StageTag.AFTER if photo.stage_tag == StageTag.BEFORE else StageTag.BEFORE
        candidates = self.list(photo.estate_uuid, stage_tag=str(wanted))

        def likeness(other: Photo) -> tuple[bool, bool, int]:
            shared = next((i for i, (a, b) in enumerate(zip(photo.caption, other.caption, strict=False)) if a != b),
                          min(len(photo.caption), len(other.caption)))  # fmt: skip
            return (
                bool(photo.building_uuid) and other.building_uuid == photo.building_uuid,
                bool(photo.item_id) and other.item_id == photo.item_id,
                shared,
            )

        return max(candidates, key=likeness) if candidates else None

    # ------------------------------------------------------------- writing
    def update(self, uuid: str, **changes: Any) -> dict[str, Any]:
        """Place, tag or caption a photo; returns the old values of what changed (for undo)."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field=",".join(sorted(unknown)), value="?")
        values = {k: _clean(k, v) for k, v in changes.items()}
        check_lengths(values)  # the caption
        current = self.get(uuid)
        estate_uuid = values.get("estate_uuid") or current.estate_uuid
        if estate_uuid != current.estate_uuid:
            # Links into the old estate cannot follow the photo to another one.
            for column in LINKS:
                values.setdefault(column, None)
            values.setdefault("item_id", "")
        merged = {c: values.get(c, getattr(current, c)) for c in LINKS}
        check_links(self.project, estate_uuid, merged)
        with self.project.write() as db:
            return photo_store.update_photo(db, uuid, values, self.project.user)

    def delete(self, uuids: str | builtins.list[str]) -> None:
        """Move to the trash, several at once as one action; `restore` undoes it."""
        with self.project.write() as db:
            for uuid in [uuids] if isinstance(uuids, str) else uuids:
                photo_store.trash_photo(db, uuid, self.project.user)

    def restore(self, uuids: str | builtins.list[str]) -> None:
        with self.project.write() as db:
            for uuid in [uuids] if isinstance(uuids, str) else uuids:
                photo_store.restore_photo(db, uuid, self.project.user)

    def export_originals(self, uuids: builtins.list[str], folder: Path) -> builtins.list[Path]:
        """Write the original bytes under their original names; a clash gets ' (2)', ' (3)'…"""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        for photo in self.many(uuids):
            target = _free_name(folder, photo.file_name or f"{photo.uuid}.jpg")
            target.write_bytes(self.original(photo.uuid))
            written.append(target)
        return written


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    number = 2
    while target.exists():
        target = folder / f"{Path(name).stem} ({number}){Path(name).suffix}"
        number += 1
    return target
