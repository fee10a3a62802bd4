"""Sub-commands for map data: import-geojson, export (geojson, csv, xlsx), map-snapshot."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from retrofit_app.cli.output import emit_json
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.geo.estate_table import export_csv, export_xlsx
from retrofit_app.core.geo.geojson_export import export_geojson
from retrofit_app.core.geo.geojson_import import ImportReport, describe_skip, import_geojson
from retrofit_app.core.geo.mbtiles import MBTiles
from retrofit_app.core.geo.snapshot import render_estate_png
from retrofit_app.core.geo.vote_status import VOTE_STATUS_RGB, building_vote_status
from retrofit_app.core.project import Project
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import Msg, say

EXPORTERS = {"geojson": export_geojson, "csv": export_csv, "xlsx": export_xlsx}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-geojson",
        help="从 GeoJSON 导入小区和楼栋 / create or update estates and buildings from GeoJSON",
    )
    p.add_argument("project", type=Path)
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--gcj02",
        action="store_true",
        help="坐标为 GCJ-02（高德、腾讯地图拾取），换算为 WGS-84 / "
        "the coordinates are GCJ-02 (from a Chinese map picker); convert them to WGS-84",
    )
    p.set_defaults(run=run_import_geojson)

    p = sub.add_parser("export", help="导出小区 / export estates as GeoJSON, CSV or XLSX")
    p.add_argument("project", type=Path)
    p.add_argument("--format", required=True, choices=sorted(EXPORTERS))
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(run=run_export)

    p = sub.add_parser("map-snapshot", help="把小区地图存为 PNG / save an estate's map as a PNG")
    p.add_argument("project", type=Path)
    p.add_argument("--estate", required=True, help="小区编号或名称 / estate code or name")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--size", default="1200x800", help="宽x高像素 / WIDTHxHEIGHT pixels")
    p.add_argument("--basemap", type=Path, help="MBTiles 底图 / an MBTiles basemap")
    p.add_argument("--gcj02", action="store_true", help="底图为 GCJ-02 / the basemap uses GCJ-02")
    p.add_argument(
        "--votes",
        action="store_true",
        help="楼栋按意见征询结果着色 / colour buildings by their vote",
    )
    p.set_defaults(run=run_map_snapshot)


def run_import_geojson(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, user=settings.user_name) as project:
        report = import_geojson(project, args.file, gcj02=args.gcj02)
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
        return _status(report)
    print(
        say(
            "cli.geojson_imported",
            lang,
            estates_created=report.estates_created,
            estates_updated=report.estates_updated,
            buildings_created=report.buildings_created,
            buildings_updated=report.buildings_updated,
            skipped=len(report.skipped),
        )
    )
    for skip in report.skipped:
        sys.stderr.write(describe_skip(skip, lang) + "\n")
    return _status(report)


def _status(report: ImportReport) -> int:
    """Like import-photos and import-households: a skipped feature makes the exit status 1."""
    return 1 if report.skipped else 0


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError as error:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="--size", value=text) from error
    if not (100 <= width <= 8000 and 100 <= height <= 8000):
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="--size", value=text)
    return width, height


def run_map_snapshot(args: argparse.Namespace, settings: Settings) -> int:
    size = _size(args.size)
    basemap = MBTiles(args.basemap) if args.basemap else None
    try:
        with Project(args.project, readonly=True) as project:
            estate = project.estates.resolve(args.estate)
            colours = None
            if args.votes:
                status = building_vote_status(project, estate.uuid)
                colours = {b: VOTE_STATUS_RGB[s] for b, s in status.items()}
            png = render_estate_png(
                project,
                estate.uuid,
                size,
                basemap=basemap,
                gcj02=args.gcj02,
                building_colours=colours,
            )
    finally:
        if basemap is not None:
            basemap.close()
    if png is None:
        print(
            say("cli.no_map", settings.lang, name=estate.name),
            file=sys.stderr,
        )
        return 1
    args.out.write_bytes(png)
    print(say("cli.saved", settings.lang, path=args.out))
    return 0


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    exporter = EXPORTERS.get(args.format)
    if exporter is None:
        raise RetrofitError(ErrorCode.UNKNOWN_FORMAT, format=args.format)
    notes: list[Msg] = []
    try:
        with Project(args.project, readonly=True) as project:
            if exporter is export_geojson:
                written = export_geojson(project, args.out, notes)
            else:
                written = exporter(project, args.out)
    except PermissionError as error:
        raise RetrofitError(ErrorCode.CANNOT_WRITE, path=args.out, detail=error.strerror) from error
    for note in notes:  # features left out: a curve, a coordinate system pyproj does not know
        print(say(note, settings.lang, **note.params), file=sys.stderr)
    print(say("cli.exported", settings.lang, count=written, path=args.out))
    return 0
