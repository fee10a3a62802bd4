"""Sub-commands for the district server (issue 26): server init, clone, grant, review; sync."""

from __future__ import annotations

import argparse
from pathlib import Path

from retrofit_app.cli.output import emit_json
from retrofit_app.cli.review_report import add_review_arguments, run_review
from retrofit_app.cli.server_signin import register as register_password
from retrofit_app.cli.server_signin import signing_in
from retrofit_app.core.exchange.conflicts import record_name
from retrofit_app.core.server.access import grant
from retrofit_app.core.server.publish import publish
from retrofit_app.core.server.sync import SyncResult, clone, sync
from retrofit_app.core.server.tables import DEFAULT_SCHEMA
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import say

_URL_HELP = (
    "libpq 连接串或 URI，如 postgresql://用户@主机/数据库 或 'host=/run/pg port=5432 dbname=d'；"
    "密码取自系统钥匙串（server password）、PGPASSWORD 或 ~/.pgpass，或在终端输入 / a libpq "
    "connection string or URI; the password from the system keyring (server password), "
    "PGPASSWORD or ~/.pgpass, or typed at the terminal"
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("server", help="区级服务器（PostgreSQL/PostGIS） / the district server")
    actions = p.add_subparsers(dest="server_action", metavar="ACTION", required=True)

    a = actions.add_parser("init", help="把项目发布到服务器 / publish a project to the server")
    a.add_argument("--db", required=True, help=_URL_HELP)
    a.add_argument(
        "--schema", default=DEFAULT_SCHEMA, help="服务器上的模式名 / the schema on the server"
    )
    a.add_argument("project", type=Path)
    a.add_argument("--json", action="store_true")
    a.set_defaults(run=signing_in(run_init))

    a = actions.add_parser("clone", help="从服务器取得本机副本 / a working copy of the server")
    a.add_argument("--db", required=True, help=_URL_HELP)
    a.add_argument("--schema", default=DEFAULT_SCHEMA)
    a.add_argument("copy", type=Path)
    a.add_argument(
        "--estate",
        action="append",
        help="小区编号或名称，可重复；默认全部 / code or name, repeatable; all by default",
    )
    a.add_argument("--json", action="store_true")
    a.set_defaults(run=signing_in(run_clone))

    a = actions.add_parser(
        "grant", help="让一个数据库用户负责一个区 / let a role work on a district"
    )
    a.add_argument("--db", required=True, help=_URL_HELP)
    a.add_argument("--schema", default=DEFAULT_SCHEMA)
    a.add_argument("--role", required=True, help="PostgreSQL 用户名 / the PostgreSQL role")
    who = a.add_mutually_exclusive_group(required=True)
    who.add_argument("--district", help="区名，如 鼓楼区 / a district's name")
    who.add_argument(
        "--city", action="store_true", help="市级：只读全部区 / the city: reads every district"
    )
    a.set_defaults(run=signing_in(run_grant))

    a = actions.add_parser(
        "upgrade",
        help="把旧版程序建立的服务器升级到本程序的数据结构 / bring the server to this program's schema",
    )
    a.add_argument("--db", required=True, help=_URL_HELP)
    a.add_argument("--schema", default=DEFAULT_SCHEMA)
    a.add_argument("--json", action="store_true")
    a.set_defaults(run=signing_in(run_upgrade))

    a = actions.add_parser(
        "review",
        help="按服务器上的数据做规划评估（半年通报、每年评估、三年总评） / the programme's review "
        "from what the server holds",
    )
    a.add_argument("--db", required=True, help=_URL_HELP)
    a.add_argument("--schema", default=DEFAULT_SCHEMA)
    add_review_arguments(a)
    a.add_argument(
        "--out", required=True, type=Path, help="PDF 或 XLSX 文件 / the PDF or XLSX file"
    )
    a.add_argument("--json", action="store_true")
    a.set_defaults(run=signing_in(run_server_review))

    register_password(actions, _URL_HELP)

    p = sub.add_parser("sync", help="与区级服务器同步 / sync a copy with the district server")
    p.add_argument("project", type=Path)
    p.add_argument(
        "--db", help="换用的连接串（默认用副本记下的） / another address than the copy's own"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=signing_in(run_sync))


def run_init(args: argparse.Namespace, settings: Settings) -> int:
    result = publish(args.project, args.db, schema=args.schema, user=settings.user_name)
    if args.json:
        emit_json(result.as_json())
        return 0
    total = sum(result.rows.values())
    print(say("cli.server_published", settings.lang, server=result.server, schema=result.schema,
              rows=total, seconds=f"{result.seconds:.1f}"))  # fmt: skip
    return 0


def run_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from retrofit_app.core.server.upgrade import upgrade

    result = upgrade(args.db, schema=args.schema)
    if args.json:
        emit_json(result.as_json())
    elif result.found >= result.target:
        print(
            say("cli.server_up_to_date", settings.lang, server=result.server, known=result.target)
        )
    else:
        print(say("cli.server_upgraded", settings.lang, server=result.server, found=result.found,
                  known=result.target, tables=len(result.tables), columns=len(result.columns)))  # fmt: skip
    return 0


def run_server_review(args: argparse.Namespace, settings: Settings) -> int:
    """The review built from a snapshot of the server: every district the role may read (the
    city's role: all), or --district; the same code and figures as `report --kind review`."""
    from retrofit_app.core.reports.options import ReportOptions
    from retrofit_app.core.server.snapshot import server_snapshot

    options = ReportOptions.from_saved(settings.report, language=settings.lang)
    with server_snapshot(args.db, schema=args.schema, user=settings.user_name) as snapshot:
        args.project = snapshot
        return run_review(args, settings, options, snapshot=True)


def run_grant(args: argparse.Namespace, settings: Settings) -> int:
    grant(args.db, args.role, district=None if args.city else args.district, schema=args.schema)
    print(say("cli.server_granted", settings.lang, role=args.role,
              district=args.district or say("cli.server_all_districts", settings.lang)))  # fmt: skip
    return 0


def run_clone(args: argparse.Namespace, settings: Settings) -> int:
    result = clone(
        args.db, args.copy, schema=args.schema, estates=args.estate, user=settings.user_name
    )
    return _said(args, result, "cli.server_cloned", settings)


def run_sync(args: argparse.Namespace, settings: Settings) -> int:
    result = sync(args.project, url=args.db, user=settings.user_name)
    return _said(args, result, "cli.server_synced", settings)


def _said(args: argparse.Namespace, result: SyncResult, words: str, settings: Settings) -> int:
    if args.json:
        emit_json(result.as_json())
        return 0
    pushed = sum(sum(kinds.values()) for kinds in result.pushed.values())
    print(say(words, settings.lang, copy=result.copy, server=result.server,
              revision=result.revision, pushed=pushed, conflicts=len(result.conflicts)))  # fmt: skip
    for c in result.conflicts:  # never silent: each one with both values
        print(say("cli.server_conflict", settings.lang, record=record_name(c.table, c.record_uuid),
                  field=c.field, server_value=_shown(c.office_value), copy_value=_shown(c.field_value)))  # fmt: skip
    return 0


def _shown(value: object) -> str:
    return f"<{len(value)} bytes>" if isinstance(value, bytes) else str(value)
