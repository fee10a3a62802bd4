"""Start the desktop app: translations, the error hook, the first project, the main window."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

# The Qt-free modules the first window needs come before PySide6: once PySide6 is loaded, its
# import hook reads back the source of every module imported after it (PYSIDE-2029), ~0.5 ms
# each. Those marked F401 are imported here only for that place (issue 2, benchmark a).
import retrofit_app.core.estate_overview  # noqa: F401 - gui.estate_tree
import retrofit_app.core.instance_lock  # noqa: F401 - gui.file_watch
import retrofit_app.core.project  # noqa: F401 - gui.main_window, gui.context
from retrofit_app.core.logs import setup_logging
from retrofit_app.core.resources import resources_dir
from retrofit_app.core.settings import Settings

# isort: split
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from retrofit_app.gui.context import AppContext
from retrofit_app.gui.icons import app_icon

if TYPE_CHECKING:
    from retrofit_app.gui.main_window import MainWindow

log = logging.getLogger(__name__)
QUIT_AFTER_SHOW_MS = 1000  # after finish_start_up (icons, field-copy actions) has run


def i18n_folder() -> Path:
    return resources_dir("i18n")


def window_language(settings: Settings) -> str:
    """The window's language: Settings, or RETROFIT_APP_LANG as for the command line."""
    return "en" if settings.lang == "en" else "zh_CN"


def install_translations(app: QApplication, language: str) -> list[QTranslator]:
    """Load Qt's own and our .qm for `language` ("zh_CN" default, "en"); returns them to keep alive."""
    locale = QLocale(QLocale.Language.English if language.startswith("en") else QLocale.Language.Chinese,
                     QLocale.Country.UnitedStates if language.startswith("en") else QLocale.Country.China)  # fmt: skip
    QLocale.setDefault(locale)
    code = "en" if language.startswith("en") else "zh_CN"
    installed = []
    for name, folder in (
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        ("retrofit_app", str(i18n_folder())),
    ):
        translator = QTranslator(app)
        if translator.load(f"{name}_{code}", folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.info("no %s translation for %s in %s", name, code, folder)
    return installed


def install_excepthook(parent: QWidget | None = None, log_path: Path | None = None) -> None:
    """An exception escaping a slot shows a dialog instead of killing the app."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        from retrofit_app.gui.unexpected_error_dialog import show_unexpected_error

        log.error("unexpected error", exc_info=(kind, error, tb))
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        show_unexpected_error(parent or QApplication.activeWindow(), kind, error, tb, log_path)

    sys.excepthook = hook


def first_project(argv: Sequence[str], settings: Settings) -> tuple[Path | None, bool]:
    """The project to open at start: (path, whether it is the demo that may need building)."""
    if argv:
        return Path(argv[0]), False
    if settings.last_project and Path(settings.last_project).is_file():
        return Path(settings.last_project), False
    return settings.default_project_path(), True


def run_app(argv: Sequence[str]) -> int:
    app, window = show_main_window(argv)
    try:
        return app.exec()
    finally:
        window.context.jobs.wait_for_all()
        window.context.set_project(None)


def show_main_window(argv: Sequence[str]) -> tuple[QApplication, MainWindow]:
    """Everything up to the event loop: the window is shown and its first project is opening."""
    from retrofit_app.gui.main_window import MainWindow

    log_path = setup_logging(console=True)  # rotating file in log_dir(), numbers masked (issue 9)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "retrofit-app"])
    app.setApplicationName("retrofit-app")
    settings = Settings.load()
    install_translations(app, window_language(settings))  # children of app: they stay
    app.setApplicationDisplayName(QCoreApplication.translate("App", "老旧小区改造调查"))
    context = AppContext(settings)
    window = MainWindow(context)
    install_excepthook(window, log_path)
    window.show()
    path, is_demo = first_project([a for a in argv if not a.startswith("-")], settings)
    if path is not None:
        if is_demo and not path.exists():
            build_demo_then_open(window, path)
        else:
            window.open_project(path)
    # --- issue 10 hooks (packaging, first run, help): the window icon, the first-run guide,
    # and the packaging smoke test (RETROFIT_APP_QUIT_AFTER_SHOW) that quits once all tabs load.
    app.setWindowIcon(app_icon())
    if os.environ.get("RETROFIT_APP_QUIT_AFTER_SHOW"):
        QTimer.singleShot(QUIT_AFTER_SHOW_MS, window, lambda: quit_after_show(window))
    elif is_demo:
        from retrofit_app.gui.dialogs.first_run_dialog import show_first_run_if_new

        show_first_run_if_new(window, settings)
    # --- end of issue 10 hooks
    return app, window


def build_demo_then_open(window: QWidget, path: Path) -> None:
    """Make the demo project in the background (progress dialog), then open it."""
    from retrofit_app.core.demo import build_demo

    context: AppContext = window.context  # type: ignore[attr-defined]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.with_name(path.name + ".part").unlink(missing_ok=True)  # an older version's leftover

    def work(progress, cancelled):  # noqa: ANN001, ANN202 - runs on a pool thread
        # build_demo writes the file whole or not at all (a scratch file renamed at the end).
        build_demo(path, progress=progress, cancelled=cancelled)
        return None if cancelled() else path

    def done(result: Path | None) -> None:
        if result is not None:
            window.open_project(result)  # type: ignore[attr-defined]

    def failed(error: BaseException) -> None:
        window._on_job_failed(error)  # type: ignore[attr-defined]

    context.jobs.run(QCoreApplication.translate("App", "正在生成示范项目…"), work, done, failed)


def quit_after_show(window: QWidget) -> None:
    """Packaging smoke test (issue 10): build every tab, print what loaded, quit; exit 1 if one failed."""
    from retrofit_app.gui.tabs.registry import PlaceholderTab

    tabs = window.tabs  # type: ignore[attr-defined]
    failed = []
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        widget = window.tab(index)  # type: ignore[attr-defined]
        if isinstance(widget, PlaceholderTab):
            failed.append(widget.message.text())
    loaded = tabs.count() - len(failed)
    if sys.stdout is not None:  # a Windows window program has no console to print to
        print(f"window shown: {window.windowTitle()}; tabs loaded {loaded}/{tabs.count()}")
        print("\n".join(failed), flush=True)
    QApplication.exit(1 if failed else 0)
