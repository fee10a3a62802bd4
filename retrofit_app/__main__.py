"""`python -m retrofit_app` and `retrofit-app`: no arguments or `gui [PROJECT]` open the window, anything else is a command."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    # In the frozen Windows build a photo-decoding worker starts this same program;
    # freeze_support() runs it as the worker and exits (a no-op everywhere else).
    import multiprocessing

    multiprocessing.freeze_support()
    args = list(sys.argv[1:] if argv is None else argv)
    # The window opens for no arguments or `gui [PROJECT]` only: anything else is a command,
    # so a mistyped one gets argparse's error (exit 2) instead of a window a script waits on.
    if args and args[0] != "gui":
        from retrofit_app.cli import main as cli_main

        return cli_main(args)
    args = args[1:]
    from retrofit_app.gui.qt_libraries import check_before_qt

    if not check_before_qt():  # a sentence naming the missing libraries, not Qt's abort
        return 1
    from retrofit_app.gui.app import run_app

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
