"""CONTRIBUTING.md stays true: every path it names in backticks exists in the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "retrofit_app"

_CODE = re.compile(r"```.*?```|`[^`\n]+`", re.S)
_SUFFIXES = "py|md|po|mo|ts|qm|toml|sql|json|spec|iss|sh|cfg|txt|desktop"
_FILE = re.compile(rf"^\.?[\w.*/-]*[\w*]\.(?:{_SUFFIXES})$")
_MODULE = re.compile(r"^retrofit_app(?:\.\w+)+$")


def named_paths(markdown: str) -> list[str]:
    """Paths in code spans and blocks: a word with a slash (not a URL or an option), a file name
    with a known suffix, a dotted retrofit_app module. Placeholders (<name>, …) are not paths."""
    found = []
    for code in _CODE.findall(markdown):
        for word in code.strip("`").split():
            word = word.strip("\"'(),;:")
            if not word or word.startswith("-") or "://" in word or re.search(r"[<>…{}=$]", word):
                continue
            if "/" in word or _FILE.match(word) or _MODULE.match(word):
                found.append(word)
    return found


def exists(word: str, root: Path = ROOT) -> bool:
    """A path from the repository root, or from retrofit_app/ (core/…, gui/…); a module by its file."""
    if _MODULE.match(word):
        base = root / Path(*word.split("."))
        return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()
    for start in (root, root / "retrofit_app"):
        if any(start.glob(word.rstrip("/"))) if "*" in word else (start / word).exists():
            return True
    return False


def missing_paths(markdown: str, root: Path = ROOT) -> list[str]:
    return [word for word in named_paths(markdown) if not exists(word, root)]


def test_every_path_contributing_names_exists() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert len(named_paths(text)) >= 20  # the scan finds the map of the house
    assert missing_paths(text) == []


def test_a_path_that_is_gone_is_reported(tmp_path: Path) -> None:
    (tmp_path / "retrofit_app" / "gui").mkdir(parents=True)
    (tmp_path / "retrofit_app" / "gui" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "core_words.py").write_text("", encoding="utf-8")
    text = (
        'Run `python tools/core_words.py add KEY --zh "中文"` and `python tools/gone.py`.\n'
        "The window is in `gui/` (`retrofit_app.gui`, not `retrofit_app.gui.old_tabs`);\n"
        "```\npython bench/run.py --quick\n```\n"
        "Files `error_dialog.py` and `resources/i18n/core_*.po`; ids like `error.<code>` are not paths.\n"
    )
    assert missing_paths(text, tmp_path) == [
        "tools/gone.py",
        "retrofit_app.gui.old_tabs",
        "bench/run.py",
        "error_dialog.py",
        "resources/i18n/core_*.po",
    ]
