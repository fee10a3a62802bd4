"""Qt's xcb plugin missing a system library: one sentence naming it and the apt line, not Qt's abort."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import retrofit_app.gui.app
from retrofit_app.__main__ import main
from retrofit_app.gui import qt_libraries

REAL_QT = qt_libraries.qt_folder()
REAL_PLUGIN = REAL_QT / "plugins" / "platforms" / "libqxcb.so" if REAL_QT else None
NEEDED = b"libxcb-cursor.so.0\x00"
ABSENT = b"libxcb-zzzzzz.so.0\x00"  # the same length, so the patched plugin stays a valid ELF


@pytest.fixture
def qt_missing_a_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real xcb plugin that needs one library no system has; the real Qt libs beside it."""
    if not (sys.platform.startswith("linux") and REAL_PLUGIN and REAL_PLUGIN.is_file()):
        pytest.skip("Qt's xcb platform plugin is a Linux thing")
    data = REAL_PLUGIN.read_bytes()
    assert NEEDED in data
    qt = tmp_path / "Qt"
    (qt / "plugins" / "platforms").mkdir(parents=True)
    (qt / "lib").symlink_to(REAL_QT / "lib")  # the plugin finds Qt through $ORIGIN/../../lib
    (qt / "plugins" / "platforms" / "libqxcb.so").write_bytes(data.replace(NEEDED, ABSENT))
    monkeypatch.setattr(qt_libraries, "qt_folder", lambda: qt)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    return qt


def test_a_missing_library_is_named_with_the_apt_line_and_the_window_does_not_start(
    qt_missing_a_library: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    def must_not_start(_argv):  # noqa: ANN001, ANN202
        raise AssertionError("Qt was started without its libraries")

    monkeypatch.setattr(retrofit_app.gui.app, "run_app", must_not_start)
    assert main([]) == 1
    zh, en = capsys.readouterr().err.strip().splitlines()
    assert zh.startswith("窗口无法启动") and "libxcb-zzzzzz.so.0" in zh
    assert en.startswith("The window cannot start") and "libxcb-zzzzzz.so.0" in en
    # The apt line installs every library ldd could not find, and nothing is said twice.
    command = en.rsplit(": ", 1)[1]
    assert command.startswith("sudo apt-get install ") and "libxcb-zzzzzz0" in command.split()
    assert zh.endswith(command)
    packages = command.split()[3:]
    assert len(packages) == len(set(packages))


def test_the_check_is_skipped_off_linux_and_for_other_platforms(
    qt_missing_a_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "libxcb-zzzzzz.so.0" in qt_libraries.missing_for_window({"QT_QPA_PLATFORM": "xcb"})
    assert qt_libraries.missing_for_window({"QT_QPA_PLATFORM": "offscreen"}) == []
    assert qt_libraries.missing_for_window({"QT_QPA_PLATFORM": "wayland"}) == []
    monkeypatch.setattr(sys, "platform", "win32")
    assert qt_libraries.missing_for_window({}) == []


def test_a_plugin_that_loads_runs_no_ldd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plugin = tmp_path / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    plugin.parent.mkdir(parents=True)
    plugin.write_bytes(b"")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(qt_libraries, "qt_folder", lambda: tmp_path / "Qt")
    monkeypatch.setattr(qt_libraries, "loads", lambda _plugin: True)
    monkeypatch.setattr(qt_libraries, "missing_libraries", lambda _paths: pytest.fail("ldd ran"))
    assert qt_libraries.missing_for_window({}) == []


@pytest.mark.parametrize(
    ("library", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libxkbcommon.so.0", "libxkbcommon0"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libEGL.so.1", "libegl1"),
        ("libGL.so.1", "libgl1"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libX11.so.6", "libx11-6"),
    ],
)
def test_each_library_maps_to_its_debian_package(library: str, package: str) -> None:
    assert qt_libraries.debian_package(library) == package
