"""Sub-commands for map data: import-geojson, export (geojson, csv, xlsx)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from retrofit_app.cli.output import emit_json, say
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.geo.estate_table import export_csv, export_xlsx
from retrofit_app.core.geo.geojson_export import export_geojson
from retrofit_app.core.geo.geojson_import import describe_skip, import_geojson
from retrofit_app.core.project import Project
from retrofit_app.core.settings import Settings

EXPORTERS = {"geojson": export_geojson, "csv": export_csv, "xlsx": export_xlsx}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-geojson",
        help="从 GeoJSON 导入小区和楼栋 / create or update estates and buildings from GeoJSON",
    )
    p.add_argument("project", type=Path)
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_import_geojson)

    p = sub.add_parser("export", help="导出小区 / export estates as GeoJSON, CSV or XLSX")
    p.add_argument("project", type=Path)
    p.add_argument("--format", required=True, choices=sorted(EXPORTERS))
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(run=run_export)


def run_import_geojson(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, user=settings.user_name) as project:
        report = import_geojson(project, args.file)
    lang = settings.lang
    if args.json:
        emit_json(
            {
                "estates_created": report.estates_created,
                "estates_updated": report.estates_updated,
                "buildings_created": report.buildings_created,
                "buildings_updated": report.buildings_updated,
                "skipped": [
                    {
                        "index": s.index,
                        "reason": s.reason,
                        "detail": s.detail,
                        "message": describe_skip(s, lang),
                    }
                    for s in report.skipped
                ],
            }
        )
        return 0
    print(
        say(
            f"小区：新建 {report.estates_created}，更新 {report.estates_updated}；"
            f"楼栋：新建 {report.buildings_created}，更新 {report.buildings_updated}；跳过 {len(report.skipped)}。",
            f"Estates: {report.estates_created} created, {report.estates_updated} updated; "
            f"buildings: {report.buildings_created} created, {report.buildings_updated} updated; "
            f"{len(report.skipped)} skipped.",
            lang,
        )
    )
    for skip in report.skipped:
        sys.stderr.write(describe_skip(skip, lang) + "\n")
    return 0


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    exporter = EXPORTERS.get(args.format)
    if exporter is None:
        raise RetrofitError(ErrorCode.UNKNOWN_FORMAT, format=args.format)
    try:
        with Project(args.project, readonly=True) as project:
            written = exporter(project, args.out)
    except PermissionError as error:
        raise RetrofitError(ErrorCode.CANNOT_WRITE, path=args.out, detail=error.strerror) from error
    print(
        say(
            f"已导出 {written} 项到 {args.out}。",
            f"Exported {written} items to {args.out}.",
            settings.lang,
        )
    )
    return 0
