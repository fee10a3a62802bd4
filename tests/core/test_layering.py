"""The layer boundaries: the import contracts in .importlinter hold, core has no import circle,
and the command line runs without loading Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
LINT = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def test_the_import_contracts_hold():
    """core loads no Qt and neither gui nor cli; gui and cli keep off core.storage; storage
    imports no service; services reach each other only as Project wires them; no circles."""
    result = subprocess.run(
        [sys.executable, "-c", LINT, "--no-cache", "--no-logo", str(ROOT / ".importlinter")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _circles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), imports in functions and
    under TYPE_CHECKING included."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in graph.find_modules_directly_imported_by(module) & modules:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while (top := stack.pop()) != module:
                group.append(top)
            if group:
                found.append(sorted([module, *group]))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_of_core_imports_itself_round_a_circle():
    """Module by module (the contracts check subpackages as wholes): no A → … → A in core."""
    graph = grimp.build_graph("retrofit_app", cache_dir=None)
    core = {m for m in graph.modules if m.startswith("retrofit_app.core")}
    assert _circles(graph, core) == []


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
