"""Sub-commands on photos: import-photos, photos."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from retrofit_app.cli.output import emit_json, emit_table
from retrofit_app.core.photos.model import STAGE_TAG_LABELS, ImportStatus, Placement, StageTag
from retrofit_app.core.project import Project
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import say

STAGES = [str(s) for s in StageTag]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import-photos", help="导入照片文件或文件夹 / import photo files or folders")
    p.add_argument("project", type=Path)
    p.add_argument("--estate", required=True, help="小区编号或名称 / estate code or name")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument(
        "--stage",
        choices=STAGES,
        default="before",
        help="改造前/施工中/改造后 / before, during, after",
    )
    p.add_argument("--caption", default="")
    p.add_argument("--workers", type=int, default=None, help=argparse.SUPPRESS)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_import_photos)

    p = sub.add_parser("photos", help="列出小区的照片 / list an estate's photos")
    p.add_argument("project", type=Path)
    p.add_argument("--estate", required=True)
    p.add_argument("--stage", choices=STAGES)
    p.add_argument("--trash", action="store_true", help="列出回收站中的照片 / list trashed photos")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_photos)


def run_import_photos(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here: Pillow and pillow-heif load only when photos are asked for.
    from retrofit_app.core.photos.service import PhotoService

    with Project(args.project, user=settings.user_name) as project:
        estate = project.estates.resolve(args.estate)
        placement = Placement(estate.uuid, stage_tag=StageTag(args.stage), caption=args.caption)
        results = PhotoService(project).import_files(placement, args.paths, workers=args.workers)
    lang = settings.lang
    documents = [r.to_json(lang) for r in results]
    if args.json:
        emit_json(documents)
    else:
        for doc in documents:
            if doc["error"]:
                sys.stderr.write(doc["error"] + "\n")
            elif doc["warning"]:
                sys.stderr.write(doc["warning"] + "\n")
        counts = {s: sum(1 for r in results if r.status == s) for s in ImportStatus}
        print(
            say(
                "cli.photos_imported",
                lang,
                imported=counts[ImportStatus.IMPORTED],
                duplicate=counts[ImportStatus.DUPLICATE],
                failed=counts[ImportStatus.FAILED],
            )
        )
    return (
        1 if any(r.status in (ImportStatus.FAILED, ImportStatus.CANCELLED) for r in results) else 0
    )


def run_photos(args: argparse.Namespace, settings: Settings) -> int:
    from retrofit_app.core.photos.service import PhotoService

    with Project(args.project, readonly=True) as project:
        estate = project.estates.resolve(args.estate)
        photos = PhotoService(project).list(estate.uuid, stage_tag=args.stage, trashed=args.trash)
    if args.json:
        emit_json(
            [
                {
                    "photo_id": p.uuid, "file_name": p.file_name, "stage": str(p.stage_tag),
                    "caption": p.caption, "taken_at": p.taken_at, "lon": p.lon, "lat": p.lat,
                    "width": p.width, "height": p.height, "camera": p.camera, "sha256": p.sha256,
                    "byte_size": p.byte_size, "building_uuid": p.building_uuid, "unit_uuid": p.unit_uuid,
                    "household_uuid": p.household_uuid, "checklist_uuid": p.checklist_uuid,
                    "item_id": p.item_id, "defect_uuid": p.defect_uuid,
                }
                for p in photos
            ]
        )  # fmt: skip
        return 0
    lang = settings.lang
    header = [
        say(key, lang)
        for key in ("cli.col.file", "col.stage", "cli.col.taken", "cli.col.size", "cli.col.caption")
    ]
    emit_table(
        header,
        [
            [p.file_name, say(STAGE_TAG_LABELS[p.stage_tag], lang), p.taken_at or "",
             f"{p.width}×{p.height}", p.caption]
            for p in photos
        ],
    )  # fmt: skip
    return 0
