"""Before Qt starts on Linux: the system libraries its xcb plugin needs, and the apt line for missing ones."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

# The Debian package of a shared library, where it is not the library's name with its
# version appended (libxcb-icccm.so.4 -> libxcb-icccm4, libdbus-1.so.3 -> libdbus-1-3).
_PACKAGES = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libGLdispatch.so.0": "libglvnd0",
    "libOpenGL.so.0": "libopengl0",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def qt_folder() -> Path | None:
    """PySide6's Qt folder (plugins, lib), found without importing PySide6."""
    try:
        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


def wants_xcb(environ: dict[str, str] | os._Environ = os.environ) -> bool:
    """Qt will load its xcb plugin: Linux, and QT_QPA_PLATFORM unset or xcb."""
    platform = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    return sys.platform.startswith("linux") and platform in ("", "xcb")


def debian_package(soname: str) -> str:
    """The Debian package that installs `soname` (its usual name, or a known exception)."""
    if soname in _PACKAGES:
        return _PACKAGES[soname]
    stem, _, version = soname.partition(".so.")
    stem = stem.lower()
    version = version.split(".")[0]
    return f"{stem}-{version}" if stem[-1:].isdigit() else f"{stem}{version}"


def missing_libraries(binaries: list[Path]) -> list[str]:
    """The libraries `ldd` cannot find for `binaries`, in the order it lists them, once each."""
    import subprocess

    missing: list[str] = []
    for binary in binaries:
        try:
            listing = subprocess.run(
                ["ldd", str(binary)], capture_output=True, text=True, timeout=30
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        missing += _NOT_FOUND.findall(listing)
    return list(dict.fromkeys(missing))


def loads(plugin: Path) -> bool:
    """Whether the dynamic loader can open `plugin` with everything it links to (cheap when it can)."""
    import ctypes

    try:
        ctypes.CDLL(str(plugin))
    except OSError:
        return False
    return True


def missing_for_window(environ: dict[str, str] | os._Environ = os.environ) -> list[str]:
    """The system libraries missing for Qt's xcb platform; [] when it loads or the check does not apply.

    One dlopen of the plugin when all is well (its libraries load anyway a moment later);
    `ldd` runs only when that fails, to name every missing library at once.
    """
    if not wants_xcb(environ):
        return []
    qt = qt_folder()
    plugin = qt / "plugins" / "platforms" / "libqxcb.so" if qt else None
    if plugin is None or not plugin.is_file() or loads(plugin):
        return []
    binaries = [plugin, *sorted((qt / "lib").glob("libQt6XcbQpa.so*"))[:1]]
    binaries += [qt / "lib" / "libQt6Widgets.so.6"]
    return missing_libraries([path for path in binaries if path.is_file()])


def apt_line(libraries: list[str]) -> str:
    packages = list(dict.fromkeys(debian_package(name) for name in libraries))
    return "sudo apt-get install " + " ".join(packages)


def missing_sentence(libraries: list[str], language: str) -> str:
    """The one sentence saying which libraries are missing and how to install them."""
    from retrofit_app.core.errors import ErrorCode, RetrofitError
    from retrofit_app.core.words import joined

    error = RetrofitError(
        ErrorCode.QT_LIBRARIES_MISSING, libraries=joined(libraries), command=apt_line(libraries)
    )
    return error.sentence(language)


def check_before_qt() -> bool:
    """True when the window can try to start; else the sentence (Chinese, English) is on stderr."""
    libraries = missing_for_window()
    if not libraries:
        return True
    if sys.stderr is not None:
        for language in ("zh", "en"):
            print(missing_sentence(libraries, language), file=sys.stderr)
    return False
