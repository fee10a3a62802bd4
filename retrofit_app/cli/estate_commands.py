"""Sub-commands on estates: add-estate, estates."""

from __future__ import annotations

import argparse
from pathlib import Path

from retrofit_app.cli.output import emit_json, emit_table
from retrofit_app.core.model import STAGE_LABELS
from retrofit_app.core.project import Project
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("add-estate", help="添加小区，打印其编号 / add an estate, print its code")
    p.add_argument("project", type=Path)
    p.add_argument("--name", required=True)
    p.add_argument("--district", required=True)
    p.add_argument("--street", default="")
    p.add_argument("--community", default="")
    p.add_argument("--address", default="")
    p.add_argument("--code")
    p.add_argument("--year-built", type=int)
    p.add_argument("--lon", type=float)
    p.add_argument("--lat", type=float)
    p.set_defaults(run=run_add_estate)

    p = sub.add_parser("estates", help="列出小区 / list estates")
    p.add_argument("project", type=Path)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_estates)


def run_add_estate(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, user=settings.user_name) as project:
        estate = project.estates.create(
            args.name,
            args.district,
            street=args.street,
            community=args.community,
            code=args.code,
            address=args.address,
            year_built=args.year_built,
            lon=args.lon,
            lat=args.lat,
        )
    print(estate.code)
    return 0


def estate_documents(project: Project) -> list[dict]:
    progress = project.estates.progress_by_estate()
    return [
        {
            "code": e.code,
            "name": e.name,
            "district": e.district,
            "street": e.street,
            "community": e.community,
            "address": e.address,
            "stage": str(e.stage),
            "progress": progress.get(e.uuid, 0.0),
            "lon": e.lon,
            "lat": e.lat,
        }
        for e in project.estates.list()
    ]


def run_estates(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, readonly=True) as project:
        documents = estate_documents(project)
    if args.json:
        emit_json(documents)
        return 0
    lang = settings.lang
    header = [
        say(key, lang)
        for key in (
            "col.code",
            "cli.col.name",
            "cli.col.district",
            "cli.col.street",
            "col.stage",
            "cli.col.progress",
        )
    ]
    emit_table(
        header,
        [
            [d["code"], d["name"], d["district"], d["street"],
             say(STAGE_LABELS[d["stage"]], lang), f"{d['progress']:.0%}"]
            for d in documents
        ],
    )  # fmt: skip
    return 0
