"""`python -m retrofit_app` and `retrofit-app`: a command runs the command line, else the window opens."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    # In the frozen Windows build a photo-decoding worker starts this same program;
    # freeze_support() runs it as the worker and exits (a no-op everywhere else).
    import multiprocessing

    multiprocessing.freeze_support()
    args = list(sys.argv[1:] if argv is None else argv)
    from retrofit_app.cli import command_names

    if args and (args[0].startswith("-") or args[0] in command_names()):
        from retrofit_app.cli import main as cli_main

        return cli_main(args)
    from retrofit_app.gui.qt_libraries import check_before_qt

    if not check_before_qt():  # a sentence naming the missing libraries, not Qt's abort
        return 1
    from retrofit_app.gui.app import run_app

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
