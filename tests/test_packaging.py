"""The one-folder build's recipe: the data it ships exists, icons, version resource, desktop entry, installer."""

from __future__ import annotations

import ast
import configparser
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))

import bundle_contents as contents  # noqa: E402
import version_info  # noqa: E402

from retrofit_app import __version__  # noqa: E402

ICON_SIZES = (16, 32, 48, 64, 128, 256)


def test_every_data_folder_the_spec_ships_exists():
    missing = [source for source, _target in contents.DATA_FOLDERS if not (ROOT / source).exists()]
    assert not missing


def test_every_resource_folder_is_shipped():
    """A new folder under resources/ that the build leaves out would break only the frozen app."""
    shipped = {Path(source) for source, _target in contents.DATA_FOLDERS}
    folders = {
        path.relative_to(ROOT)
        for path in (ROOT / "resources").iterdir()
        if path.is_dir() and path.name != "__pycache__"
    }
    assert folders and folders <= shipped


def test_data_lands_where_the_app_looks_for_it():
    """core/resources.py imports retrofit_app.resources and retrofit_app.db: both need their
    __init__.py beside the data."""
    entries = {
        (Path(s).relative_to(ROOT).as_posix(), Path(t).as_posix())
        for s, t in contents.data_entries()
    }
    assert ("db/schema.sql", "retrofit_app/db") in entries
    assert ("db/__init__.py", "retrofit_app/db") in entries
    assert ("resources/__init__.py", "retrofit_app/resources") in entries
    assert ("resources/i18n/retrofit_app_en.qm", "retrofit_app/resources/i18n") in entries
    assert ("resources/guide/images/01-map.png", "retrofit_app/resources/guide/images") in entries
    assert ("resources/rules/civil-code-278.json", "retrofit_app/resources/rules") in entries


def test_translation_sources_are_not_shipped():
    sources = [s for s, _t in contents.data_entries()]
    assert not [s for s in sources if s.endswith((".ts", ".pyc"))]


@pytest.mark.parametrize(
    ("destination", "kept"),
    [
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
        ("PySide6/Qt/translations/qtbase_en.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6\\Qt\\translations\\qt_ja.qm", False),
        ("retrofit_app/resources/i18n/retrofit_app_en.qm", True),
        ("reportlab/fonts/Vera.ttf", True),
    ],
)
def test_only_the_two_languages_of_qt_translations_are_kept(destination: str, kept: bool):
    assert contents.keep_data(destination) is kept


def test_the_virtual_keyboard_and_qt_quick_are_left_out_but_not_qt_itself():
    assert not contents.keep_binary(
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so"
    )
    assert not contents.keep_binary("PySide6/Qt/lib/libQt6Quick.so.6")
    assert contents.keep_binary("PySide6/Qt/lib/libQt6Widgets.so.6")
    assert contents.keep_binary("PySide6/Qt/lib/libQt6Pdf.so.6")
    assert contents.keep_binary("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so")


def test_the_spec_is_python_and_uses_the_shared_lists():
    spec = (PACKAGING / "retrofit_app.spec").read_text(encoding="utf-8")
    ast.parse(spec)
    for name in ("data_entries()", "NATIVE_LIBRARIES", "QT_MODULES", "EXCLUDES", "keep_binary",
                 "ENTRY_POINT_PLUGINS", "copy_metadata"):  # fmt: skip
        assert name in spec
    assert (PACKAGING / "retrofit_app_main.py").is_file()


@pytest.mark.parametrize(
    ("version", "numbers"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2", (1, 2, 0, 0)),
        ("1.2.3rc1", (1, 2, 3, 0)),
        ("2.0.1.7.9", (2, 0, 1, 7)),
    ],
)
def test_windows_version_numbers(version: str, numbers: tuple[int, ...]):
    assert version_info.version_tuple(version) == numbers


def test_a_version_that_is_not_one_is_refused():
    with pytest.raises(ValueError):
        version_info.version_tuple("dev")


def test_the_version_resource_follows_the_package_version(tmp_path: Path):
    assert version_info.app_version() == __version__
    path = version_info.write_version_file(tmp_path / "v.txt", "retrofit-app", "老旧小区改造调查")
    text = path.read_text(encoding="utf-8")
    assert f"StringStruct('ProductVersion', '{__version__}')" in text
    # PyInstaller evaluates the file as one Python expression (pefile, needed to load it here,
    # is installed on Windows only): check it parses and carries the four numbers.
    expression = ast.parse(text, mode="eval").body
    assert isinstance(expression, ast.Call) and expression.func.id == "VSVersionInfo"
    assert f"filevers={version_info.version_tuple(__version__)}" in text


def test_icons_come_in_every_size():
    for size in ICON_SIZES:
        with Image.open(PACKAGING / "icons" / f"app-{size}.png") as png:
            assert png.size == (size, size)
    with Image.open(PACKAGING / "icons" / "app.ico") as ico:
        assert set(ico.info["sizes"]) == {(s, s) for s in ICON_SIZES}
    with Image.open(ROOT / "resources" / "icons" / "app.png") as window_icon:
        assert window_icon.size == (256, 256)
    assert b"<svg" in (ROOT / "resources" / "icons" / "app.svg").read_bytes()


def test_desktop_entry_starts_the_program_with_a_chinese_name():
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read(PACKAGING / "retrofit-app.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == contents.APP_NAME
    assert entry["Icon"] == contents.APP_NAME
    assert entry["Name[zh_CN]"] == "老旧小区改造调查"
    assert entry["Categories"].endswith(";")


def test_the_installer_takes_the_built_folder_and_both_programs():
    script = (PACKAGING / "installer.iss").read_text(encoding="utf-8")
    assert f"..\\dist\\{contents.APP_NAME}" in script
    assert f"{contents.APP_NAME}.exe" in script and f"{contents.CLI_NAME}.exe" in script
    assert "ChineseSimplified.isl" in script
    assert "icons\\app.ico" in script and (PACKAGING / "icons" / "app.ico").is_file()


def test_the_build_extra_names_pyinstaller_and_not_the_runtime():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(
        d.lower().startswith("pyinstaller") for d in project["optional-dependencies"]["build"]
    )
    assert not any(d.lower().startswith("pyinstaller") for d in project["dependencies"])


def test_keyrings_backends_ship_with_the_metadata_that_names_them():
    """keyring finds the system's keyring by the entry points in its dist-info (issue 26 point 4):
    the bundle keeps them, and the package named for its backends holds them."""
    import importlib.metadata

    assert contents.ENTRY_POINT_PLUGINS["keyring"] == "keyring.backends"
    named = {e.value.split(":")[0] for e in importlib.metadata.entry_points(group="keyring.backends")}
    assert {"keyring.backends.Windows", "keyring.backends.macOS", "keyring.backends.SecretService"} <= named
    assert contents.keep_data("keyring-25.7.0.dist-info/entry_points.txt")
