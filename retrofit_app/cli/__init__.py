"""The command line: argparse over the core services. Never imports Qt."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from retrofit_app import __version__
from retrofit_app.cli import estate_commands, geo_commands, photo_commands, project_commands
from retrofit_app.cli import report_commands
from retrofit_app.cli import consultation_commands
from retrofit_app.cli import exchange_commands
from retrofit_app.cli import checklist_commands
from retrofit_app.cli.output import fail
from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.settings import Settings

# Each module adds its sub-commands; a feature adds its module here.
COMMAND_MODULES = [project_commands, estate_commands]
COMMAND_MODULES.append(geo_commands)
COMMAND_MODULES.append(photo_commands)
COMMAND_MODULES.append(report_commands)
COMMAND_MODULES.append(consultation_commands)
COMMAND_MODULES.append(checklist_commands)
COMMAND_MODULES.append(exchange_commands)

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="retrofit-app",
        description="老旧小区改造调查 — old-estate retrofit survey. 不带命令时打开桌面程序 (no command: open the desktop app).",
    )
    parser.add_argument("--version", action="version", version=f"retrofit-app {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def command_names() -> set[str]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    settings = Settings.load()
    try:
        return int(args.run(args, settings) or 0)
    except RetrofitError as error:
        return fail(error.sentence(settings.lang))
    except KeyboardInterrupt:
        return fail("已取消。" if settings.lang == "zh" else "Cancelled.", status=130)
    except OSError as error:
        detail = error.strerror or str(error)
        where = f"{error.filename}：" if error.filename else ""
        return fail(f"{where}{detail}")
    except Exception as error:  # noqa: BLE001 - a user sees a sentence, never a traceback
        log.exception("unexpected error")
        text = "程序内部错误" if settings.lang == "zh" else "Internal error"
        return fail(f"{text}：{type(error).__name__}: {error}")


if __name__ == "__main__":
    sys.exit(main())
