"""The layer boundary: core and the command line never load Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import retrofit_app

PACKAGE = Path(retrofit_app.__file__).parent
FORBIDDEN = ("PySide6", "qtawesome", "qtpy", "shiboken6")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_nothing_under_core_imports_qt():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "core").rglob("*.py")
        if _imports(path) & set(FORBIDDEN)
    ]
    assert offenders == []


def test_command_line_runs_without_loading_qt(tmp_path):
    script = (
        "import sys; from retrofit_app.cli import main; "
        f"main(['new', {str(tmp_path / 'a.gpkg')!r}]); "
        f"main(['info', {str(tmp_path / 'a.gpkg')!r}]); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'qtawesome', 'shiboken6')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
