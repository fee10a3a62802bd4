"""Every string the window shows has a Chinese and an English translation, and the .qm files match the .ts."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

ROOT = Path(__file__).resolve().parents[2]
GUI = ROOT / "retrofit_app" / "gui"
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("zh_CN", "en")


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def strings_in_sources() -> set[tuple[str, str]]:
    """(context, source) of every tr(), translate() and QT_TRANSLATE_NOOP() with literal text."""
    found: set[tuple[str, str]] = set()
    for path in GUI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for call in [n for n in ast.walk(cls) if isinstance(n, ast.Call)]:
                func = call.func
                if isinstance(func, ast.Attribute) and func.attr == "tr" and call.args:
                    text = _literal(call.args[0])
                    if text is not None:
                        found.add((cls.name, text))
        for call in [n for n in ast.walk(tree) if isinstance(n, ast.Call)]:
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("translate", "QT_TRANSLATE_NOOP") and len(call.args) >= 2:
                context, text = _literal(call.args[0]), _literal(call.args[1])
                if context is not None and text is not None:
                    found.add((context, text))
    return found


def ts_translations(language: str) -> dict[tuple[str, str], str | None]:
    """(context, source) → the finished translation, or None where it is missing or unfinished."""
    tree = ET.parse(I18N / f"retrofit_app_{language}.ts")
    result: dict[tuple[str, str], str | None] = {}
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            finished = translation is not None and translation.get("type") not in (
                "unfinished",
                "obsolete",
                "vanished",
            )
            text = translation.text if finished and translation is not None else None
            result[(name, message.findtext("source") or "")] = text or None
    return result


def test_the_scan_finds_strings():  # guards the test below against a scanner that finds nothing
    found = strings_in_sources()
    assert (
        ("MainWindow", "打开项目(&O)…") in found
        and ("Tabs", "概况") in found
        and ("Stage", "施工") in found
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_has_a_finished_translation(language: str) -> None:
    table = ts_translations(language)
    missing = sorted(key for key in strings_in_sources() if not table.get(key))
    assert not missing, f"run tools/update_translations.py and translate: {missing}"


def test_chinese_translates_each_string_to_itself():
    assert all(text == source for (_ctx, source), text in ts_translations("zh_CN").items())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_qm_matches_its_ts(qtbot, language: str) -> None:  # noqa: ANN001
    """A .qm older than its .ts gives different answers; compare every message, not mtimes
    (a git checkout does not keep file times)."""
    translator = QTranslator()
    assert translator.load(str(I18N / f"retrofit_app_{language}.qm"))
    stale = [
        (context, source)
        for (context, source), text in ts_translations(language).items()
        if text and translator.translate(context, source) != text
    ]
    assert not stale, f"run tools/update_translations.py: {stale}"


def test_english_really_is_english():
    table = ts_translations("en")
    assert table[("MainWindow", "打开项目(&O)…")] == "&Open Project…"
    assert all(
        text is None or not any("\u4e00" <= ch <= "\u9fff" for ch in text)
        for text in table.values()
    )
