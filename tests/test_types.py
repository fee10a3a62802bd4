"""mypy finds no error in core and the command line (the files and settings in pyproject.toml)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from needs import in_ci

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_error_in_core_and_the_command_line() -> None:
    if importlib.util.find_spec("mypy") is None:
        message = 'needs mypy (pip install ".[test]")'
        if in_ci():
            pytest.fail(f"{message}: missing in CI, where it must be installed", pytrace=False)
        pytest.skip(message)
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--hide-error-context"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, f"mypy:\n{run.stdout}{run.stderr}"
