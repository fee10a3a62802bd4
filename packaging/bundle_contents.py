"""What the one-folder build ships besides the code: data folders, native libraries, Qt plugins.

Read by packaging/retrofit_app.spec and by tests/test_packaging.py (which checks that
every folder named here exists and every shipped resource folder is named here).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_NAME = "retrofit-app"  # the window program (no console on Windows)
CLI_NAME = "retrofit-app-cli"  # the same program with a console, for the command line on Windows

# (folder in the source tree, where it lands in the bundle). The app finds these through
# retrofit_app/core/resources.py, which imports the packages retrofit_app.resources and
# retrofit_app.db: so they go in whole, __init__.py included, under retrofit_app/.
DATA_FOLDERS: tuple[tuple[str, str], ...] = (
    ("resources/__init__.py", "retrofit_app/resources"),
    ("resources/checklists", "retrofit_app/resources/checklists"),
    ("resources/rules", "retrofit_app/resources/rules"),
    ("resources/standards", "retrofit_app/resources/standards"),
    ("resources/i18n", "retrofit_app/resources/i18n"),
    ("resources/guide", "retrofit_app/resources/guide"),
    ("resources/icons", "retrofit_app/resources/icons"),
    ("db/__init__.py", "retrofit_app/db"),
    ("db/schema.sql", "retrofit_app/db"),
)

# Files in the shipped folders that the program does not read at run time.
EXCLUDED_SUFFIXES = (".ts", ".pyc")

# Third-party data the hooks do not collect by themselves.
PACKAGE_DATA = ("reportlab",)  # its fonts/ folder (Vera, the Type 1 fonts behind renderPM)
NATIVE_LIBRARIES = ("pygeodiff",)  # loaded with ctypes from the package folder
# Packages that find their plug-ins by the entry points in their installed metadata and import
# them by name: the metadata ships, and every module under the plug-ins' package. keyring's
# backends (Windows Credential Manager, macOS Keychain, the Secret Service) keep the district
# server's passwords (issue 26 point 4). PyInstaller's own hook-keyring does the same today;
# named here so the bundle does not rest on it.
ENTRY_POINT_PLUGINS = {"keyring": "keyring.backends"}

# Qt modules used only inside functions or behind the lazy tab loader, named so the
# hooks bring their plugins: platforms, imageformats, iconengines (QtGui, QtSvg),
# printsupport (QtPrintSupport), the PDF view (QtPdf, QtPdfWidgets).
QT_MODULES = (
    "PySide6.QtSvg",
    "PySide6.QtPrintSupport",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
)

# Big packages that are installed on a developer machine but the program does not need.
# numpy stays: shapely (the geometry of the map layers) is built on it.
EXCLUDES = (
    "tkinter",
    "scipy",
    "pandas",
    "matplotlib",
    "IPython",
    "pytest",
    "PyQt5",
    "PyQt6",
    "PySide2",
    # qtawesome's qtpy names every Qt module; this one drags in Qt Quick and QML.
    "PySide6.QtDataVisualization",
    # jsonschema fetches remote schemas with requests; ours are all local. (cryptography stays:
    # pyhanko signs reports with the district's certificate through it, issue 20.)
    "requests",
)

# Shared libraries and plugins to leave out (matched against the bundle path). The Qt
# virtual keyboard plugin alone pulls in Qt Quick and QML (25 MB); Windows tablets have
# their own on-screen keyboard.
DROP_BINARIES = (
    "qtvirtualkeyboardplugin",
    "libQt6VirtualKeyboard",
    "libQt6Quick",
    "libQt6Qml",
    "Qt6VirtualKeyboard",
    "Qt6Quick",
    "Qt6Qml",
)

# Qt's own translations (Cancel, Yes, No …): only the program's two languages.
QT_TRANSLATIONS_KEPT = ("_zh_CN.qm", "_en.qm")


def keep_binary(destination: str) -> bool:
    return not any(part in destination for part in DROP_BINARIES)


def keep_data(destination: str) -> bool:
    """False for Qt translation files of languages the program does not offer."""
    path = destination.replace("\\", "/")
    if "/translations/" not in path or not path.endswith(".qm"):
        return True
    return path.endswith(QT_TRANSLATIONS_KEPT)


def data_entries() -> list[tuple[str, str]]:
    """(source path, destination folder) pairs for PyInstaller's `datas`, file by file."""
    entries = []
    for source, target in DATA_FOLDERS:
        path = ROOT / source
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if file.suffix in EXCLUDED_SUFFIXES or "__pycache__" in file.parts:
                continue
            relative = file.parent.relative_to(path) if path.is_dir() else Path()
            entries.append((str(file), str(Path(target) / relative)))
    return entries
