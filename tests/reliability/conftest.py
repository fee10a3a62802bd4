"""The window fixtures of tests/gui (boxes, context, window) for the reliability tests of the window."""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "gui_fixtures", Path(__file__).resolve().parents[1] / "gui" / "conftest.py"
)
_gui = importlib.util.module_from_spec(_spec)
sys.modules["gui_fixtures"] = _gui  # its dataclass looks its module up there
_spec.loader.exec_module(_gui)
boxes = _gui.boxes
context = _gui.context
window = _gui.window


@pytest.fixture
def own_logging():
    """Undo setup_logging after the test: the root logger is the process's, not the test's."""
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_retrofit_log", False)]:
        root.removeHandler(handler)
        handler.close()
