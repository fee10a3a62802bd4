"""A photo's links (building, unit, household, checklist, defect): each a live record of its estate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.photos.model import LINK_KINDS, LINKS, Placement, StageTag
from retrofit_app.core.storage import photo_store
from retrofit_app.core.words import Msg

if TYPE_CHECKING:
    from retrofit_app.core.access import ProjectAccess


def check_links(project: ProjectAccess, estate_uuid: str, values: dict[str, Any]) -> None:
    """Every link must point at a live record of the photo's estate."""
    with project.read():
        if not photo_store.live_estate(project.db, estate_uuid):
            raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
        for column, table in LINKS.items():
            target = values.get(column)
            if target and photo_store.estate_of(project.db, table, target) != estate_uuid:
                raise RetrofitError(ErrorCode.PHOTO_WRONG_ESTATE, kind=Msg(LINK_KINDS[table]))


def check_placement(project: ProjectAccess, placement: Placement) -> None:
    """Refuse a bad stage, or links to records of another estate, before any file is read."""
    try:
        StageTag(placement.stage_tag)
    except ValueError as error:
        raise RetrofitError(
            ErrorCode.INVALID_VALUE, field="stage", value=placement.stage_tag
        ) from error
    check_links(project, placement.estate_uuid, placement.columns())
