"""README.md: the two set-up lines say what a fresh machine needs; its commands and links exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from needs import NEEDS

from retrofit_app.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# The libraries Qt's window needs beyond a minimal Debian 12 (issue 27, checked on a fresh root).
WINDOW_PACKAGES = [
    "libglib2.0-0",
    "libegl1",
    "libgl1",
    "libdbus-1-3",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-shape0",
    "fonts-wqy-zenhei",
    "python3-venv",
]


def setup_line(marker: str) -> str:
    """The one line under <!-- setup:MARKER --> (what .ci/fresh_root.sh runs on a fresh root)."""
    found = re.findall(rf"<!-- setup:{marker} -->\s*```[^\n]*\n([^\n]+)\n```", README)
    assert len(found) == 1, f"README.md needs exactly one line under <!-- setup:{marker} -->"
    return found[0]


def apt_packages(line: str) -> set[str]:
    installs = re.findall(r"apt-get install((?: +[-\w.+]+)+)", line)
    return {word for words in installs for word in words.split() if not word.startswith("-")}


def test_the_first_line_installs_the_window_libraries_then_opens_the_window_in_a_venv() -> None:
    line = setup_line("window")
    assert set(WINDOW_PACKAGES) <= apt_packages(line)
    steps = [step.strip() for step in line.split("&&")]
    assert "python3 -m venv .venv" in steps and ".venv/bin/pip install ." in steps
    assert steps[-1] == ".venv/bin/retrofit-app"  # the window, on the demo project


def test_the_second_line_installs_every_tool_a_test_needs_then_runs_the_suite() -> None:
    line = setup_line("tests")
    installed = apt_packages(setup_line("window")) | apt_packages(line)
    needed = {name for _present, packages in NEEDS.values() for name in packages.split()}
    assert needed <= installed, (
        f"tests need these and the README does not install them: {needed - installed}"
    )
    steps = [step.strip() for step in line.split("&&")]
    assert '.venv/bin/pip install ".[test]"' in steps and steps[-1] == ".venv/bin/python -m pytest"


def test_every_command_in_the_readme_exists() -> None:
    table = README.split("## Command line", 1)[1].split("```")[1]
    # "retrofit-app NAME …" (one space: a wider gap is the no-argument line's description)
    named = set(re.findall(r"^retrofit-app ([a-z][a-z-]*)\b", table, re.MULTILINE))
    assert named, "the command table lists no command"
    known = set(COMMANDS) | {"gui"}  # gui: the window, handled before the command line
    assert named <= known, named - known


def test_the_readme_points_only_inside_the_repository() -> None:
    assert "../" not in README
    linked = re.findall(r"\]\(([^)#]+)\)", README)
    mentioned = re.findall(r"`((?:\.ci|packaging|resources|tests|bench|db)/[\w./-]+)`", README)
    missing = [
        path
        for path in linked + mentioned
        if not path.startswith("http") and not (ROOT / path).exists()
    ]
    assert missing == []
    assert "resources/guide/guide_zh.md" in linked and "resources/guide/guide_en.md" in linked


@pytest.mark.parametrize("marker", ["window", "tests"])
def test_each_setup_line_is_one_line_to_copy(marker: str) -> None:
    line = setup_line(marker)
    assert "\\" not in line and "\n" not in line and line.count("sudo ") >= 1
