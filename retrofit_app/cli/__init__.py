"""The command line: argparse over the core services. Never imports Qt."""

from __future__ import annotations

import argparse
import difflib
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from retrofit_app import __version__
from retrofit_app.cli.output import fail
from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import say

# The modules that add sub-commands, in the order --help lists them. Each has
# register(sub). A command imports only its own module (and so only the core
# parts it needs): `info` must answer in well under a second.
MODULES = [
    "project_commands",
    "estate_commands",
    "record_commands",
    "consultation_commands",
    "identity_commands",
    "checklist_commands",
    "photo_commands",
    "geo_commands",
    "report_commands",
    "report_proof_commands",
    "acceptance_commands",
    "signature_commands",
    "plan_commands",
    "exchange_commands",
    "server_commands",
    "verify_commands",
]
# Which module registers each command; tests/core/test_cli_registry.py keeps it true.
COMMANDS = {
    "new": "project_commands",
    "demo": "project_commands",
    "info": "project_commands",
    "check": "project_commands",
    "add-estate": "estate_commands",
    "estates": "estate_commands",
    "add-building": "record_commands",
    "add-unit": "record_commands",
    "add-household": "record_commands",
    "vote": "record_commands",
    "review": "record_commands",
    "answer": "record_commands",
    "import-households": "consultation_commands",
    "tally": "consultation_commands",
    "rules": "consultation_commands",
    "identity-questions": "identity_commands",
    "decide-identity": "identity_commands",
    "checklist": "checklist_commands",
    "checklist-export": "checklist_commands",
    "checklist-upgrade": "checklist_commands",
    "checklist-templates": "checklist_commands",
    "checklist-template-import": "checklist_commands",
    "checklist-template-export": "checklist_commands",
    "import-photos": "photo_commands",
    "photos": "photo_commands",
    "import-geojson": "geo_commands",
    "export": "geo_commands",
    "map-snapshot": "geo_commands",
    "report": "report_commands",
    "verify-report": "report_proof_commands",
    "acceptance": "acceptance_commands",
    "signatures": "signature_commands",
    "import-plan": "plan_commands",
    "export-plan": "plan_commands",
    "export-package": "exchange_commands",
    "merge-package": "exchange_commands",
    "conflicts": "exchange_commands",
    "resolve-conflict": "exchange_commands",
    "backups": "exchange_commands",
    "restore-backup": "exchange_commands",
    "server": "server_commands",
    "sync": "server_commands",
    "verify": "verify_commands",
}

log = logging.getLogger(__name__)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for `command` alone when it is known, else for every command (for --help)."""
    parser = argparse.ArgumentParser(
        prog="retrofit-app",
        description="老旧小区改造调查 — old-estate retrofit survey. 不带参数或用 gui [PROJECT] 打开桌面程序 (no arguments, or gui [PROJECT]: open the desktop app).",
    )
    parser.add_argument("--version", action="version", version=f"retrofit-app {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    names = [COMMANDS[command]] if command in COMMANDS else MODULES
    for name in names:
        importlib.import_module(f"retrofit_app.cli.{name}").register(sub)
    return parser


def _unknown_command(name: str) -> str:
    """argparse's complaint, with the nearest command names (both languages: no settings yet)."""
    near = difflib.get_close_matches(name, [*COMMANDS, "gui"], n=3, cutoff=0.5)
    hint = "、".join(near)
    if name.lower().endswith(".gpkg"):
        return f"要在窗口中打开项目，请用：retrofit-app gui {name} / to open a project in the window: retrofit-app gui {name}"
    if near:
        return f"没有命令“{name}”，是否要用 {hint}？ / no command '{name}'; did you mean {', '.join(near)}?"
    return f"没有命令“{name}”（retrofit-app --help 列出全部命令）。 / no command '{name}' (retrofit-app --help lists them)."


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv[0] if argv else None)
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        parser.error(_unknown_command(argv[0]))
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    settings = Settings.load()
    from retrofit_app.core.logs import setup_logging  # reliability hook (issue 9)

    log_path = setup_logging()
    try:
        return int(args.run(args, settings) or 0)
    except KeyboardInterrupt:
        return fail(say("cli.cancelled", settings.lang), status=130)
    except Exception as error:  # noqa: BLE001 - a user sees a sentence, never a traceback
        return fail(_failure(error, settings.lang, log_path))


def _failure(error: Exception, lang: str, log_path: Path | None) -> str:
    """The sentence for a command that failed: our refusal, the system's reason, or (with the
    traceback in the log) an internal error. Called while `error` is being handled."""
    if isinstance(error, RetrofitError):
        return error.sentence(lang)
    if isinstance(error, OSError):
        detail = error.strerror or str(error)
        if not error.filename:
            return detail
        return say("cli.os_error", lang, path=error.filename, detail=detail)
    log.exception("unexpected error")
    # The class name and traceback go to the log, not to the user.
    if log_path:
        return say("cli.internal_error", lang, error=error, log=log_path)
    return say("cli.internal_error_no_log", lang, error=error)


if __name__ == "__main__":
    sys.exit(main())
